import { describe, expect, test } from '@jest/globals';
import {
  classifyMetric,
  isRegression,
  scoreMetrics,
  type Classification,
  type ScoredMetric,
} from '../../../src/health/stats/judge.ts';

/** A deterministic generator (xorshift32) and normal variates from it (Box–Muller). */
function normals(seed: number): (mean: number, sd: number) => number {
  let s = seed >>> 0 || 1;
  const uniform = () => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return (s + 1) / (2 ** 32 + 1);
  };
  return (mean, sd) =>
    mean + sd * Math.sqrt(-2 * Math.log(uniform())) * Math.cos(2 * Math.PI * uniform());
}

const draw = (n: number, f: () => number) => Array.from({ length: n }, f);
const lowerIsBetter = { direction: 'lower' as const, tolerance: 0.1 };

describe('classifyMetric', () => {
  test('no data on either side', () => {
    const r = classifyMetric([], [0.1, 0.2], lowerIsBetter);
    expect(r).toMatchObject({ classification: 'nodata', blue: { n: 0 }, green: { n: 2 } });
    expect(r.reason).toBe('no data: blue had no samples');
    expect(r.pValue).toBeUndefined();
    expect(classifyMetric([], [], lowerIsBetter).reason).toBe(
      'no data: blue and green had no samples',
    );
    expect(classifyMetric([1], [], lowerIsBetter).classification).toBe('nodata');
  });

  test('constant samples are compared directly: 0.005 against 0.05 is high', () => {
    const r = classifyMetric([0.005], [0.05], lowerIsBetter);
    expect(r.classification).toBe('high');
    expect(r.pValue).toBeUndefined();
    expect(r.ratio).toBeCloseTo(10, 12);
    expect(r.shift).toBeCloseTo(0.045, 12);
    expect(r.reason).toBe(
      'green mean 0.05 vs blue 0.005 (+900%): constant, beyond the 10% tolerance: higher, worse as lower is better',
    );
    expect(classifyMetric([0.005, 0.005, 0.005], [0.05, 0.05], lowerIsBetter).classification).toBe(
      'high',
    );
    expect(classifyMetric([0.05, 0.05], [0.005, 0.005], lowerIsBetter).classification).toBe('low');
  });

  test('equal constants pass, and so do constants within the tolerance', () => {
    const equal = classifyMetric([0.02, 0.02], [0.02, 0.02, 0.02], lowerIsBetter);
    expect(equal).toMatchObject({ classification: 'pass', ratio: 1, shift: 0 });
    expect(equal.reason).toBe('green mean 0.02 vs blue 0.02 (+0%): constant, equal');
    expect(classifyMetric([100], [105], lowerIsBetter)).toMatchObject({
      classification: 'pass',
      reason: 'green mean 105 vs blue 100 (+5%): constant, within the 10% tolerance',
    });
    expect(classifyMetric([0, 0], [0], lowerIsBetter)).toMatchObject({
      classification: 'pass',
      ratio: 1,
    });
  });

  test('from a blue of 0 any change is beyond the tolerance; there is no ratio', () => {
    const r = classifyMetric([0, 0, 0], [0.01], lowerIsBetter);
    expect(r.classification).toBe('high');
    expect(r.ratio).toBeUndefined();
    expect(r.reason).toContain('(up from 0)');
  });

  test('a clearly worse green (error ratio ~0.05 against ~0.005) is high', () => {
    const rnd = normals(1);
    const blue = draw(30, () => Math.abs(rnd(0.005, 0.001)));
    const green = draw(30, () => Math.abs(rnd(0.05, 0.01)));
    const r = classifyMetric(blue, green, lowerIsBetter);
    expect(r.classification).toBe('high');
    expect(r.pValue!).toBeLessThan(1e-6);
    expect(r.ratio!).toBeGreaterThan(5);
    expect(r.shift!).toBeGreaterThan(0.03);
    expect(r.blue.n).toBe(30);
    expect(r.reason).toMatch(
      /^green mean 0\.0\d+ vs blue 0\.00\d+ \(\+\d+%\): significantly higher, worse as lower is better \(p=.+ < 0\.05\), beyond the 10% tolerance$/,
    );
    expect(isRegression(r.classification, 'lower')).toBe(true);
  });

  test('zero-inflated errors: equal medians of 0, still high by the means', () => {
    const blue = [...new Array<number>(28).fill(0), 0.01, 0.02];
    const green = [...new Array<number>(15).fill(0), ...new Array<number>(15).fill(0.05)];
    const r = classifyMetric(blue, green, lowerIsBetter);
    expect(r.blue.median).toBe(0);
    expect(r.green.median).toBe(0.025);
    expect(r.classification).toBe('high');
  });

  test('samples from the same distribution pass', () => {
    const rnd = normals(2);
    let passed = 0;
    for (let run = 0; run < 20; run++) {
      const blue = draw(40, () => rnd(120, 15));
      const green = draw(40, () => rnd(120, 15));
      const r = classifyMetric(blue, green, { direction: 'lower', tolerance: 0 });
      if (r.classification === 'pass') passed++;
    }
    // At alpha 0.05, about one run in twenty may be significant by chance.
    expect(passed).toBeGreaterThanOrEqual(17);
    const r = classifyMetric(
      draw(40, () => rnd(120, 15)),
      draw(40, () => rnd(120, 15)),
      lowerIsBetter,
    );
    expect(r.classification).toBe('pass');
    expect(r.reason).toMatch(/no significant difference \(p=.+ >= 0\.05\)$/);
  });

  test('the tolerance lets a small but significant increase pass', () => {
    const rnd = normals(3);
    const blue = draw(300, () => rnd(100, 2));
    const green = draw(300, () => rnd(102, 2)); // +2%, p far below 0.05
    const within = classifyMetric(blue, green, { direction: 'lower', tolerance: 0.05 });
    expect(within.pValue!).toBeLessThan(1e-6);
    expect(within.classification).toBe('pass');
    expect(within.reason).toMatch(
      /significantly higher \(p=.+ < 0\.05\) but within the 5% tolerance$/,
    );
    const strict = classifyMetric(blue, green, { direction: 'lower', tolerance: 0.01 });
    expect(strict.classification).toBe('high');
  });

  test("direction 'higher': a drop is 'low' and a regression, a rise is not", () => {
    const rnd = normals(4);
    const blue = draw(30, () => rnd(0.99, 0.002)); // success ratio
    const worse = draw(30, () => rnd(0.8, 0.02));
    const r = classifyMetric(blue, worse, { direction: 'higher', tolerance: 0.05 });
    expect(r.classification).toBe('low');
    expect(r.reason).toContain('significantly lower, worse as higher is better');
    expect(isRegression(r.classification, 'higher')).toBe(true);
    const better = classifyMetric(worse, blue, { direction: 'higher', tolerance: 0.05 });
    expect(better.classification).toBe('high');
    expect(better.reason).toContain('higher, better as higher is better');
    expect(isRegression(better.classification, 'higher')).toBe(false);
  });

  test('a custom alpha', () => {
    // 5 values each, complete separation: exact two-sided p = 2/252 ≈ 0.0079.
    const blue = [1, 2, 3, 4, 5];
    const green = [6, 7, 8, 9, 10];
    expect(classifyMetric(blue, green, { ...lowerIsBetter, alpha: 0.01 }).classification).toBe(
      'high',
    );
    expect(classifyMetric(blue, green, { ...lowerIsBetter, alpha: 0.005 }).classification).toBe(
      'pass',
    );
  });

  test('bad options and values are refused', () => {
    expect(() => classifyMetric([1], [2], { direction: 'lower', tolerance: -0.1 })).toThrow(
      'tolerance',
    );
    expect(() => classifyMetric([1], [2], { ...lowerIsBetter, alpha: 1 })).toThrow('alpha');
    expect(() => classifyMetric([1, NaN], [2], lowerIsBetter)).toThrow(
      'sample blue has a non-finite value',
    );
  });
});

