import { describe, expect, test } from '@jest/globals';
import fc from 'fast-check';
import { wilcoxonRankSum } from 'simple-statistics';
import {
  erfc,
  hodgesLehmannShift,
  mannWhitneyU,
  normalCdf,
  normalQuantile,
  uFrequencies,
} from '../../../src/health/stats/mann-whitney.ts';

/** Untied samples of sizes n1, n2 whose U1 (pairs with x > y) is exactly u. */
function samplesWithU(n1: number, n2: number, u: number): { x: number[]; y: number[] } {
  const y = Array.from({ length: n2 }, (_, j) => 2 * j);
  let left = u;
  const x = Array.from({ length: n1 }, (_, i) => {
    const below = Math.min(n2, left); // how many y's this x exceeds
    left -= below;
    return 2 * below - 1 + (i + 1) / (n1 + 2); // distinct, between y[below-1] and y[below]
  });
  return { x, y };
}

function binomial(n: number, k: number): number {
  let c = 1;
  for (let i = 1; i <= k; i++) c = (c * (n - k + i)) / i;
  return Math.round(c);
}

/** A small deterministic generator (xorshift32), so the samples are the same every run. */
function random(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return s / 2 ** 32;
  };
}

/** Integers without ties in the pooled sample: x's are even, y's odd. */
const untied = (parity: 0 | 1) =>
  fc
    .uniqueArray(fc.integer({ min: -500, max: 500 }), { minLength: 5, maxLength: 40 })
    .map((values) => values.map((v) => 2 * v + parity));

describe('the exact distribution of U', () => {
  test.each([
    [1, 1],
    [3, 5],
    [5, 3],
    [7, 9],
    [10, 12],
    [15, 15],
  ])('(%i, %i) counts sum to C(n1+n2, n1), symmetric about n1·n2/2', (n1, n2) => {
    const f = uFrequencies(n1, n2);
    expect(f).toHaveLength(n1 * n2 + 1);
    expect(f.reduce((a, b) => a + b, 0)).toBe(binomial(n1 + n2, n1));
    expect(f).toEqual([...f].reverse());
    expect(f.every((c) => Number.isInteger(c) && c >= 1)).toBe(true);
  });

  test('small cases by hand: (2, 2) has orderings 1,1,2,1,1', () => {
    expect(uFrequencies(2, 2)).toEqual([1, 1, 2, 1, 1]);
    expect(uFrequencies(3, 2)).toEqual(uFrequencies(2, 3));
  });

  // Critical values of U for the two-tailed test, from the standard Mann–Whitney table of
  // common statistics texts (the "smaller U" table, n1, n2 up to 20; the 0.01 values also
  // agree with the table of the smallest rank sum W, U = W − n(n+1)/2). The table's 14×17
  // entry (67 in some printings) is a known misprint and is left out.
  const critical05: [number, number, number][] = [
    [5, 5, 2],
    [6, 6, 5],
    [7, 7, 8],
    [8, 8, 13],
    [9, 9, 17],
    [10, 10, 23],
    [12, 12, 37],
    [15, 15, 64],
    [20, 20, 127],
    [5, 10, 8],
    [6, 10, 11],
    [8, 10, 17],
    [6, 12, 14],
    [8, 15, 29],
    [9, 16, 37],
    [12, 18, 61],
    [10, 20, 55],
    [5, 20, 20],
  ];
  const critical01: [number, number, number][] = [
    [5, 5, 0],
    [6, 6, 2],
    [7, 7, 4],
    [8, 8, 7],
    [9, 9, 11],
    [10, 10, 16],
    [11, 11, 21],
    [12, 12, 27],
    [13, 13, 34],
    [20, 20, 105],
    [6, 10, 6],
    [8, 10, 11],
  ];
  test.each([
    ...critical05.map(([n1, n2, u]) => [0.05, n1, n2, u] as const),
    ...critical01.map(([n1, n2, u]) => [0.01, n1, n2, u] as const),
  ])('alpha %f, (%i, %i): critical U %i', (alpha, n1, n2, u) => {
    const at = samplesWithU(n1, n2, u);
    const above = samplesWithU(n1, n2, u + 1);
    const rAt = mannWhitneyU(at.x, at.y);
    const rAbove = mannWhitneyU(above.x, above.y);
    expect(rAt).toMatchObject({ u1: u, u, method: 'exact', ties: false });
    expect(rAt.pValue).toBeLessThanOrEqual(alpha);
    expect(rAbove.u1).toBe(u + 1);
    expect(rAbove.pValue).toBeGreaterThan(alpha);
    // Either side of the table gives the same U and p.
    expect(mannWhitneyU(at.y, at.x).pValue).toBeCloseTo(rAt.pValue, 14);
  });

  test('complete separation: p = 2/C(n1+n2, n1)', () => {
    expect(mannWhitneyU([1, 2, 3], [4, 5, 6]).pValue).toBeCloseTo(2 / 20, 14);
    expect(mannWhitneyU([1, 2, 3, 4], [5, 6, 7, 8]).pValue).toBeCloseTo(2 / 70, 14);
    expect(mannWhitneyU([6, 7, 8, 9, 10], [1, 2, 3, 4, 5]).pValue).toBeCloseTo(2 / 252, 14);
    expect(mannWhitneyU([1, 2, 3, 4], [5, 6, 7, 8], { alternative: 'less' }).pValue).toBeCloseTo(
      1 / 70,
      14,
    );
  });

  test("worked example (SciPy's documentation): ages of 5 men and 4 women", () => {
    const men = [19, 22, 16, 29, 24];
    const women = [20, 11, 17, 12];
    // The women's U is 3: 7 of the 126 orderings give U <= 3, two-sided p = 14/126.
    const exact = mannWhitneyU(men, women);
    expect(exact).toMatchObject({ u1: 17, u2: 3, u: 3, method: 'exact', ties: false });
    expect(exact.pValue).toBeCloseTo(14 / 126, 14);
    // The normal approximation: z = (17 − 10 − 0.5)/√(20·10/12).
    const normal = mannWhitneyU(men, women, { method: 'normal' });
    expect(normal.z).toBeCloseTo(6.5 / Math.sqrt(200 / 12), 12);
    expect(normal.pValue).toBeCloseTo(0.11134688653314, 9);
  });

  test("worked example (R's wilcox.test documentation): W = 35, p = 0.1272 one-sided", () => {
    const x = [0.8, 0.83, 1.89, 1.04, 1.45, 1.38, 1.91, 1.64, 0.73, 1.46];
    const y = [1.15, 0.88, 0.9, 0.74, 1.21];
    const r = mannWhitneyU(x, y, { alternative: 'greater' });
    expect(r.u1).toBe(35);
    expect(r.pValue).toBeCloseTo(0.1272, 4);
  });

  test('50×50 exact is fast, whichever tail', () => {
    const x = Array.from({ length: 50 }, (_, i) => i);
    const y = Array.from({ length: 50 }, (_, i) => i + 0.5);
    const started = performance.now();
    for (const alternative of ['two-sided', 'less', 'greater'] as const) {
      const r = mannWhitneyU(x, y, { alternative });
      expect(r.method).toBe('exact');
      expect(r.pValue).toBeGreaterThan(0);
      expect(r.pValue).toBeLessThanOrEqual(1);
    }
    expect(performance.now() - started).toBeLessThan(1000);
  });
});

