/**
 * The `compare` check's judge, after Kayenta's NetflixACAJudge: each metric's green sample
 * is classified against blue's by a Mann–Whitney test plus an effect-size tolerance, and
 * the weighted share of metrics that did not regress gives the score and the verdict.
 */
import { assertSample, hodgesLehmannShift, mannWhitneyU } from './mann-whitney.ts';

export type Classification = 'pass' | 'high' | 'low' | 'nodata';
/** Which values of the metric are better: 'lower' for error ratios and latencies. */
export type Direction = 'lower' | 'higher';

export interface SampleSummary {
  n: number;
  /** NaN when the sample is empty. */
  median: number;
  mean: number;
}

export interface ClassifyOptions {
  direction: Direction;
  /** How far green's mean may move from blue's, as a fraction of blue's (0.1 = 10%). */
  tolerance: number;
  /** The two-sided significance level. Default 0.05. */
  alpha?: number;
}

export interface MetricClassification {
  classification: Classification;
  /** Two-sided Mann–Whitney p; absent for no data and for two constant samples. */
  pValue?: number;
  blue: SampleSummary;
  green: SampleSummary;
  /** Hodges–Lehmann shift of green against blue (the difference of the values when constant). */
  shift?: number;
  /** green mean / blue mean; 1 when both are 0, absent when only blue's is 0. */
  ratio?: number;
  /** One line with the numbers. */
  reason: string;
}

/**
 * 'high' when green is significantly higher than blue (two-sided p < alpha) and its mean
 * exceeds blue's by more than the tolerance; 'low' the other way; else 'pass'. The effect
 * size is the ratio of means rather than medians: an error ratio is mostly 0 with bursts,
 * so both medians can be 0 while green fails ten times as often. Two constant samples
 * (one value each, or a metric that did not move) are compared directly: the rank test
 * cannot be significant on a handful of identical values, yet 0.05 against 0.005 is plain.
 */
export function classifyMetric(
  blue: readonly number[],
  green: readonly number[],
  opts: ClassifyOptions,
): MetricClassification {
  const alpha = opts.alpha ?? 0.05;
  const { tolerance, direction } = opts;
  if (!(tolerance >= 0 && Number.isFinite(tolerance))) {
    throw new Error(`tolerance must be a fraction >= 0, got ${tolerance}`);
  }
  if (!(alpha > 0 && alpha < 1)) throw new Error(`alpha must be between 0 and 1, got ${alpha}`);
  const b = summarize(blue);
  const g = summarize(green);
  if (b.n === 0 || g.n === 0) {
    const missing = [b.n === 0 ? 'blue' : '', g.n === 0 ? 'green' : ''].filter(Boolean);
    return {
      classification: 'nodata',
      blue: b,
      green: g,
      reason: `no data: ${missing.join(' and ')} had no samples`,
    };
  }
  assertSample(blue, 'blue');
  assertSample(green, 'green');

  const change = relativeChange(b.mean, g.mean);
  const ratio = b.mean !== 0 ? g.mean / b.mean : g.mean === 0 ? 1 : undefined;
  const beyond = change > tolerance ? 'high' : change < -tolerance ? 'low' : undefined;
  const means = `green mean ${fmt(g.mean)} vs blue ${fmt(b.mean)} (${fmtChange(change)})`;
  const limit = `the ${fmtPercent(tolerance)} tolerance`;
  const verdict = (c: 'high' | 'low') =>
    `${c === 'high' ? 'higher' : 'lower'}, ${isRegression(c, direction) ? 'worse' : 'better'} as ${direction} is better`;
  const base = { blue: b, green: g, ...(ratio === undefined ? {} : { ratio }) };

  if (isConstant(blue) && isConstant(green)) {
    const shift = green[0]! - blue[0]!;
    if (beyond === undefined) {
      const how = shift === 0 ? 'equal' : `within ${limit}`;
      return { ...base, classification: 'pass', shift, reason: `${means}: constant, ${how}` };
    }
    const reason = `${means}: constant, beyond ${limit}: ${verdict(beyond)}`;
    return { ...base, classification: beyond, shift, reason };
  }

  // x = green, so U1 above n1·n2/2 means green tends to be higher.
  const test = mannWhitneyU(green, blue);
  const { shift } = hodgesLehmannShift(green, blue);
  const pValue = test.pValue;
  const withP = { ...base, pValue, shift };
  const p = `p=${fmtP(pValue)}`;
  if (!(pValue < alpha)) {
    const reason = `${means}: no significant difference (${p} >= ${alpha})`;
    return { ...withP, classification: 'pass', reason };
  }
  const ranked = test.u1 > (g.n * b.n) / 2 ? 'high' : 'low';
  if (beyond === ranked) {
    const reason = `${means}: significantly ${verdict(ranked)} (${p} < ${alpha}), beyond ${limit}`;
    return { ...withP, classification: ranked, reason };
  }
  const word = ranked === 'high' ? 'higher' : 'lower';
  const reason =
    beyond === undefined
      ? `${means}: significantly ${word} (${p} < ${alpha}) but within ${limit}`
      : `${means}: ranks significantly ${word} (${p}) but the mean moved the other way`;
  return { ...withP, classification: 'pass', reason };
}