describe('isRegression', () => {
  test.each([
    ['high', 'lower', true],
    ['low', 'lower', false],
    ['low', 'higher', true],
    ['high', 'higher', false],
    ['pass', 'lower', false],
    ['nodata', 'higher', false],
  ] as const)('%s with %s better: %s', (classification, direction, expected) => {
    expect(isRegression(classification, direction)).toBe(expected);
  });
});

describe('scoreMetrics', () => {
  const metric = (
    name: string,
    weight: number,
    classification: Classification,
    direction: 'lower' | 'higher' = 'lower',
  ): ScoredMetric => ({ name, weight, classification, direction });
  const thresholds = { pass: 95, marginal: 75 };

  test('all clean: 100, pass', () => {
    const r = scoreMetrics([metric('errors', 2, 'pass'), metric('latency', 1, 'low')], thresholds);
    expect(r).toMatchObject({ score: 100, verdict: 'pass', regressions: [], nodata: [] });
    expect(r.reason).toBe('score 100 >= 95');
  });

  test('weights decide the score and thresholds the verdict', () => {
    const metrics = [
      metric('errors', 3, 'pass'),
      metric('latency', 1, 'high'), // regression: lower is better
      metric('success', 1, 'high', 'higher'), // better, not a regression
    ];
    const r = scoreMetrics(metrics, thresholds);
    expect(r.score).toBe(80);
    expect(r.verdict).toBe('marginal');
    expect(r.regressions).toEqual(['latency']);
    expect(r.reason).toBe('score 80 < 95; regressed: latency');
    expect(scoreMetrics(metrics, { pass: 80, marginal: 50 }).verdict).toBe('pass');
    expect(scoreMetrics(metrics, { pass: 90, marginal: 81 }).verdict).toBe('fail');
    const fail = scoreMetrics(
      [metric('errors', 1, 'pass'), metric('latency', 3, 'high')],
      thresholds,
    );
    expect(fail).toMatchObject({ score: 25, verdict: 'fail' });
  });

  test('metrics without data are left out of both sums', () => {
    const r = scoreMetrics(
      [metric('errors', 1, 'pass'), metric('latency', 1, 'high'), metric('cpu', 10, 'nodata')],
      thresholds,
    );
    expect(r).toMatchObject({ score: 50, verdict: 'fail', nodata: ['cpu'] });
    expect(r.reason).toBe('score 50 < 75; regressed: latency; no data: cpu');
  });

  test('no metric with data: nodata', () => {
    const r = scoreMetrics([metric('errors', 1, 'nodata'), metric('cpu', 2, 'nodata')], thresholds);
    expect(r).toMatchObject({ score: 0, verdict: 'nodata', nodata: ['errors', 'cpu'] });
    expect(r.reason).toBe('no data for errors, cpu');
    expect(scoreMetrics([], thresholds)).toMatchObject({ verdict: 'nodata', reason: 'no metrics' });
  });

  test('bad weights and thresholds are refused', () => {
    expect(() => scoreMetrics([metric('errors', 0, 'pass')], thresholds)).toThrow(
      'metric errors: weight must be a positive number',
    );
    expect(() => scoreMetrics([], { pass: 50, marginal: 60 })).toThrow('thresholds');
    expect(() => scoreMetrics([], { pass: 101, marginal: 60 })).toThrow('thresholds');
  });
});
