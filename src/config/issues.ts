/**
 * Problems found in a config, before they get a file position: a path into the document, a
 * message in the "expected X, found Y" form and a hint. Converts zod's issues into these,
 * using the schema itself to find the valid keys (for "did you mean") and the hint of the
 * part that failed.
 */
import type * as z from 'zod';
import { configHints } from './schema/index.ts';
import { retiredKey, retiredValue } from './retired.ts';
import { didYouMean } from './suggest.ts';

export type PathSegment = string | number;
export type Path = PathSegment[];

export interface ConfigIssue {
  path: Path;
  message: string;
  hint?: string;
  /** Point at the key itself (an unknown or invalid key) rather than at its value. */
  at?: 'key';
}

/** `tenants[2].ring`, `isolation.tiers.standard`, `labels["cutover.dev/x"]`. */
export function formatPath(path: readonly PathSegment[]): string {
  let out = '';
  for (const seg of path) {
    if (typeof seg === 'number') out += `[${seg}]`;
    else if (/^[A-Za-z_$][\w$-]*$/.test(seg)) out += out ? `.${seg}` : seg;
    else out += `[${JSON.stringify(seg)}]`;
  }
  return out;
}

export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The value at `path` in plain data, or undefined. */
export function valueAt(root: unknown, path: readonly PathSegment[]): unknown {
  let cur = root;
  for (const seg of path) {
    if (Array.isArray(cur) && typeof seg === 'number') cur = cur[seg];
    else if (isRecord(cur) && typeof seg === 'string' && Object.hasOwn(cur, seg)) cur = cur[seg];
    else return undefined;
  }
  return cur;
}

function truncate(s: string, n = 60): string {
  return s.length > n ? `${s.slice(0, n - 1)}…` : s;
}

/** What a value is, for "found ...": `"abc"`, `8080 (a number)`, `a list`. */
export function describeValue(v: unknown): string {
  if (v === undefined) return 'nothing';
  if (v === null) return 'an empty value';
  if (typeof v === 'string') return v === '' ? 'an empty string' : JSON.stringify(truncate(v));
  if (typeof v === 'number') return `${v} (a number)`;
  if (typeof v === 'boolean') return `${v} (a boolean)`;
  if (Array.isArray(v)) return v.length === 0 ? 'an empty list' : 'a list';
  if (ArrayBuffer.isView(v)) return 'binary data';
  if (isRecord(v)) return Object.keys(v).length === 0 ? 'an empty map' : 'a map';
  return `a ${typeof v}`;
}

const TYPE_WORDS: Record<string, string> = {
  string: 'a string',
  number: 'a number',
  int: 'a whole number',
  boolean: 'true or false',
  object: 'a map of keys and values',
  array: 'a list',
  record: 'a map of keys and values',
  null: 'an empty value',
};

// ---------------------------------------------------------------------------------------
// Schema introspection: zod 4 exposes a schema's definition as `_zod.def`.

type Schema = z.core.$ZodType;
interface Def {
  type: string;
  shape?: Record<string, Schema>;
  element?: Schema;
  valueType?: Schema;
  innerType?: Schema;
  in?: Schema;
  options?: Schema[];
  discriminator?: string;
  values?: unknown[];
  getter?: () => Schema;
}

function defOf(s: Schema): Def {
  return s._zod.def as unknown as Def;
}

/** The schema and the wrappers around it (optional, default, pipe...), outermost first. */
function layers(s: Schema): Schema[] {
  const out: Schema[] = [s];
  let cur = s;
  for (let i = 0; i < 20; i++) {
    const d = defOf(cur);
    const next = d.innerType ?? d.in ?? (d.type === 'lazy' ? d.getter?.() : undefined);
    if (!next) break;
    out.push(next);
    cur = next;
  }
  return out;
}

function core(s: Schema): Schema {
  return layers(s).at(-1)!;
}

/** For a discriminated union, the option the value selects (by its discriminator). */
function selectOption(s: Schema, value: unknown): Schema | undefined {
  const d = defOf(s);
  if (d.type !== 'union' || !d.options) return undefined;
  if (d.discriminator && isRecord(value)) {
    const tag = value[d.discriminator];
    return d.options.find((o) => {
      const lit = defOf(core(o)).shape?.[d.discriminator!];
      return lit !== undefined && defOf(core(lit)).values?.includes(tag);
    });
  }
  return undefined;
}

function step(s: Schema, seg: PathSegment, value: unknown): Schema | undefined {
  let c = core(s);
  const picked = selectOption(c, value);
  if (picked) c = core(picked);
  const d = defOf(c);
  if (d.type === 'object' && typeof seg === 'string') return d.shape?.[seg];
  if (d.type === 'array') return d.element;
  if (d.type === 'record') return d.valueType;
  return undefined;
}

