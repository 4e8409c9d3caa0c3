/**
 * The Mann–Whitney U test (Wilcoxon rank-sum) and the Hodges–Lehmann shift, for the health
 * gate's `compare` check: is green's metric sample shifted against blue's? No maintained npm
 * package gives the test with a p-value, so it lives here.
 *
 * U1 counts the pairs (x_i, y_j) with x_i > y_j, a tie counting one half; U1 + U2 = n1·n2.
 */

export type Alternative = 'two-sided' | 'less' | 'greater';

export interface MannWhitneyOptions {
  /** 'greater': x tends to be larger than y; 'less': smaller. Default 'two-sided'. */
  alternative?: Alternative;
  /** The 0.5 continuity correction of the normal approximation. Default true. */
  continuity?: boolean;
  /** 'auto' (default): exact when there are no ties and n1·n2 <= EXACT_AUTO_MAX_PAIRS. */
  method?: 'auto' | 'exact' | 'normal';
}

export interface MannWhitneyResult {
  /** U of x: the pairs with x_i > y_j, ties counting one half. */
  u1: number;
  /** U of y: n1·n2 − u1. */
  u2: number;
  /** min(u1, u2), the statistic printed tables use. */
  u: number;
  pValue: number;
  method: 'exact' | 'normal';
  /** The standardized U1 of the normal approximation (continuity-corrected when asked). */
  z?: number;
  /** Whether any value occurs more than once in the pooled sample. */
  ties: boolean;
}

/**
 * 'auto' takes the exact distribution up to this many pairs (50×50, or 1×2500). Its cost is
 * about n1·n2·min(U1, U2) multiply-adds, at most ~3·10⁶ here: a few milliseconds. Beyond
 * it each sample has ~50 values or the other is tiny, and the normal approximation is
 * within ~0.01 of the exact p.
 */
export const EXACT_AUTO_MAX_PAIRS = 2500;

/** An explicit 'exact' beyond this would take seconds (the cost grows as (n1·n2)²). */
export const EXACT_MAX_PAIRS = 10_000;

/** Throws when a sample is empty or holds a value that is not a finite number. */
export function assertSample(values: readonly number[], name: string): void {
  if (values.length === 0) throw new Error(`sample ${name} is empty`);
  values.forEach((v, i) => {
    if (typeof v !== 'number' || !Number.isFinite(v)) {
      throw new Error(`sample ${name} has a non-finite value at index ${i}: ${String(v)}`);
    }
  });
}

export function mannWhitneyU(
  x: readonly number[],
  y: readonly number[],
  opts: MannWhitneyOptions = {},
): MannWhitneyResult {
  assertSample(x, 'x');
  assertSample(y, 'y');
  const alternative = opts.alternative ?? 'two-sided';
  const continuity = opts.continuity ?? true;
  const requested = opts.method ?? 'auto';
  const n1 = x.length;
  const n2 = y.length;
  const pairs = n1 * n2;
  const { rankSumX, tieTerm } = rankPooled(x, y);
  // Midranks are multiples of 1/2, so these sums are exact in doubles.
  const u1 = rankSumX - (n1 * (n1 + 1)) / 2;
  const u2 = pairs - u1;
  const ties = tieTerm > 0;

  let method: 'exact' | 'normal';
  if (requested === 'exact') {
    // The exact distribution below is the one of untied samples; with ties it would be wrong.
    if (ties) throw new Error('the exact Mann–Whitney p-value needs samples without ties');
    if (pairs > EXACT_MAX_PAIRS) {
      throw new Error(`the exact Mann–Whitney p-value is limited to ${EXACT_MAX_PAIRS} pairs`);
    }
    method = 'exact';
  } else if (requested === 'normal') {
    method = 'normal';
  } else {
    method = !ties && pairs <= EXACT_AUTO_MAX_PAIRS ? 'exact' : 'normal';
  }

  const base = { u1, u2, u: Math.min(u1, u2), ties };
  if (method === 'exact') {
    // P(U1 >= u1) = P(U1 <= u2) by the symmetry of U's distribution about n1·n2/2.
    const less = () => exactCdf(n1, n2, u1);
    const greater = () => exactCdf(n1, n2, u2);
    const pValue =
      alternative === 'less'
        ? less()
        : alternative === 'greater'
          ? greater()
          : Math.min(1, 2 * exactCdf(n1, n2, Math.min(u1, u2)));
    return { ...base, pValue, method };
  }

  const n = n1 + n2;
  const mean = pairs / 2;
  // Ties shrink the variance: each group of t tied values takes (t³ − t)/(n(n − 1)) off.
  const variance = (pairs / 12) * (n + 1 - tieTerm / (n * (n - 1)));
  // Every value equal: nothing tells the samples apart.
  if (!(variance > 0)) return { ...base, pValue: 1, method, z: 0 };
  const sd = Math.sqrt(variance);
  const cc = continuity ? 0.5 : 0;
  const d = u1 - mean;
  let z: number;
  let pValue: number;
  if (alternative === 'greater') {
    z = (d - cc) / sd;
    pValue = normalCdf(-z);
  } else if (alternative === 'less') {
    z = (d + cc) / sd;
    pValue = normalCdf(z);
  } else {
    // The correction moves |d| toward 0 but never past it.
    z = (Math.sign(d) * Math.max(0, Math.abs(d) - cc)) / sd;
    pValue = Math.min(1, 2 * normalCdf(-Math.abs(z)));
  }
  return { ...base, pValue, method, z };
}