describe('rank sums against simple-statistics', () => {
  test('U1 = R1 − n1(n1+1)/2, with and without ties', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 8 }), { minLength: 1, maxLength: 30 }),
        fc.array(fc.integer({ min: 0, max: 8 }), { minLength: 1, maxLength: 30 }),
        (x, y) => {
          const r1 = wilcoxonRankSum(x, y);
          expect(mannWhitneyU(x, y).u1).toBe(r1 - (x.length * (x.length + 1)) / 2);
        },
      ),
    );
    const x = [1.5, 2, 2, 3.25, 7];
    const y = [2, 3.25, 3.25, 0, 9, 9];
    expect(mannWhitneyU(x, y).u1).toBe(wilcoxonRankSum(x, y) - 15);
  });
});

describe('the normal approximation', () => {
  test('agrees with the exact p within 0.01 for 20–30 values without ties', () => {
    const next = random(7);
    for (let run = 0; run < 40; run++) {
      const n1 = 20 + Math.floor(next() * 11);
      const n2 = 20 + Math.floor(next() * 11);
      const shift = next() * 0.8;
      const x = Array.from({ length: n1 }, () => next() + shift);
      const y = Array.from({ length: n2 }, () => next());
      for (const alternative of ['two-sided', 'less', 'greater'] as const) {
        const exact = mannWhitneyU(x, y, { alternative, method: 'exact' });
        const normal = mannWhitneyU(x, y, { alternative, method: 'normal' });
        expect(Math.abs(exact.pValue - normal.pValue)).toBeLessThan(0.01);
      }
    }
  });

  test('ties use the corrected variance (by hand)', () => {
    // Pooled 1 2 2 2 3 3 4 4, midranks 1, 3 3 3, 5.5 5.5, 7.5 7.5: R1 = 1+3+3+5.5 = 12.5,
    // U1 = 12.5 − 10 = 2.5. Tie groups 3, 2, 2: Σ(t³−t) = 36, so the variance is
    // 16/12·(9 − 36/56) = 78/7 instead of 12; z = (|2.5 − 8| − 0.5)/√(78/7).
    const r = mannWhitneyU([1, 2, 2, 3], [2, 3, 4, 4]);
    expect(r).toMatchObject({ u1: 2.5, u2: 13.5, ties: true, method: 'normal' });
    expect(r.z).toBeCloseTo(-5 / Math.sqrt(78 / 7), 12);
    expect(r.pValue).toBeCloseTo(2 * normalCdf(-5 / Math.sqrt(78 / 7)), 14);
    const noCc = mannWhitneyU([1, 2, 2, 3], [2, 3, 4, 4], { continuity: false });
    expect(noCc.z).toBeCloseTo(-5.5 / Math.sqrt(78 / 7), 12);
  });

  test('the continuity correction moves z by 0.5/σ against the alternative: p grows', () => {
    fc.assert(
      fc.property(untied(0), untied(1), (x, y) => {
        const sd = Math.sqrt((x.length * y.length * (x.length + y.length + 1)) / 12);
        const both = (alternative: 'two-sided' | 'less' | 'greater') => {
          const on = mannWhitneyU(x, y, { alternative, method: 'normal' });
          const off = mannWhitneyU(x, y, { alternative, method: 'normal', continuity: false });
          expect(on.pValue).toBeGreaterThanOrEqual(off.pValue);
          return { on: on.z!, off: off.z! };
        };
        const greater = both('greater');
        expect(greater.on).toBeCloseTo(greater.off - 0.5 / sd, 12);
        const less = both('less');
        expect(less.on).toBeCloseTo(less.off + 0.5 / sd, 12);
        // Two-sided: toward 0, never past it.
        const two = both('two-sided');
        expect(Math.abs(two.on)).toBeCloseTo(Math.max(0, Math.abs(two.off) - 0.5 / sd), 12);
      }),
    );
  });

  test('all values equal: p = 1', () => {
    expect(mannWhitneyU([3, 3, 3], [3, 3])).toMatchObject({ pValue: 1, ties: true, u1: 3 });
  });
});

