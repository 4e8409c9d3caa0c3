/**
 * The judge's entry in a round: the compare checks scored together (Kayenta's weighted
 * score), so a regression of a minor metric can be weighed against the others.
 */
import { shown } from './numbers.ts';
import { scoreMetrics } from './stats/judge.ts';
import type { CheckResult, CheckStatus } from './types.ts';
import type { NoDataResult } from './checks/prometheus.ts';

export function judgeCompares(
  thresholds: { pass: number; marginal: number },
  noData: NoDataResult,
): (results: CheckResult[]) => CheckResult[] {
  return (results) => {
    const compared = results.filter((r) => r.kind === 'compare' && r.judged);
    if (compared.length === 0) return [];
    const card = scoreMetrics(
      compared.map((r) => ({ name: r.name, ...r.judged! })),
      thresholds,
    );
    const status: CheckStatus =
      card.verdict === 'pass'
        ? 'pass'
        : card.verdict === 'fail'
          ? 'fail'
          : card.verdict === 'marginal'
            ? 'inconclusive'
            : (noData as CheckStatus);
    return [
      {
        name: 'judge',
        kind: 'judge',
        status,
        summary:
          card.verdict === 'nodata'
            ? `no data: ${card.reason}`
            : `score ${shown(card.score)} (pass from ${thresholds.pass}, marginal from ${thresholds.marginal})${card.regressions.length ? `; regressed: ${card.regressions.join(', ')}` : ''}`,
        values: card.verdict === 'nodata' ? ({} as Record<string, number>) : { score: card.score },
      },
    ];
  };
}