/** 'high' is a regression when lower is better, 'low' when higher is better. */
export function isRegression(classification: Classification, direction: Direction): boolean {
  return direction === 'lower' ? classification === 'high' : classification === 'low';
}

export interface ScoredMetric {
  name: string;
  /** > 0: the metric's share of the score. */
  weight: number;
  classification: Classification;
  direction: Direction;
}

export interface Scorecard {
  /** 0..100: the weight of metrics that did not regress over the weight of metrics with data. 0 with no data. */
  score: number;
  verdict: 'pass' | 'marginal' | 'fail' | 'nodata';
  /** Names of the metrics that regressed. */
  regressions: string[];
  /** Names of the metrics without data, left out of the score. */
  nodata: string[];
  reason: string;
}

/** thresholds 0..100: pass when score >= pass, marginal when >= marginal, else fail. */
export function scoreMetrics(
  metrics: readonly ScoredMetric[],
  thresholds: { pass: number; marginal: number },
): Scorecard {
  const { pass, marginal } = thresholds;
  if (!(marginal >= 0 && pass >= marginal && pass <= 100)) {
    throw new Error(`thresholds need 0 <= marginal <= pass <= 100, got ${marginal} and ${pass}`);
  }
  let withData = 0;
  let good = 0;
  const regressions: string[] = [];
  const nodata: string[] = [];
  for (const m of metrics) {
    if (!(m.weight > 0 && Number.isFinite(m.weight))) {
      throw new Error(`metric ${m.name}: weight must be a positive number, got ${m.weight}`);
    }
    if (m.classification === 'nodata') {
      nodata.push(m.name);
      continue;
    }
    withData += m.weight;
    if (isRegression(m.classification, m.direction)) regressions.push(m.name);
    else good += m.weight;
  }
  if (withData === 0) {
    const reason = metrics.length === 0 ? 'no metrics' : `no data for ${nodata.join(', ')}`;
    return { score: 0, verdict: 'nodata', regressions, nodata, reason };
  }
  const score = (100 * good) / withData;
  const verdict = score >= pass ? 'pass' : score >= marginal ? 'marginal' : 'fail';
  const bar =
    verdict === 'fail' ? `< ${marginal}` : verdict === 'marginal' ? `< ${pass}` : `>= ${pass}`;
  const parts = [`score ${fmt(score)} ${bar}`];
  if (regressions.length > 0) parts.push(`regressed: ${regressions.join(', ')}`);
  if (nodata.length > 0) parts.push(`no data: ${nodata.join(', ')}`);
  return { score, verdict, regressions, nodata, reason: parts.join('; ') };
}

function summarize(values: readonly number[]): SampleSummary {
  const n = values.length;
  if (n === 0) return { n, median: NaN, mean: NaN };
  const sorted = [...values].sort((a, c) => a - c);
  const mid = n >> 1;
  const median = n % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  let sum = 0;
  for (const v of values) sum += v;
  return { n, median, mean: sum / n };
}

function isConstant(values: readonly number[]): boolean {
  return values.every((v) => v === values[0]);
}

/** (green − blue)/|blue|; any move away from a blue of 0 is infinitely large. */
function relativeChange(blue: number, green: number): number {
  if (blue !== 0) return (green - blue) / Math.abs(blue);
  return green === 0 ? 0 : green > 0 ? Infinity : -Infinity;
}

function fmt(v: number): string {
  return String(Number(v.toPrecision(3)));
}

function fmtPercent(fraction: number): string {
  return `${fmt(fraction * 100)}%`;
}

function fmtChange(change: number): string {
  if (!Number.isFinite(change)) return change > 0 ? 'up from 0' : 'down from 0';
  return `${change >= 0 ? '+' : ''}${fmtPercent(change)}`;
}

function fmtP(p: number): string {
  return p < 0.001 ? p.toExponential(1) : fmt(p);
}