/** The schema that validates the value at `path` (following the data through unions). */
export function schemaAt(
  root: Schema,
  data: unknown,
  path: readonly PathSegment[],
): Schema | undefined {
  let s: Schema | undefined = root;
  for (let i = 0; i < path.length && s; i++) s = step(s, path[i]!, valueAt(data, path.slice(0, i)));
  return s;
}

function hintOf(s: Schema | undefined, value: unknown): string | undefined {
  if (!s) return undefined;
  for (const layer of layers(s)) {
    const h = configHints.get(layer)?.hint;
    if (typeof h === 'string') return h;
    if (typeof h === 'function') {
      const text = h(value);
      if (text) return text;
    }
  }
  return undefined;
}

interface KeyContext {
  keys: string[];
  /** For an option of a discriminated union: which other options have which keys. */
  discriminator?: string;
  others?: { tag: unknown; keys: string[] }[];
}

function keyContext(
  root: Schema,
  data: unknown,
  path: readonly PathSegment[],
): KeyContext | undefined {
  const s = schemaAt(root, data, path);
  if (!s) return undefined;
  const c = core(s);
  const value = valueAt(data, path);
  const d = defOf(c);
  if (d.type === 'union' && d.discriminator && d.options) {
    const picked = selectOption(c, value);
    if (!picked) return undefined;
    const disc = d.discriminator;
    return {
      keys: Object.keys(defOf(core(picked)).shape ?? {}),
      discriminator: disc,
      others: d.options
        .filter((o) => o !== picked)
        .map((o) => {
          const shape = defOf(core(o)).shape ?? {};
          return { tag: defOf(core(shape[disc]!)).values?.[0], keys: Object.keys(shape) };
        }),
    };
  }
  if (d.type === 'object') return { keys: Object.keys(d.shape ?? {}) };
  return undefined;
}

function unknownKeyHint(key: string, ctx: KeyContext | undefined): string | undefined {
  if (!ctx) return undefined;
  const owner = ctx.others?.find((o) => o.keys.includes(key));
  if (owner && ctx.discriminator) {
    return `\`${key}\` belongs with ${ctx.discriminator} \`${String(owner.tag)}\``;
  }
  return (
    didYouMean(key, ctx.keys) ?? `the keys here are ${ctx.keys.map((k) => `\`${k}\``).join(', ')}`
  );
}

// ---------------------------------------------------------------------------------------

/** The message zod gave, when it is one of ours ("expected ..."), else undefined. */
function own(message: string | undefined): string | undefined {
  return message && /^expected /.test(message) ? message : undefined;
}

function found(message: string, value: unknown): string {
  return /, found /.test(message) ? message : `${message}, found ${describeValue(value)}`;
}

function genericTypeHint(expected: string, value: unknown): string | undefined {
  if (value === null && (expected === 'object' || expected === 'array' || expected === 'record')) {
    return 'the key has no value: indent its entries under it, or remove the key';
  }
  if (expected === 'array' && isRecord(value))
    return 'write a list: each entry on its own line starting with `- `';
  if (expected === 'string' && (typeof value === 'number' || typeof value === 'boolean')) {
    return `quote it, so YAML reads it as text: "${String(value)}"`;
  }
  if ((expected === 'number' || expected === 'int') && typeof value === 'string') {
    if (value.trim() !== '' && !Number.isNaN(Number(value)))
      return `remove the quotes: ${value.trim()}`;
  }
  return undefined;
}

function listOf(values: readonly unknown[]): string {
  const parts = values.map((v) => (typeof v === 'string' ? `\`${v}\`` : String(v)));
  return parts.length === 1 ? parts[0]! : `one of ${parts.join(', ')}`;
}

function lengthWord(n: number | bigint, origin: string): string {
  if (origin === 'string') return `${n} character${n === 1 ? '' : 's'}`;
  if (origin === 'array') return `${n} item${n === 1 ? '' : 's'}`;
  return String(n);
}

function sizeOf(value: unknown, origin: string): string {
  if (origin === 'string' && typeof value === 'string') return lengthWord(value.length, origin);
  if (origin === 'array' && Array.isArray(value)) {
    return value.length === 0 ? 'none' : lengthWord(value.length, origin);
  }
  return describeValue(value);
}

/** zod's issues of one parse as config issues. */
export function fromZodIssues(
  issues: readonly z.core.$ZodIssue[],
  root: Schema,
  data: unknown,
): ConfigIssue[] {
  const out: ConfigIssue[] = [];
  for (const issue of issues) {
    const path = issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p)) as Path;
    out.push(...convert(issue, path, root, data));
  }
  return out;
}