/** The rank sum of x in the pooled sample (midranks for ties) and Σ(t³ − t) over tie groups. */
function rankPooled(
  x: readonly number[],
  y: readonly number[],
): { rankSumX: number; tieTerm: number } {
  const pooled = [
    ...x.map((value) => ({ value, fromX: true })),
    ...y.map((value) => ({ value, fromX: false })),
  ].sort((a, b) => a.value - b.value);
  let rankSumX = 0;
  let tieTerm = 0;
  for (let start = 0; start < pooled.length;) {
    let end = start + 1;
    while (end < pooled.length && pooled[end]!.value === pooled[start]!.value) end++;
    // Positions start..end-1 hold 1-based ranks start+1..end; their mean is the midrank.
    const midrank = (start + 1 + end) / 2;
    for (let i = start; i < end; i++) if (pooled[i]!.fromX) rankSumX += midrank;
    const t = end - start;
    tieTerm += t * t * t - t;
    start = end;
  }
  return { rankSumX, tieTerm };
}

/**
 * The null distribution of U for sizes n1, n2 without ties, truncated at U = maxU: entry k
 * is the number of orderings with U = k (`probability` false) or its probability.
 *
 * By the largest pooled value: from the first group (chance i/(i+j)) it beats all j of the
 * other, so U = j + U(i−1, j); from the second it beats none, U = U(i, j−1). U(i, j) and
 * U(j, i) have the same distribution, so the first group is the smaller one, and one column
 * of i = 0..m is kept while j runs up to n: memory (m+1)·(maxU+1), time m·n·maxU.
 * Probabilities, unlike counts, never overflow (C(1000, 500) is beyond a double).
 */
function uTable(n1: number, n2: number, maxU: number, probability: boolean): Float64Array {
  const m = Math.min(n1, n2);
  const n = Math.max(n1, n2);
  const width = Math.min(maxU, m * n) + 1;
  const column = Array.from({ length: m + 1 }, () => {
    const f = new Float64Array(width);
    f[0] = 1; // U(i, 0) = 0
    return f;
  });
  for (let j = 1; j <= n; j++) {
    // column[0] stays U(0, j) = 0; column[i] goes from U(i, j−1) to U(i, j), using the
    // already updated column[i−1] = U(i−1, j).
    for (let i = 1; i <= m; i++) {
      const fromFirst = probability ? i / (i + j) : 1;
      const fromSecond = probability ? j / (i + j) : 1;
      const below = column[i - 1]!;
      const f = column[i]!;
      for (let k = width - 1; k >= 0; k--) {
        f[k] = fromSecond * f[k]! + (k >= j ? fromFirst * below[k - j]! : 0);
      }
    }
  }
  return column[m]!;
}

/** P(U <= u) under the null hypothesis, samples without ties. */
function exactCdf(n1: number, n2: number, u: number): number {
  const k = Math.floor(u);
  if (k < 0) return 0;
  if (k >= n1 * n2) return 1;
  let sum = 0;
  for (const p of uTable(n1, n2, k, true)) sum += p;
  return Math.min(1, sum);
}

/**
 * How many of the C(n1+n2, n1) orderings of two untied samples give U = 0, 1, …, n1·n2
 * (exact integers while they stay below 2⁵³).
 */
export function uFrequencies(n1: number, n2: number): number[] {
  if (!Number.isInteger(n1) || !Number.isInteger(n2) || n1 < 1 || n2 < 1) {
    throw new Error(`sample sizes must be positive integers, got ${n1} and ${n2}`);
  }
  return Array.from(uTable(n1, n2, n1 * n2, false));
}