describe('properties', () => {
  const sample = fc.array(fc.integer({ min: -50, max: 50 }), { minLength: 1, maxLength: 40 });

  test('u1 + u2 = n1·n2, p in [0, 1]', () => {
    fc.assert(
      fc.property(sample, sample, (x, y) => {
        for (const alternative of ['two-sided', 'less', 'greater'] as const) {
          const r = mannWhitneyU(x, y, { alternative });
          expect(r.u1 + r.u2).toBe(x.length * y.length);
          expect(r.u).toBe(Math.min(r.u1, r.u2));
          expect(r.pValue).toBeGreaterThanOrEqual(0);
          expect(r.pValue).toBeLessThanOrEqual(1);
        }
      }),
    );
  });

  test("swapping x and y swaps u1 and u2, and 'less' and 'greater'", () => {
    fc.assert(
      fc.property(sample, sample, fc.boolean(), (x, y, continuity) => {
        const xy = (alternative: 'two-sided' | 'less' | 'greater') =>
          mannWhitneyU(x, y, { alternative, continuity });
        const yx = (alternative: 'two-sided' | 'less' | 'greater') =>
          mannWhitneyU(y, x, { alternative, continuity });
        expect(yx('two-sided').u1).toBe(xy('two-sided').u2);
        expect(yx('two-sided').u2).toBe(xy('two-sided').u1);
        expect(yx('greater').pValue).toBeCloseTo(xy('less').pValue, 12);
        expect(yx('less').pValue).toBeCloseTo(xy('greater').pValue, 12);
        expect(yx('two-sided').pValue).toBeCloseTo(xy('two-sided').pValue, 12);
      }),
    );
  });

  test('shifting all values by a constant changes nothing', () => {
    fc.assert(
      fc.property(sample, sample, fc.integer({ min: -1e6, max: 1e6 }), (x, y, c) => {
        const moved = mannWhitneyU(
          x.map((v) => v + c),
          y.map((v) => v + c),
        );
        expect(moved).toEqual(mannWhitneyU(x, y));
      }),
    );
  });
});

describe('validation', () => {
  test('empty samples and non-finite values are named', () => {
    expect(() => mannWhitneyU([], [1])).toThrow('sample x is empty');
    expect(() => mannWhitneyU([1], [])).toThrow('sample y is empty');
    expect(() => mannWhitneyU([1, NaN], [1])).toThrow('sample x has a non-finite value at index 1');
    expect(() => mannWhitneyU([1], [Infinity])).toThrow('sample y has a non-finite value');
    expect(() => hodgesLehmannShift([], [1])).toThrow('sample x is empty');
  });

  test("'exact' refuses ties and very large samples", () => {
    expect(() => mannWhitneyU([1, 2], [2, 3], { method: 'exact' })).toThrow('without ties');
    const big = Array.from({ length: 101 }, (_, i) => i);
    const other = big.map((v) => v + 0.5);
    expect(() => mannWhitneyU(big, other, { method: 'exact' })).toThrow('limited to');
    expect(mannWhitneyU(big, other).method).toBe('normal');
  });
});