function convert(issue: z.core.$ZodIssue, path: Path, root: Schema, data: unknown): ConfigIssue[] {
  const value = valueAt(data, path);
  const schema = schemaAt(root, data, path);
  const key = path.at(-1);
  const missing = value === undefined && typeof key === 'string' && !hasKey(data, path);
  const hint = () => hintOf(schema, value);

  switch (issue.code) {
    case 'unrecognized_keys': {
      const ctx = keyContext(root, data, path);
      return issue.keys.map((k) => {
        const retired = retiredKey([...path, k]);
        return {
          path: [...path, k],
          message: retired?.message ?? `unknown key \`${k}\``,
          hint: retired?.hint ?? unknownKeyHint(k, ctx),
          at: 'key' as const,
        };
      });
    }
    case 'invalid_type': {
      const expected =
        own(issue.message) ?? `expected ${TYPE_WORDS[issue.expected] ?? issue.expected}`;
      if (missing) {
        return [{ path, message: `missing required key \`${key}\` (${expected})`, hint: hint() }];
      }
      return [
        {
          path,
          message: found(expected, value),
          hint: hint() ?? genericTypeHint(issue.expected, value),
        },
      ];
    }
    case 'too_small':
    case 'too_big': {
      const bound = issue.code === 'too_small' ? issue.minimum : issue.maximum;
      const word =
        issue.code === 'too_small'
          ? issue.inclusive === false
            ? 'more than'
            : 'at least'
          : issue.inclusive === false
            ? 'less than'
            : 'at most';
      const expected = own(issue.message) ?? `expected ${word} ${lengthWord(bound, issue.origin)}`;
      return [{ path, message: `${expected}, found ${sizeOf(value, issue.origin)}`, hint: hint() }];
    }
    case 'invalid_value': {
      const expected = own(issue.message) ?? `expected ${listOf(issue.values)}`;
      const strings = issue.values.filter((v): v is string => typeof v === 'string');
      const suggestion = typeof value === 'string' ? didYouMean(value, strings) : undefined;
      if (missing) {
        return [{ path, message: `missing required key \`${key}\` (${expected})`, hint: hint() }];
      }
      return [{ path, message: found(expected, value), hint: suggestion ?? hint() }];
    }
    case 'invalid_union': {
      if (issue.discriminator !== undefined) {
        const retired = typeof value === 'string' ? retiredValue(path, value) : undefined;
        if (retired) return [{ path, message: retired.message, hint: retired.hint }];
        // An optional discriminator (routing's default method) is listed as undefined: drop it.
        const options = ((issue as { options?: unknown[] }).options ?? []).filter((o) => o != null);
        const expected = `expected ${listOf(options)}`;
        if (missing) {
          return [{ path, message: `missing required key \`${key}\` (${expected})` }];
        }
        const strings = options.filter((v): v is string => typeof v === 'string');
        const suggestion = typeof value === 'string' ? didYouMean(value, strings) : undefined;
        return [{ path, message: found(expected, value), hint: suggestion }];
      }
      const expected = own(issue.message) ?? 'expected a value of another form';
      if (missing)
        return [{ path, message: `missing required key \`${key}\` (${expected})`, hint: hint() }];
      return [{ path, message: found(expected, value), hint: hint() }];
    }
    case 'invalid_key': {
      const inner = issue.issues.map((i) => own(i.message)).find((m) => m !== undefined);
      return [
        {
          path,
          message: found(inner ?? 'expected a valid key', key),
          hint: keyHint(issue.issues, key, schemaAt(root, data, path.slice(0, -1))),
          at: 'key',
        },
      ];
    }
    case 'invalid_format': {
      const expected = own(issue.message) ?? `expected a valid ${issue.format}`;
      return [{ path, message: found(expected, value), hint: hint() }];
    }
    case 'custom': {
      const params = (issue as { params?: { hint?: string } }).params;
      const message = own(issue.message) ? found(issue.message, value) : issue.message;
      return [{ path, message, hint: params?.hint ?? hint() }];
    }
    default:
      return [{ path, message: issue.message, hint: hint() }];
  }
}

function keyHint(
  inner: readonly z.core.$ZodIssue[],
  key: unknown,
  record: Schema | undefined,
): string | undefined {
  for (const i of inner) {
    const h = (i as { params?: { hint?: string } }).params?.hint;
    if (h) return h;
  }
  const keyType = record ? (defOf(core(record)) as Def & { keyType?: Schema }).keyType : undefined;
  return hintOf(keyType, key);
}

function hasKey(data: unknown, path: Path): boolean {
  const parent = valueAt(data, path.slice(0, -1));
  const key = path.at(-1);
  if (isRecord(parent) && typeof key === 'string') return Object.hasOwn(parent, key);
  if (Array.isArray(parent) && typeof key === 'number') return key < parent.length;
  return false;
}