export interface ShiftEstimate {
  /** The median of all differences x_i − y_j. */
  shift: number;
  /** The interval of the shift at `confidence`, when one was asked for. */
  lower?: number;
  upper?: number;
  confidence?: number;
}

/**
 * The Hodges–Lehmann estimate of the location shift of x against y and, with `confidence`
 * (e.g. 0.95), Moses' interval: the C-th smallest and C-th largest of the n1·n2 ordered
 * differences, where C − 1 is U's lower critical value, here from the normal approximation
 * with continuity correction: C = round(n1·n2/2 − z·√(n1·n2·(n1+n2+1)/12)), at least 1
 * (then the interval is the whole range and covers more than asked). Sorting the n1·n2
 * differences is fine for samples up to a few hundred values.
 */
export function hodgesLehmannShift(
  x: readonly number[],
  y: readonly number[],
  opts: { confidence?: number } = {},
): ShiftEstimate {
  assertSample(x, 'x');
  assertSample(y, 'y');
  const pairs = x.length * y.length;
  const diffs = new Float64Array(pairs);
  let at = 0;
  for (const xi of x) for (const yj of y) diffs[at++] = xi - yj;
  diffs.sort(); // a typed array sorts numerically
  const mid = pairs >> 1;
  const shift = pairs % 2 === 1 ? diffs[mid]! : (diffs[mid - 1]! + diffs[mid]!) / 2;
  const { confidence } = opts;
  if (confidence === undefined) return { shift };
  if (!(confidence > 0 && confidence < 1)) {
    throw new Error(`confidence must be between 0 and 1, got ${confidence}`);
  }
  const z = normalQuantile(1 - (1 - confidence) / 2);
  const sd = Math.sqrt((pairs * (x.length + y.length + 1)) / 12);
  const c = Math.max(1, Math.floor(pairs / 2 - z * sd + 0.5));
  return { shift, lower: diffs[c - 1]!, upper: diffs[pairs - c]!, confidence };
}

// The normal distribution. erfc comes from two expansions of Abramowitz & Stegun §7.1, both
// summed until the terms stop changing the double (≈1e-15 relative, far below the 1e-7 the
// tests need): for x < 2.5 the series erf x = 2/√π·e^(−x²)·Σ (2x²)ⁿ·x/(1·3·…·(2n+1)), whose
// terms are all positive (no cancellation, unlike the Taylor series); beyond, Laplace's
// continued fraction, which keeps erfc's relative accuracy deep in the tail.

const SQRT_PI = Math.sqrt(Math.PI);

export function erfc(x: number): number {
  if (Number.isNaN(x)) return NaN;
  if (x < 0) return 2 - erfc(-x);
  return x < 2.5 ? 1 - erfSeries(x) : erfcContinuedFraction(x);
}

function erfSeries(x: number): number {
  const twoX2 = 2 * x * x;
  let term = x;
  let sum = x;
  for (let n = 1; term > sum * 1e-17; n++) {
    term *= twoX2 / (2 * n + 1);
    sum += term;
  }
  return (2 / SQRT_PI) * Math.exp(-x * x) * sum;
}

/** erfc x = e^(−x²)/√π · 1/(x + (1/2)/(x + 1/(x + (3/2)/(x + …)))), by Lentz's method. */
function erfcContinuedFraction(x: number): number {
  const tiny = 1e-300;
  let f = x;
  let c = f;
  let d = 0;
  for (let k = 1; k < 1000; k++) {
    const a = k / 2;
    d = x + a * d;
    d = 1 / (d === 0 ? tiny : d);
    c = x + a / c;
    if (c === 0) c = tiny;
    const delta = c * d;
    f *= delta;
    if (Math.abs(delta - 1) < 1e-16) break;
  }
  return Math.exp(-x * x) / (SQRT_PI * f);
}

/** Φ(z), the standard normal CDF. */
export function normalCdf(z: number): number {
  return 0.5 * erfc(-z / Math.SQRT2);
}

/** Φ⁻¹(p), by bisection on normalCdf: few calls, so plain and as accurate as Φ itself. */
export function normalQuantile(p: number): number {
  if (!(p > 0 && p < 1)) throw new Error(`a normal quantile needs 0 < p < 1, got ${p}`);
  let lo = -40;
  let hi = 40;
  for (let i = 0; i < 200; i++) {
    const mid = (lo + hi) / 2;
    if (mid === lo || mid === hi) break;
    if (normalCdf(mid) < p) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}