describe('Hodges–Lehmann shift', () => {
  test('the median of the pairwise differences', () => {
    // Differences of [1, 5] − [0, 2]: 1, −1, 5, 3; median (1 + 3)/2.
    expect(hodgesLehmannShift([1, 5], [0, 2]).shift).toBe(2);
    expect(hodgesLehmannShift([10, 11, 12], [1]).shift).toBe(10);
  });

  test('a sample shifted by 3 is estimated at 3, inside its interval', () => {
    const next = random(3);
    const y = Array.from({ length: 40 }, () => next() * 10);
    const x = y.map((v) => v + 3);
    const r = hodgesLehmannShift(x, y, { confidence: 0.95 });
    expect(r.shift).toBeCloseTo(3, 12);
    expect(r.lower!).toBeLessThan(3);
    expect(r.upper!).toBeGreaterThan(3);
    expect(r.confidence).toBe(0.95);
  });

  test('the interval ends are the C-th ordered differences, C = exact critical U + 1', () => {
    // 10×10 at 95%: the table's critical U is 23, so C = 24: the 24th smallest and the
    // 24th largest of the 100 differences x_i − y_j = 10i − j.
    const x = Array.from({ length: 10 }, (_, i) => 10 * i);
    const y = Array.from({ length: 10 }, (_, j) => j);
    const diffs = x.flatMap((a) => y.map((b) => a - b)).sort((a, b) => a - b);
    const r = hodgesLehmannShift(x, y, { confidence: 0.95 });
    expect(r.lower).toBe(diffs[23]);
    expect(r.upper).toBe(diffs[100 - 24]);
    // 20×20: critical U 127, C = 128.
    const x2 = Array.from({ length: 20 }, (_, i) => 20 * i);
    const y2 = Array.from({ length: 20 }, (_, j) => j);
    const d2 = x2.flatMap((a) => y2.map((b) => a - b)).sort((a, b) => a - b);
    expect(hodgesLehmannShift(x2, y2, { confidence: 0.95 }).lower).toBe(d2[127]);
  });

  test('a higher confidence widens the interval; tiny samples get the whole range', () => {
    const next = random(11);
    const x = Array.from({ length: 30 }, () => next());
    const y = Array.from({ length: 25 }, () => next());
    const r90 = hodgesLehmannShift(x, y, { confidence: 0.9 });
    const r99 = hodgesLehmannShift(x, y, { confidence: 0.99 });
    expect(r99.lower!).toBeLessThanOrEqual(r90.lower!);
    expect(r99.upper!).toBeGreaterThanOrEqual(r90.upper!);
    expect(hodgesLehmannShift([1, 2], [0], { confidence: 0.95 })).toEqual({
      shift: 1.5,
      lower: 1,
      upper: 2,
      confidence: 0.95,
    });
    expect(() => hodgesLehmannShift([1], [2], { confidence: 1 })).toThrow('confidence');
  });
});

describe('the normal CDF', () => {
  const rel = (a: number, b: number) => Math.abs(a - b) / Math.abs(b);
  test.each([
    [0.5, 0.4795001221869535],
    [1, 0.1572992070502851],
    [2.5, 4.06952017444959e-4],
    [3, 2.209049699858544e-5],
    [5, 1.537459794428035e-12],
    [-1, 1.842700792949715],
  ])('erfc(%f) = %f', (x, value) => {
    expect(rel(erfc(x), value)).toBeLessThan(1e-12);
  });

  test.each([
    [0, 0.5],
    [1, 0.8413447460685429],
    [1.96, 0.9750021048517795],
    [-3, 0.0013498980316301],
    [-5, 2.866515718791939e-7],
    [-8, 6.22096057427178e-16],
  ])('Φ(%f) = %f', (z, value) => {
    expect(rel(normalCdf(z), value)).toBeLessThan(1e-12);
  });

  test('continuous where the two expansions meet, monotone, and inverted by normalQuantile', () => {
    const at = 2.5 * Math.SQRT2;
    expect(rel(normalCdf(-at + 1e-9), normalCdf(-at - 1e-9))).toBeLessThan(1e-7);
    for (let z = -8; z < 8; z += 0.01) {
      // Strictly increasing until Φ rounds to 1 in doubles.
      if (z < 5) expect(normalCdf(z + 0.01)).toBeGreaterThan(normalCdf(z));
      else expect(normalCdf(z + 0.01)).toBeGreaterThanOrEqual(normalCdf(z));
    }
    expect(normalQuantile(0.975)).toBeCloseTo(1.959963984540054, 12);
    expect(normalQuantile(0.5)).toBeCloseTo(0, 12);
  });
});
