/**
 * The gate's evidence as a report: the verdict per tenant, each round's results with their
 * numbers, and a chart per measured value over the rounds. Also the `checks` output.
 */
import { chart, details, heading, table, text, type ReportBlock } from '../stages/io.ts';
import { shown } from './numbers.ts';
import type { GateOutcome, TenantGate } from './run.ts';
import { GateNotPassed } from './run.ts';
import type { Round } from './types.ts';

/** The gate of an outcome, passed or not; undefined when it never ran (an error before it, skipped). */
export function gateOf(o: GateOutcome): TenantGate | undefined {
  if (o.status === 'ok') return o.value;
  if (o.status === 'failed' && o.error instanceof GateNotPassed) return o.error.gate;
  return undefined;
}

export const VERDICT_HEADERS = ['ring', 'tenant', 'color', 'version', 'verdict', 'rounds', 'why'];

export function verdictRows(outcomes: GateOutcome[]): string[][] {
  return outcomes.map((o) => {
    const base = [o.ring, o.item.id];
    const g = gateOf(o);
    if (g)
      return [
        ...base,
        g.target.color,
        g.target.versions[g.target.color] ?? '',
        g.result.verdict,
        String(g.result.rounds.length),
        g.result.reason,
      ];
    if (o.status === 'skipped') return [...base, '', '', 'skipped', '0', o.reason];
    const e = o.status === 'failed' ? o.error : undefined;
    return [...base, '', '', 'error', '0', e instanceof Error ? e.message : String(e)];
  });
}

/** One line per round as it ends: what the CLI prints and the job log shows. */
export function roundLine(unit: { id: string; ring: string }, round: Round): string {
  const checks = round.results.map((r) => `${r.name} ${r.status}: ${r.summary}`).join(' | ');
  return `[${unit.ring}] ${unit.id}: round ${round.index} ${round.status} (${Math.round(round.elapsedMs / 1000)} s) ${checks}`;
}

export function gateReport(outcomes: GateOutcome[]): ReportBlock[] {
  const blocks: ReportBlock[] = [table(VERDICT_HEADERS, verdictRows(outcomes))];
  for (const o of outcomes) {
    const g = gateOf(o);
    if (!g) continue;
    blocks.push(
      heading(
        `${o.item.id}: ${g.result.verdict} (${g.target.color} ${g.target.versions[g.target.color] ?? ''})`,
      ),
      text(g.result.reason),
      table(
        ['round', 'at', 'check', 'result', 'evidence'],
        g.result.rounds.flatMap((r) =>
          r.results.map((c) => [
            String(r.index),
            `${Math.round(r.elapsedMs / 1000)} s`,
            c.name,
            c.status,
            c.summary,
          ]),
        ),
      ),
      ...charts(g),
    );
    const evidence = g.result.rounds.flatMap((r) =>
      r.results.filter((c) => c.detail?.length).map((c) => ({ r, c })),
    );
    const last = evidence.at(-1);
    if (last && g.result.verdict !== 'pass')
      blocks.push(details(`${last.c.name}, round ${last.r.index}`, last.c.detail!));
  }
  return blocks;
}

/** A chart per check with numbers, a line per value, when there are rounds to compare. */
function charts(g: TenantGate): ReportBlock[] {
  const rounds = g.result.rounds;
  if (rounds.length < 2) return [];
  const x = rounds.map((r) => `r${r.index}`);
  const names = [...new Set(rounds.flatMap((r) => r.results.map((c) => c.name)))];
  const blocks: ReportBlock[] = [];
  for (const name of names) {
    const keys = [
      ...new Set(
        rounds.flatMap((r) => Object.keys(r.results.find((c) => c.name === name)?.values ?? {})),
      ),
    ].filter((k) => k !== 'p' && k !== 'tries' && k !== 'status');
    if (keys.length === 0) continue;
    blocks.push(
      chart({
        title: `${g.target.unit}: ${name}`,
        x,
        series: keys.map((k) => ({
          name: k,
          values: rounds.map((r) => {
            const v = r.results.find((c) => c.name === name)?.values[k];
            return v === undefined ? null : Number(shown(v));
          }),
        })),
      }),
    );
  }
  return blocks;
}

/** The `checks` output: per tenant, the verdict and each round's results with their numbers. */
export function checksOutput(outcomes: GateOutcome[]) {
  return Object.fromEntries(
    outcomes.flatMap((o) => {
      const g = gateOf(o);
      if (!g) return [[o.item.id, { verdict: o.status === 'skipped' ? 'skipped' : 'error' }]];
      return [
        [
          o.item.id,
          {
            verdict: g.result.verdict,
            passed: g.passed,
            reason: g.result.reason,
            color: g.target.color,
            baseline: g.target.baseline ?? null,
            versions: g.target.versions,
            weight: g.target.weight,
            rounds: g.result.rounds.map((r) => ({
              index: r.index,
              elapsedMs: r.elapsedMs,
              status: r.status,
              results: r.results.map((c) => ({
                name: c.name,
                kind: c.kind,
                status: c.status,
                summary: c.summary,
                values: c.values,
              })),
            })),
          },
        ],
      ];
    }),
  );
}

/** The verdict over all tenants: the worst of theirs (an error or skip counts as fail). */
export function overallVerdict(outcomes: GateOutcome[]): 'pass' | 'fail' | 'inconclusive' {
  const verdicts = outcomes.map((o) => gateOf(o)?.result.verdict ?? 'fail');
  if (verdicts.includes('fail')) return 'fail';
  if (verdicts.includes('inconclusive')) return 'inconclusive';
  return 'pass';
}
