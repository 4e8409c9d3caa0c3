/**
 * Reads cutover.yaml: YAML with positions, the schema, the cross-field checks. Every problem
 * becomes one detail of a single `CutoverError`, with the field path, an "expected X, found Y"
 * message, a hint, and the file:line:column of the offending node: the key itself for an
 * unknown key, the parent map for a missing key, the value otherwise.
 */
import { readFile } from 'node:fs/promises';
import {
  LineCounter,
  isAlias,
  isMap,
  isPair,
  isScalar,
  isSeq,
  parseDocument,
  visit,
  type Document,
  type Node as YamlNode,
  type Pair,
  type YAMLMap,
} from 'yaml';
import { CutoverError, type ErrorDetail, type SourceLocation } from '../errors.ts';
import { crossChecks } from './checks.ts';
import {
  formatPath,
  fromZodIssues,
  isRecord,
  type ConfigIssue,
  type PathSegment,
} from './issues.ts';
import { cutoverConfigSchema, type CutoverConfig } from './schema/index.ts';

export interface Position {
  line: number; // 1-based
  column: number; // 1-based
}

export interface LoadedConfig {
  config: CutoverConfig;
  file: string;
  /**
   * Where a field is in the file, e.g. `locate(['tenants', 2, 'ring'])`. A path that leads
   * nowhere gives the position of the deepest part that exists.
   */
  locate(path: readonly PathSegment[]): Position;
}

/** More details than this and the rest are summed up in one line. */
const MAX_DETAILS = 100;
/** Aliases a document may expand, against "billion laughs" documents. */
const MAX_ALIAS_COUNT = 1000;

export async function loadConfig(file: string): Promise<LoadedConfig> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    throw readError(file, e);
  }
  return parseConfig(text, file);
}

function readError(file: string, e: unknown): CutoverError {
  const code = (e as { code?: string }).code;
  const location = { file, line: 1, column: 1 };
  if (code === 'ENOENT') {
    return new CutoverError('CONFIG_NOT_FOUND', `${file}: no such file`, {
      hint: 'create it (examples/cutover.yaml is a start), or give its path with `--config` (CLI) or the `config` input (action)',
      cause: e,
    });
  }
  if (code === 'EISDIR') {
    return new CutoverError('CONFIG_NOT_FOUND', `${file} is a directory, not a config file`, {
      hint: 'give the path of the cutover.yaml inside it',
      cause: e,
      details: [{ message: 'expected a file, found a directory', location }],
    });
  }
  return new CutoverError(
    'CONFIG_NOT_FOUND',
    `${file}: cannot read it (${e instanceof Error ? e.message : String(e)})`,
    { hint: 'check that the file exists and is readable', cause: e },
  );
}

/** Parses and validates the text of a config; `file` names it in errors. */
export function parseConfig(text: string, file: string): LoadedConfig {
  try {
    return parse(text, file);
  } catch (e) {
    if (e instanceof CutoverError) throw e;
    // The YAML library or the schema failed in a way not foreseen: still a config problem.
    const reason = e instanceof Error ? e.message : String(e);
    throw new CutoverError('CONFIG_PARSE', `${file}: could not read the YAML: ${reason}`, {
      cause: e,
      details: [{ message: reason, location: { file, line: 1, column: 1 } }],
    });
  }
}

