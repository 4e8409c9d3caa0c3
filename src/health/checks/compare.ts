/**
 * `compare`: the same query for the color under test and for the live color over the same
 * window, sampled every step; a Mann-Whitney U test with a tolerance classifies the metric
 * pass, high or low. The judge then scores all compare checks of a round together.
 */
import type { Color } from '../../release/names.ts';
import type { PrometheusClient } from '../prometheus/client.ts';
import { shown } from '../numbers.ts';
import { classifyMetric, isRegression, type Direction } from '../stats/judge.ts';
import type { Check, CheckResult, CheckStatus } from '../types.ts';
import { unreached, type NoDataResult } from './prometheus.ts';

export interface CompareCheckSettings {
  name: string;
  /** The query of each color, placeholders filled in. */
  queries: Partial<Record<Color, string>>;
  color: Color;
  baseline: Color | undefined;
  direction: Direction;
  tolerance: number;
  weight: number;
  windowMs: number;
  stepMs: number;
  noData: NoDataResult;
  timeoutMs: number;
}

export function compareCheck(client: PrometheusClient, s: CompareCheckSettings): Check {
  const judged = (classification: 'pass' | 'high' | 'low' | 'nodata') => ({
    classification,
    direction: s.direction,
    weight: s.weight,
  });
  const noData = (why: string): CheckResult => ({
    name: s.name,
    kind: 'compare',
    status: s.noData as CheckStatus,
    summary: `no data: ${why}`,
    values: {},
    judged: judged('nodata'),
  });

  const samples = async (color: Color, signal: AbortSignal | undefined): Promise<number[]> => {
    const end = Date.now() / 1000;
    const { series } = await client.range(s.queries[color]!, {
      start: end - s.windowMs / 1000,
      end,
      stepSeconds: s.stepMs / 1000,
      timeoutMs: s.timeoutMs,
      ...(signal ? { signal } : {}),
    });
    return series.flatMap((x) => x.points.map(([, v]) => v)).filter((v) => Number.isFinite(v));
  };

  return {
    name: s.name,
    kind: 'compare',
    async run(round): Promise<CheckResult> {
      const { baseline } = s;
      if (!baseline) return noData('no live color beside the one under test to compare with');
      let green: number[], blue: number[];
      try {
        [green, blue] = await Promise.all([
          samples(s.color, round.signal),
          samples(baseline, round.signal),
        ]);
      } catch (e) {
        return unreached(e, noData);
      }
      if (!green.length || !blue.length)
        return noData(`${!green.length ? s.color : baseline} has no samples in the window`);
      const c = classifyMetric(blue, green, { direction: s.direction, tolerance: s.tolerance });
      const regressed = isRegression(c.classification, s.direction);
      return {
        name: s.name,
        kind: 'compare',
        status: regressed ? 'fail' : 'pass',
        summary: `${c.classification}: ${c.reason}`,
        values: {
          [s.color]: c.green.mean,
          [baseline]: c.blue.mean,
          ...(c.pValue !== undefined ? { p: c.pValue } : {}),
        },
        detail: [
          `${s.color}: n=${c.green.n}, median ${shown(c.green.median)}, mean ${shown(c.green.mean)}`,
          `${baseline}: n=${c.blue.n}, median ${shown(c.blue.median)}, mean ${shown(c.blue.mean)}`,
          `query: ${s.queries[s.color]}`,
        ],
        judged: judged(c.classification),
      };
    },
  };
}
