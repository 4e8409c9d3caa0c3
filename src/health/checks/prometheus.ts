/**
 * `prometheus`: a PromQL query for the color under test whose every series must stay
 * within min/max. No data (no series, only NaN, or Prometheus not reached) is its own
 * result, inconclusive unless the config says otherwise.
 */
import { isCutoverError } from '../../errors.ts';
import type { NO_DATA_RESULTS } from '../../config/schema/health.ts';
import type { PrometheusClient } from '../prometheus/client.ts';
import { shown } from '../numbers.ts';
import type { Check, CheckResult, CheckStatus } from '../types.ts';

export type NoDataResult = (typeof NO_DATA_RESULTS)[number];

export interface PrometheusCheckSettings {
  name: string;
  /** The query with the placeholders filled in. */
  query: string;
  min?: number | undefined;
  max?: number | undefined;
  noData: NoDataResult;
  timeoutMs: number;
}

export function prometheusCheck(client: PrometheusClient, s: PrometheusCheckSettings): Check {
  const noData = (why: string): CheckResult => ({
    name: s.name,
    kind: 'prometheus',
    status: s.noData as CheckStatus,
    summary: `no data: ${why}`,
    values: {},
    detail: [`query: ${s.query}`],
  });
  return {
    name: s.name,
    kind: 'prometheus',
    async run(round): Promise<CheckResult> {
      let samples;
      try {
        ({ samples } = await client.instant(s.query, {
          timeoutMs: s.timeoutMs,
          ...(round.signal ? { signal: round.signal } : {}),
        }));
      } catch (e) {
        return unreached(e, noData);
      }
      const values = samples.filter((x) => !Number.isNaN(x.value));
      if (values.length === 0)
        return noData(
          samples.length ? 'every series is NaN (no requests?)' : 'the query returned no series',
        );
      const outside = values.filter(
        (x) => (s.min !== undefined && x.value < s.min) || (s.max !== undefined && x.value > s.max),
      );
      const worst = outside[0] ?? extreme(values, s);
      const bounds = [
        s.min !== undefined ? `>= ${s.min}` : '',
        s.max !== undefined ? `<= ${s.max}` : '',
      ]
        .filter(Boolean)
        .join(' and ');
      const series =
        values.length > 1
          ? ` (${outside.length || 'none'} of ${values.length} series outside)`
          : '';
      return {
        name: s.name,
        kind: 'prometheus',
        status: outside.length ? 'fail' : 'pass',
        summary: `${shown(worst.value)} ${outside.length ? 'is not' : 'is'} ${bounds}${series}`,
        values: { value: worst.value },
        ...(outside.length
          ? {
              detail: [
                `query: ${s.query}`,
                ...outside.slice(0, 5).map((x) => `${labelText(x.labels)} = ${shown(x.value)}`),
              ],
            }
          : {}),
      };
    },
  };
}

/** Prometheus not reached is no data; a refused query (bad PromQL) stops the gate. */
export function unreached(e: unknown, noData: (why: string) => CheckResult): CheckResult {
  if (isCutoverError(e) && e.code === 'PROMETHEUS_UNREACHABLE') return noData(e.message);
  throw e;
}

/** The value nearest a bound: the one to show when all pass. */
function extreme(
  values: { value: number }[],
  s: { min?: number | undefined; max?: number | undefined },
) {
  const byMax = [...values].sort((a, b) => b.value - a.value);
  return s.max !== undefined ? byMax[0]! : byMax.at(-1)!;
}

export function labelText(labels: Record<string, string>): string {
  const entries = Object.entries(labels);
  return entries.length ? `{${entries.map(([k, v]) => `${k}="${v}"`).join(',')}}` : '{}';
}
