/**
 * Applying an environment (`environments.<name>`) to the raw document, before the schema
 * runs, so the merged config is checked by the same schema and cross-field checks as any
 * other. The rules are JSON Merge Patch's (RFC 7386): maps merge key by key, anything else
 * (lists, values) replaces, and null removes the key.
 *
 * A problem found in the merged config has a path in the merged config; `sourceOf` maps it
 * back to where the value came from (the overlay or the top level), so it is reported at
 * its own line in the file.
 */
import { CutoverError, type SourceLocation } from '../errors.ts';
import { isRecord, type ConfigIssue, type Path } from './issues.ts';
import {
  ENVIRONMENT_LIST_SECTIONS,
  ENVIRONMENT_MAP_SECTIONS,
  SHARED_KEYS,
} from './schema/environments.ts';
import { closest } from './suggest.ts';

type Raw = Record<string, unknown>;

export interface Overlaid {
  /** The document with the environment's sections merged in (`environments` kept as is). */
  data: Raw;
  /** Where the value at `path` of `data` was written: under the overlay, or at the top level. */
  sourceOf(path: Path): Path;
}

/** Sets a key as data, even `__proto__`: a key from the file must never become a prototype. */
function put(target: Raw, key: string, value: unknown): void {
  Object.defineProperty(target, key, {
    value,
    enumerable: true,
    writable: true,
    configurable: true,
  });
}

/** `overlay` merged onto `base` (Merge Patch: maps merge, null removes, the rest replaces). */
export function mergePatch(base: unknown, overlay: unknown): unknown {
  if (!isRecord(overlay) || !isRecord(base)) return overlay;
  const out: Raw = {};
  for (const [k, v] of Object.entries(base)) put(out, k, v);
  for (const [k, v] of Object.entries(overlay)) {
    if (v === null) delete out[k];
    else put(out, k, Object.hasOwn(out, k) ? mergePatch(out[k], v) : v);
  }
  return out;
}

/**
 * The sections of an overlay that are merged: the known ones, of the right kind. The schema
 * reports the others (an unknown key, `tenants: 5`) at the overlay, so they are left out
 * rather than reported a second time as a broken top-level section.
 */
function sectionsOf(overlay: unknown): Raw {
  const out: Raw = {};
  if (!isRecord(overlay)) return out;
  for (const key of ENVIRONMENT_MAP_SECTIONS) if (isRecord(overlay[key])) out[key] = overlay[key];
  for (const key of ENVIRONMENT_LIST_SECTIONS)
    if (Array.isArray(overlay[key])) out[key] = overlay[key];
  return out;
}

export function applyEnvironment(data: Raw, name: string): Overlaid {
  const envs = data.environments;
  const sections = sectionsOf(isRecord(envs) ? envs[name] : undefined);
  const at: Path = ['environments', name];
  return {
    data: mergePatch(data, sections) as Raw,
    sourceOf(path) {
      // Walk down while both sides are maps that merged; the first key the overlay does not
      // have is the top level's, the first it sets (not merged) is the overlay's.
      let base: unknown = data;
      let overlay: unknown = sections;
      for (let i = 0; i < path.length; i++) {
        const seg = path[i]!;
        if (!isRecord(overlay) || typeof seg !== 'string' || !Object.hasOwn(overlay, seg))
          return path;
        const next = overlay[seg];
        const below = isRecord(base) ? base[seg] : undefined;
        if (!isRecord(next) || !isRecord(below)) return [...at, ...path];
        overlay = next;
        base = below;
      }
      return path; // a map both sides have: the top level's is where it starts
    },
  };
}

/** The environment names of a document (its `environments` keys), in file order. */
export function environmentNames(data: Raw): string[] {
  return isRecord(data.environments) ? Object.keys(data.environments) : [];
}

/**
 * The error for an environment the file does not define; undefined when it does. The
 * location (the `environments` key, or the file's top) lets an action annotate the file.
 */
export function unknownEnvironment(
  data: Raw,
  name: string,
  location: SourceLocation,
): CutoverError | undefined {
  const envs = data.environments;
  if (envs === undefined) {
    return new CutoverError(
      'CONFIG_UNKNOWN_ENVIRONMENT',
      `environment \`${name}\`: ${location.file} has no \`environments\` section`,
      {
        hint: `add \`environments: { ${name}: { ... } }\` to the file with what differs in ${name}, or leave out the \`environment\` input (--environment) to use the file as written`,
        details: [
          {
            path: 'environments',
            message: `expected an \`environments\` section defining \`${name}\`, found none`,
            location,
          },
        ],
      },
    );
  }
  // Not a map: the schema reports that, at its line, better than a lookup can.
  if (!isRecord(envs) || Object.hasOwn(envs, name)) return undefined;
  const known = Object.keys(envs);
  const list = known.length ? known.map((k) => `\`${k}\``).join(', ') : 'none';
  const guess = closest(name, known);
  return new CutoverError(
    'CONFIG_UNKNOWN_ENVIRONMENT',
    `environment \`${name}\` is not defined in ${location.file}: its environments are ${list}`,
    {
      hint: `${guess ? `did you mean \`${guess}\`? Otherwise g` : 'G'}ive one of ${list}, or add \`${name}:\` under \`environments\` with what differs there`,
      details: [
        {
          path: 'environments',
          message: `expected the name of an environment (${list}), found \`${name}\``,
          location,
        },
      ],
    },
  );
}

/**
 * `ci` (and the other keys every environment shares) under an environment: say why it
 * cannot differ, instead of a bare "unknown key" whose "did you mean" would mislead.
 */
export function sharedKeyIssue(issue: ConfigIssue): ConfigIssue {
  const [top, , key, ...rest] = issue.path;
  if (top !== 'environments' || typeof key !== 'string' || rest.length > 0 || issue.at !== 'key')
    return issue;
  const why = SHARED_KEYS[key];
  if (!why) return issue;
  return {
    ...issue,
    message: `\`${key}\` cannot differ between environments: ${why}`,
    hint: `set \`${key}\` at the top level of the file; an environment changes only ${[...ENVIRONMENT_MAP_SECTIONS, ...ENVIRONMENT_LIST_SECTIONS].map((s) => `\`${s}\``).join(', ')}, \`context\` and \`url\``,
  };
}