function parse(text: string, file: string): LoadedConfig {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, {
    lineCounter,
    prettyErrors: false,
    stringKeys: true,
    merge: true,
    uniqueKeys: true,
  });
  const position = (offset: number): Position => {
    const { line, col } = lineCounter.linePos(offset);
    return { line, column: col };
  };
  const at = (offset: number): SourceLocation => ({ file, ...position(offset) });

  const syntax = yamlProblems(doc, text, at);
  if (syntax.length > 0) {
    throw new CutoverError('CONFIG_PARSE', `${file}: ${plural(syntax.length, 'YAML error')}`, {
      hint: 'fix the YAML first; the settings are checked once it parses',
      details: cap(syntax),
    });
  }

  const locate = locator(doc, position);
  const contents = doc.contents;
  if (contents === null || (isScalar(contents) && contents.value === null)) {
    throw invalid(file, [
      {
        message:
          'expected a map of settings (version, app, image, rings, tenants, ...), found an empty document',
        hint: 'start from examples/minimal.yaml',
        location: { file, line: 1, column: 1 },
      },
    ]);
  }

  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (e) {
    const reason = e instanceof Error ? e.message : String(e);
    throw new CutoverError('CONFIG_PARSE', `${file}: ${reason}`, {
      hint: 'aliases (`*name`) must refer to an anchor (`&name`) defined before them, a bounded number of times',
      cause: e,
      details: [{ message: reason, location: at(contents.range?.[0] ?? 0) }],
    });
  }
  if (!isRecord(data)) {
    throw invalid(file, [
      {
        message: `expected a map of settings (version, app, image, ...) at the top level, found ${Array.isArray(data) ? 'a list' : `a single value (${typeof data})`}`,
        hint: 'the file is a YAML map: `version: 1`, then `app:`, `image:` and so on, each at the start of a line',
        location: { file, ...locate([]) },
      },
    ]);
  }

  const issues: ConfigIssue[] = [];
  const result = cutoverConfigSchema.safeParse(data);
  if (!result.success)
    issues.push(...fromZodIssues(result.error.issues, cutoverConfigSchema, data));
  issues.push(...crossChecks(data));
  if (issues.length > 0 || !result.success) {
    throw invalid(file, toDetails(issues, file, locate));
  }
  return { config: result.data, file, locate: (path) => locate(path) };
}

function plural(n: number, what: string): string {
  return `${n} ${what}${n === 1 ? '' : 's'}`;
}

function invalid(file: string, details: ErrorDetail[]): CutoverError {
  return new CutoverError(
    'CONFIG_INVALID',
    `${file} is not a valid cutover config: ${plural(details.length, 'problem')}`,
    { details },
  );
}

function cap(details: ErrorDetail[]): ErrorDetail[] {
  if (details.length <= MAX_DETAILS) return details;
  const rest = details.length - MAX_DETAILS;
  return [...details.slice(0, MAX_DETAILS), { message: `… and ${plural(rest, 'more problem')}` }];
}

type Locate = (path: readonly PathSegment[], preferKey?: boolean) => Position;

function toDetails(issues: ConfigIssue[], file: string, locate: Locate): ErrorDetail[] {
  const seen = new Set<string>();
  const details: ErrorDetail[] = [];
  for (const issue of issues) {
    const path = formatPath(issue.path);
    const id = `${path}\u0000${issue.message}`;
    if (seen.has(id)) continue;
    seen.add(id);
    details.push({
      ...(path ? { path } : {}),
      message: issue.message,
      ...(issue.hint ? { hint: issue.hint } : {}),
      location: { file, ...locate(issue.path, issue.at === 'key') },
    });
  }
  details.sort(
    (a, b) => a.location!.line - b.location!.line || a.location!.column - b.location!.column,
  );
  return cap(details);
}

// ---------------------------------------------------------------------------------------
// YAML-level problems: syntax errors, duplicate keys, several documents, unknown tags,
// aliases without or inside their anchor.

