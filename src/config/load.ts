/**
 * Reads cutover.yaml: YAML with positions, the schema, the cross-field checks. Every problem
 * becomes one detail of a single `CutoverError`, with the field path, an "expected X, found Y"
 * message, a hint, and the file:line:column of the offending node: the key itself for an
 * unknown key, the parent map for a missing key, the value otherwise.
 *
 * With an environment (`environments.<name>`), its overlay is merged onto the parsed
 * document first (./environments.ts), and each problem is placed where its value was
 * written: in the overlay, or at the top level it kept.
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
  applyEnvironment,
  environmentNames,
  sharedKeyIssue,
  unknownEnvironment,
  type Overlaid,
} from './environments.ts';
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
   * nowhere gives the position of the deepest part that exists. With an environment, a
   * field it sets is found in its overlay.
   */
  locate(path: readonly PathSegment[]): Position;
  /** The environment applied; undefined for the file as written. */
  environment?: LoadedEnvironment;
}

export interface LoadedEnvironment {
  name: string;
  /** The kube context of its cluster: the default of the stages' `context` input. */
  context?: string;
  /** The URL template GitHub shows for its deployments. */
  url?: string;
}

export interface LoadOptions {
  /** A name from the file's `environments`, applied before the checks. Empty: none. */
  environment?: string | undefined;
}

/** The file as written and with each environment applied (`cutover validate`). */
export interface EveryEnvironment {
  base: LoadedConfig;
  environments: (LoadedConfig & { environment: LoadedEnvironment })[];
}

/** More details than this and the rest are summed up in one line. */
const MAX_DETAILS = 100;
/** Aliases a document may expand, against "billion laughs" documents. */
const MAX_ALIAS_COUNT = 1000;

export async function loadConfig(file: string, options: LoadOptions = {}): Promise<LoadedConfig> {
  return parseConfig(await readText(file), file, options);
}

/**
 * Checks the file as written and with each of its environments, and throws one error with
 * every problem: an environment's prefixed with its name, and only those the file as written
 * does not have already (a bad `app.name` that no environment changes is reported once).
 */
export async function loadEveryEnvironment(file: string): Promise<EveryEnvironment> {
  return parseEveryEnvironment(await readText(file), file);
}

async function readText(file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (e) {
    throw readError(file, e);
  }
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
export function parseConfig(text: string, file: string, options: LoadOptions = {}): LoadedConfig {
  return guarded(file, () => {
    const doc = readDocument(text, file);
    const environment = options.environment || undefined;
    if (environment) {
      const unknown = unknownEnvironment(doc.data, environment, {
        file,
        ...doc.locate(['environments']),
      });
      if (unknown) throw unknown;
    }
    const checked = check(doc, environment);
    if (!checked.loaded) throw invalid(file, prefixed(checked.details, environment), environment);
    return checked.loaded;
  });
}

/** `loadEveryEnvironment` on the text of a config. */
export function parseEveryEnvironment(text: string, file: string): EveryEnvironment {
  return guarded(file, () => {
    const doc = readDocument(text, file);
    const base = check(doc);
    const seen = new Set(base.details.map(detailKey));
    const envs = environmentNames(doc.data).map((name) => {
      const checked = check(doc, name);
      const own = checked.details.filter((d) => !seen.has(detailKey(d)));
      return { name, ...checked, own: prefixed(own, name) };
    });
    const details = [...base.details, ...envs.flatMap((e) => e.own)];
    if (details.length > 0 || !base.loaded || envs.some((e) => !e.loaded)) {
      const counts = [
        ...(base.details.length ? [`${base.details.length} in the file as written`] : []),
        ...envs
          .filter((e) => e.own.length > 0)
          .map((e) => `${e.own.length} in environment \`${e.name}\``),
      ];
      throw new CutoverError(
        'CONFIG_INVALID',
        `${file} is not a valid cutover config: ${plural(details.length, 'problem')} (${counts.join(', ')})`,
        { details: cap(details) },
      );
    }
    return {
      base: base.loaded,
      environments: envs.map((e) => e.loaded as LoadedConfig & { environment: LoadedEnvironment }),
    };
  });
}

/** Turns a failure not foreseen (of the YAML library or the schema) into a config error. */
function guarded<T>(file: string, body: () => T): T {
  try {
    return body();
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

interface ParsedDocument {
  file: string;
  data: Record<string, unknown>;
  locate: Locate;
}

/** The YAML of a config as plain data with positions; YAML problems are thrown. */
function readDocument(text: string, file: string): ParsedDocument {
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

  return { file, data, locate };
}

/** The config, or its problems: the schema and cross-field checks, with an environment applied. */
function check(
  doc: ParsedDocument,
  environment?: string,
): { loaded?: LoadedConfig; details: ErrorDetail[] } {
  const overlaid: Overlaid | undefined = environment
    ? applyEnvironment(doc.data, environment)
    : undefined;
  const data = overlaid?.data ?? doc.data;
  const place = (path: readonly PathSegment[]) => (overlaid ? overlaid.sourceOf([...path]) : path);
  const issues: ConfigIssue[] = [];
  const result = cutoverConfigSchema.safeParse(data);
  if (!result.success)
    issues.push(...fromZodIssues(result.error.issues, cutoverConfigSchema, data));
  issues.push(...crossChecks(data));
  if (issues.length > 0 || !result.success) {
    const placed = issues.map((i) => ({ ...sharedKeyIssue(i), path: [...place(i.path)] }));
    return { details: toDetails(placed, doc.file, doc.locate) };
  }
  const config = result.data;
  const loaded: LoadedConfig = {
    config,
    file: doc.file,
    locate: (path) => doc.locate(place(path)),
  };
  if (environment) {
    const { context, url } = config.environments?.[environment] ?? {};
    loaded.environment = {
      name: environment,
      ...(context ? { context } : {}),
      ...(url ? { url } : {}),
    };
  }
  return { loaded, details: [] };
}

/** An environment's problems say which environment: the same line can fail in one only. */
function prefixed(details: ErrorDetail[], environment: string | undefined): ErrorDetail[] {
  if (!environment) return details;
  return details.map((d) =>
    d.location ? { ...d, message: `environment \`${environment}\`: ${d.message}` } : d,
  );
}

function detailKey(d: ErrorDetail): string {
  const at = d.location ? `${d.location.line}:${d.location.column}` : '';
  return `${at}\u0000${d.path ?? ''}\u0000${d.message}`;
}

function plural(n: number, what: string): string {
  return `${n} ${what}${n === 1 ? '' : 's'}`;
}

function invalid(file: string, details: ErrorDetail[], environment?: string): CutoverError {
  const which = environment ? ` with environment \`${environment}\`` : '';
  return new CutoverError(
    'CONFIG_INVALID',
    `${file}${which} is not a valid cutover config: ${plural(details.length, 'problem')}`,
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
