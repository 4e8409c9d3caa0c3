/**
 * The gate: after an initial delay, a round of every check each interval, for a count of
 * rounds or a duration, failing at once when failed rounds reach the failure limit. It ends
 * pass (the last round passed, the limit not reached), fail, or inconclusive.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { Check, CheckResult, CheckStatus, GateResult, Round } from './types.ts';

export interface GateSchedule {
  initialDelayMs: number;
  intervalMs: number;
  /** Rounds to run; when absent, rounds run for `durationMs`. */
  count?: number | undefined;
  durationMs?: number | undefined;
  /** The whole gate's limit: the rounds that fit, and no more. */
  timeoutMs: number;
  failureLimit: number;
}

export interface GateOptions {
  /** Combines the round's results into more results (the judge's score of the compare checks). */
  combine?: (results: CheckResult[]) => CheckResult[];
  /** Each round as it ends: the CLI prints it, the action logs it. */
  onRound?: (round: Round) => void;
  signal?: AbortSignal | undefined;
  now?: () => number;
}

/** How many rounds a schedule runs at most: a count, or one per interval in the duration. */
export function plannedRounds(s: GateSchedule): number {
  const byTime = (ms: number) => Math.floor(Math.max(0, ms - s.initialDelayMs) / s.intervalMs) + 1;
  const wanted = s.count ?? (s.durationMs !== undefined ? byTime(s.durationMs) : 3);
  return Math.max(1, Math.min(wanted, byTime(s.timeoutMs)));
}

export async function runGate(
  checks: readonly Check[],
  schedule: GateSchedule,
  opts: GateOptions = {},
): Promise<GateResult> {
  const now = opts.now ?? Date.now;
  const start = now();
  const planned = plannedRounds(schedule);
  const rounds: Round[] = [];
  let failed = 0;
  const end = (verdict: CheckStatus, reason: string): GateResult => ({
    verdict,
    reason,
    rounds,
    durationMs: now() - start,
  });

  if (schedule.initialDelayMs > 0) await pause(schedule.initialDelayMs, opts.signal);
  for (let index = 1; index <= planned; index++) {
    const roundStart = now();
    const results = await Promise.all(
      checks.map((c) => runCheck(c, { index, signal: opts.signal })),
    );
    const all = [...results, ...(opts.combine?.(results) ?? [])];
    const round: Round = {
      index,
      at: roundStart,
      elapsedMs: roundStart - start,
      status: roundStatus(all),
      results: all,
    };
    rounds.push(round);
    opts.onRound?.(round);
    if (round.status === 'fail') failed++;
    if (failed >= schedule.failureLimit)
      return end(
        'fail',
        `${failed} failed round${failed === 1 ? '' : 's'} reached the failure limit ${schedule.failureLimit}${failingChecks(round)}`,
      );
    if (index < planned)
      await pause(Math.max(0, roundStart + schedule.intervalMs - now()), opts.signal);
  }
  const last = rounds.at(-1)!;
  if (last.status === 'pass')
    return end(
      'pass',
      `${rounds.length} round${rounds.length === 1 ? '' : 's'}, the last passed${failed ? `; ${failed} failed, below the limit ${schedule.failureLimit}` : ''}`,
    );
  return end(
    'inconclusive',
    `the last of ${rounds.length} rounds was ${last.status === 'fail' ? 'failed' : 'inconclusive'}${failingChecks(last)}; the failure limit ${schedule.failureLimit} was not reached`,
  );
}

/**
 * A round's status: a checked failure fails it, otherwise anything inconclusive leaves it
 * inconclusive. Compare checks are judged together by their score, so theirs do not count
 * alone when the judge's result is there.
 */
export function roundStatus(results: readonly CheckResult[]): CheckStatus {
  const judged = results.some((r) => r.kind === 'judge');
  const counted = results.filter((r) => !(judged && r.kind === 'compare'));
  if (counted.some((r) => r.status === 'fail')) return 'fail';
  if (counted.some((r) => r.status === 'inconclusive')) return 'inconclusive';
  return 'pass';
}

/** A check that throws gives an inconclusive result with the reason, unless the error must stop the gate. */
async function runCheck(check: Check, round: { index: number; signal?: AbortSignal | undefined }) {
  try {
    return await check.run(round);
  } catch (e) {
    if (stopsTheGate(e)) throw e;
    const result: CheckResult = {
      name: check.name,
      kind: check.kind,
      status: 'inconclusive',
      summary: `could not run: ${e instanceof Error ? e.message : String(e)}`,
      values: {},
    };
    return result;
  }
}

/** Errors of the config (invalid PromQL) or of the run (aborted): no round can fix them. */
function stopsTheGate(e: unknown): boolean {
  if (e instanceof Error && e.name === 'AbortError') return true;
  const code = (e as { code?: unknown } | undefined)?.code;
  return code === 'PROMETHEUS_QUERY' || code === 'CONFIG_INVALID';
}

function failingChecks(round: Round): string {
  const names = round.results.filter((r) => r.status !== 'pass').map((r) => r.name);
  return names.length ? ` (${names.join(', ')})` : '';
}

async function pause(ms: number, signal: AbortSignal | undefined) {
  if (ms > 0) await sleep(ms, undefined, signal ? { signal } : {});
}