function yamlProblems(
  doc: Document.Parsed,
  text: string,
  at: (offset: number) => SourceLocation,
): ErrorDetail[] {
  const details: ErrorDetail[] = [];
  for (const e of [...doc.errors, ...doc.warnings]) {
    const offset = e.pos[0];
    const location = at(offset);
    switch (e.code) {
      case 'DUPLICATE_KEY': {
        const key = /^[^\n:]*/.exec(text.slice(offset, offset + 80))?.[0]?.trim() ?? '';
        details.push({
          message: `duplicate key${key ? ` \`${key}\`` : ''}: this map already has it`,
          hint: 'YAML keeps one value per key; remove one of them or merge their contents',
          location,
        });
        break;
      }
      case 'MULTIPLE_DOCS':
        details.push({
          message: 'expected one YAML document, found several (a `---` line starts another)',
          hint: 'cutover.yaml is a single document: remove the extra `---` and merge what follows it',
          location,
        });
        break;
      case 'TAG_RESOLVE_FAILED':
        details.push({
          message: `${e.message}: cutover.yaml uses plain YAML values`,
          hint: 'remove the `!tag`; custom tags are not evaluated',
          location,
        });
        break;
      case 'NON_STRING_KEY':
        details.push({
          message: 'expected a plain key, found a list or map used as a key',
          hint: 'keys are names like `replicas`; a `?` line or `[...]: ...` makes a complex key',
          location,
        });
        break;
      default:
        details.push({ message: e.message, location });
    }
  }
  if (details.length > 0) return details;

  visit(doc, {
    Alias(_, node, path) {
      const target = node.resolve(doc);
      if (!target) {
        details.push({
          message: `unknown alias \`*${node.source}\`: no anchor \`&${node.source}\` before it`,
          hint: 'define the anchor (`&name`) before the alias that uses it',
          location: at(node.range?.[0] ?? 0),
        });
      } else if (path.some((ancestor) => ancestor === target)) {
        details.push({
          message: `alias \`*${node.source}\` is inside its own anchor, which would make an endless value`,
          hint: 'an alias may only refer to a value that does not contain it',
          location: at(node.range?.[0] ?? 0),
        });
      }
    },
  });
  return details;
}

// ---------------------------------------------------------------------------------------
// Positions of paths in the document.

function locator(doc: Document.Parsed, position: (offset: number) => Position): Locate {
  const resolve = (node: unknown): unknown => {
    let n = node;
    for (let i = 0; i < 50 && isAlias(n); i++) n = n.resolve(doc);
    return n;
  };
  const start = (node: unknown): number | undefined =>
    (node as YamlNode | null | undefined)?.range?.[0];

  /** The pair of `key` in a map, looking into merged maps (`<<: *base`) too. */
  const findPair = (map: YAMLMap, key: string, depth = 0): Pair | undefined => {
    const pairs = map.items.filter(isPair);
    const own = pairs.find((p) => isScalar(p.key) && String(p.key.value) === key);
    if (own || depth > 10) return own;
    for (const p of pairs) {
      if (!isScalar(p.key) || p.key.value !== '<<') continue;
      const source = resolve(p.value);
      const maps = isSeq(source) ? source.items.map(resolve) : [source];
      for (const m of maps) {
        if (!isMap(m)) continue;
        const found = findPair(m, key, depth + 1);
        if (found) return found;
      }
    }
    return undefined;
  };

  return (path, preferKey = false) => {
    let node: unknown = doc.contents;
    let best = start(node) ?? 0;
    for (let i = 0; i < path.length; i++) {
      const seg = path[i]!;
      const n = resolve(node);
      let next: unknown;
      let key: unknown;
      if (isMap(n) && typeof seg === 'string') {
        const pair = findPair(n, seg);
        if (!pair) break;
        next = pair.value;
        key = pair.key;
      } else if (isSeq(n) && typeof seg === 'number') {
        next = n.items[seg];
        if (next === undefined) break;
      } else {
        break;
      }
      const last = i === path.length - 1;
      const emptyValue =
        next === null ||
        (isScalar(next) && next.value === null && next.range?.[0] === next.range?.[1]);
      const keyStart = start(key);
      if (keyStart !== undefined && ((last && preferKey) || emptyValue)) best = keyStart;
      else if ((isScalar(next) || isAlias(next)) && start(next) !== undefined) best = start(next)!;
      else best = keyStart ?? start(next) ?? best;
      node = next;
    }
    return position(best);
  };
}
