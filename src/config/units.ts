/**
 * The value formats of cutover.yaml that are not plain JSON types: durations (`500ms`, `10s`,
 * `1m30s`), Kubernetes resource quantities (`500m`, `2Gi`) and the names Kubernetes accepts
 * (DNS labels, label keys and values).
 */

/** `500ms`, `10s`, `5m`, `1h`, or a sequence of them (`1m30s`); fractions allowed (`1.5s`). */
export const DURATION_PATTERN = /^(?:\d+(?:\.\d+)?(?:ms|s|m|h))+$/;

const UNIT_MS: Record<string, number> = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000 };

/** Milliseconds of a duration string, or undefined when it is not one. */
export function parseDuration(text: string): number | undefined {
  if (!DURATION_PATTERN.test(text)) return undefined;
  let total = 0;
  for (const m of text.matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h)/g)) {
    total += Number(m[1]) * UNIT_MS[m[2]!]!;
  }
  return Math.round(total);
}

/** `1h2m3s`, `10s`, `250ms`: the shortest spelling of a number of milliseconds. */
export function formatDuration(ms: number): string {
  if (ms === 0) return '0s';
  const parts: string[] = [];
  let rest = ms;
  for (const [unit, size] of [
    ['h', 3_600_000],
    ['m', 60_000],
    ['s', 1_000],
    ['ms', 1],
  ] as const) {
    const n = Math.floor(rest / size);
    if (n > 0) parts.push(`${n}${unit}`);
    rest -= n * size;
  }
  return parts.join('');
}

/**
 * A non-negative Kubernetes quantity: a decimal number with an optional binary (`Ki`..`Ei`),
 * decimal (`n u m k M G T P E`) or exponent (`e3`) suffix.
 */
export const QUANTITY_PATTERN =
  /^(?:\d+(?:\.\d*)?|\.\d+)(?:Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E|[eE][+-]?\d+)?$/;

const SUFFIX: Record<string, number> = {
  Ki: 2 ** 10,
  Mi: 2 ** 20,
  Gi: 2 ** 30,
  Ti: 2 ** 40,
  Pi: 2 ** 50,
  Ei: 2 ** 60,
  n: 1e-9,
  u: 1e-6,
  m: 1e-3,
  '': 1,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  P: 1e15,
  E: 1e18,
};

/** The value of a quantity as a plain number (`500m` -> 0.5, `1Ki` -> 1024), or undefined. */
export function parseQuantity(q: string | number): number | undefined {
  if (typeof q === 'number') return Number.isFinite(q) && q >= 0 ? q : undefined;
  if (!QUANTITY_PATTERN.test(q)) return undefined;
  const m = /^([\d.]+)(.*)$/.exec(q)!;
  const n = Number(m[1]);
  const suffix = m[2]!;
  if (/^[eE]/.test(suffix)) return n * 10 ** Number(suffix.slice(1));
  return n * SUFFIX[suffix]!;
}

/** RFC 1123 label: what Kubernetes accepts for namespace names and most object names. */
export const DNS1123_LABEL = /^[a-z0-9](?:[-a-z0-9]*[a-z0-9])?$/;
/** RFC 1035 label: like DNS-1123 but starting with a letter (Service names). */
export const DNS1035_LABEL = /^[a-z](?:[-a-z0-9]*[a-z0-9])?$/;
/** RFC 1123 subdomain: dot-separated labels, at most 253 characters. */
export const DNS1123_SUBDOMAIN =
  /^[a-z0-9](?:[-a-z0-9]*[a-z0-9])?(?:\.[a-z0-9](?:[-a-z0-9]*[a-z0-9])?)*$/;
export const MAX_LABEL_LENGTH = 63;

export function isDns1123Label(s: string): boolean {
  return s.length <= MAX_LABEL_LENGTH && DNS1123_LABEL.test(s);
}

/** The name part of a label key, and every non-empty label value. */
const LABEL_NAME = /^[A-Za-z0-9](?:[-A-Za-z0-9_.]*[A-Za-z0-9])?$/;

/** Why a label key is invalid, or undefined when it is valid. */
export function labelKeyProblem(key: string): string | undefined {
  const slash = key.lastIndexOf('/');
  const prefix = slash >= 0 ? key.slice(0, slash) : undefined;
  const name = slash >= 0 ? key.slice(slash + 1) : key;
  if (prefix !== undefined) {
    if (prefix.length === 0 || prefix.length > 253 || !DNS1123_SUBDOMAIN.test(prefix)) {
      return 'its prefix (before `/`) must be a DNS subdomain such as `example.com`';
    }
  }
  if (name.length === 0 || name.length > 63) return 'its name must be 1 to 63 characters';
  if (!LABEL_NAME.test(name)) {
    return 'its name must be letters, digits, `-`, `_` and `.`, starting and ending with a letter or digit';
  }
  return undefined;
}

export function isLabelValue(value: string): boolean {
  return value === '' || (value.length <= 63 && LABEL_NAME.test(value));
}
