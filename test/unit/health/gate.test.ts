/**
 * The gate's schedule and verdicts, with checks whose results the test scripts (the checks
 * themselves are tested against real Prometheus, HTTP servers and the local cluster).
 */
import {
  plannedRounds,
  roundStatus,
  runGate,
  type GateSchedule,
} from '../../../src/health/gate.ts';
import { judgeCompares } from '../../../src/health/judge-round.ts';
import type { Check, CheckResult, CheckStatus } from '../../../src/health/types.ts';

const schedule = (s: Partial<GateSchedule> = {}): GateSchedule => ({
  initialDelayMs: 0,
  intervalMs: 5,
  count: 4,
  timeoutMs: 60_000,
  failureLimit: 2,
  ...s,
});

/** A check that answers the given statuses round after round (the last one repeats). */
function scripted(name: string, statuses: CheckStatus[]): Check & { calls: number } {
  const c = {
    name,
    kind: 'http' as const,
    calls: 0,
    run: async (): Promise<CheckResult> => {
      const status = statuses[Math.min(c.calls++, statuses.length - 1)]!;
      return { name, kind: 'http', status, summary: status, values: { calls: c.calls } };
    },
  };
  return c;
}

describe('health gate rounds', () => {
  test('passes when every round passes, after the planned count', async () => {
    const a = scripted('a', ['pass']);
    const r = await runGate([a], schedule());
    expect(r.verdict).toBe('pass');
    expect(r.rounds).toHaveLength(4);
    expect(a.calls).toBe(4);
    expect(r.rounds.map((x) => x.index)).toEqual([1, 2, 3, 4]);
  });

  test('fails fast when failed rounds reach the failure limit', async () => {
    const a = scripted('a', ['pass', 'fail', 'fail', 'pass']);
    const r = await runGate([a], schedule({ count: 10 }));
    expect(r.verdict).toBe('fail');
    expect(r.rounds).toHaveLength(3);
    expect(r.reason).toBe('2 failed rounds reached the failure limit 2 (a)');
  });

  test('a failure below the limit passes when the last round passed', async () => {
    const r = await runGate([scripted('a', ['fail', 'pass'])], schedule({ count: 3 }));
    expect(r.verdict).toBe('pass');
    expect(r.reason).toBe('3 rounds, the last passed; 1 failed, below the limit 2');
  });

  test('ends inconclusive when the last round was not a pass and the limit was not reached', async () => {
    const r = await runGate(
      [scripted('a', ['pass']), scripted('b', ['pass', 'inconclusive'])],
      schedule({ count: 2 }),
    );
    expect(r.verdict).toBe('inconclusive');
    expect(r.reason).toContain('the last of 2 rounds was inconclusive (b)');
  });

  test('a check that throws is inconclusive with the reason; the gate goes on', async () => {
    const boom: Check = {
      name: 'boom',
      kind: 'webhook',
      run: () => Promise.reject(new Error('socket hang up')),
    };
    const r = await runGate([boom], schedule({ count: 1 }));
    expect(r.rounds[0]!.results[0]).toMatchObject({
      status: 'inconclusive',
      summary: 'could not run: socket hang up',
    });
  });

  test('a refused query stops the gate with its error', async () => {
    const bad: Check = {
      name: 'bad',
      kind: 'prometheus',
      run: () =>
        Promise.reject(Object.assign(new Error('parse error'), { code: 'PROMETHEUS_QUERY' })),
    };
    await expect(runGate([bad], schedule())).rejects.toThrow('parse error');
  });

  test('waits the interval between rounds and the initial delay before the first', async () => {
    const times: number[] = [];
    const t: Check = {
      name: 't',
      kind: 'rollout',
      run: async () => {
        times.push(Date.now());
        return { name: 't', kind: 'rollout', status: 'pass', summary: '', values: {} };
      },
    };
    const start = Date.now();
    await runGate([t], schedule({ initialDelayMs: 60, intervalMs: 40, count: 3 }));
    expect(times[0]! - start).toBeGreaterThanOrEqual(55);
    expect(times[1]! - times[0]!).toBeGreaterThanOrEqual(35);
    expect(times[2]! - times[1]!).toBeGreaterThanOrEqual(35);
  });

  test('an abort stops the wait between rounds', async () => {
    const ac = new AbortController();
    const p = runGate([scripted('a', ['pass'])], schedule({ intervalMs: 60_000 }), {
      signal: ac.signal,
    });
    setTimeout(() => ac.abort(), 20);
    await expect(p).rejects.toThrow(/abort/i);
  });

  test('plannedRounds: a count, or one per interval in the duration, within the timeout', () => {
    expect(plannedRounds(schedule({ count: 7 }))).toBe(7);
    expect(
      plannedRounds(schedule({ count: undefined, durationMs: 60_000, intervalMs: 10_000 })),
    ).toBe(7);
    expect(plannedRounds(schedule({ count: undefined, durationMs: undefined }))).toBe(3);
    expect(plannedRounds(schedule({ count: 100, intervalMs: 10_000, timeoutMs: 30_000 }))).toBe(4);
    expect(
      plannedRounds(
        schedule({
          count: undefined,
          durationMs: 60_000,
          intervalMs: 10_000,
          initialDelayMs: 30_000,
        }),
      ),
    ).toBe(4);
  });
});

describe('the judge in a round', () => {
  const compare = (name: string, classification: 'pass' | 'high' | 'low' | 'nodata', weight = 1) =>
    ({
      name,
      kind: 'compare',
      status: classification === 'high' ? 'fail' : 'pass',
      summary: classification,
      values: {},
      judged: { classification, direction: 'lower', weight },
    }) satisfies CheckResult;

  test('scores the compare checks together; a light regression leaves the round marginal', () => {
    const judge = judgeCompares({ pass: 95, marginal: 75 }, 'inconclusive');
    const [light] = judge([compare('errors', 'pass', 4), compare('latency', 'high', 1)]);
    expect(light).toMatchObject({ kind: 'judge', status: 'inconclusive', values: { score: 80 } });
    const [heavy] = judge([compare('errors', 'high', 4), compare('latency', 'pass', 1)]);
    expect(heavy).toMatchObject({ status: 'fail', values: { score: 20 } });
    expect(judge([compare('errors', 'low')])[0]).toMatchObject({ status: 'pass' });
    expect(judge([])).toEqual([]);
  });

  test('no data for every compare check takes health.noData', () => {
    expect(
      judgeCompares({ pass: 95, marginal: 75 }, 'fail')([compare('e', 'nodata')])[0],
    ).toMatchObject({ status: 'fail' });
  });

  test("with the judge present, a compare check's own failure does not fail the round", () => {
    const results: CheckResult[] = [
      compare('latency', 'high', 1),
      { name: 'judge', kind: 'judge', status: 'inconclusive', summary: '', values: {} },
    ];
    expect(roundStatus(results)).toBe('inconclusive');
    expect(roundStatus([compare('latency', 'high')])).toBe('fail');
  });
});
