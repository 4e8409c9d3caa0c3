// Health gate accuracy: how often each check kind gives the right verdict, and how fast it
// fails a bad green. Prints figures (Markdown tables for an issue note); asserts nothing.
// Run: node bench/gate-accuracy.ts [--runs 50] [--quick] [--concurrency 20] [--tolerance 0.1]
//        [--initial-delay 30]
//        [--scenarios healthy,healthy-0-errors,errors,latency,latency-in-bucket]
//
// Setup. One real Prometheus (Debian's, scrape and rule interval 1 s) scrapes every
// metrics-app server of the bench (test/support/metrics-app.ts), all in one worker thread:
// with the gates on the same event loop, their work delayed the apps' timers while the
// gates ran, which is all of green's life and a third of blue's window, and a healthy green
// looked 20% slower than blue (a setup fault: it made compare p95 fail healthy runs). Each
// run has its own blue and green server, labelled {namespace: run-<n>, app: web, color,
// version}; all of them are created before Prometheus starts (its targets are static) and
// an idle one exposes no series. A run: blue takes 20 requests a second for a lead time
// (the live color has history: a full compare window at the first round), then green
// starts taking 20 a second too: that is the "deploy". At that moment every gate of the
// run starts, concurrently: one gate per check kind (the check alone) and the whole gate
// (checks a, b, c, e, f, the compare checks scored by the judge, pass 95 / marginal 75). Runs go
// through a pool of --concurrency at a time, the scenarios interleaved so that each sees
// the same machine load.
//
// Schedule of every gate: initialDelay 30 s, interval 2 s, count 5, failureLimit 2, noData
// inconclusive. So a failing green fails at round 2 at the earliest, 2 s after the first
// round (≤ 2 intervals). The initial delay is the compare window, not the 10 s rate window:
// with 10 s (--initial-delay 10) the compare checks judge green on the 10–18 s it has lived
// (its first, thin rate windows included) against 30 s of blue; in one 50-run run compare
// p95 then missed 4 latency runs, left 3 inconclusive, and left 1 healthy run inconclusive.
// With 30 s, green's histogram p95 still wanders (its true p95, 51 ms, sits on the 50 ms
// bucket bound): at --tolerance 0.2 compare p95 missed 0 and 6 of 50 latency runs in two
// runs; at 0.1 (the default, as in cutover.yaml) it missed 0 of 50, with 0 of 50 healthy
// runs failed.
// Blue's lead gives it a full window: compare window + rate window − initial delay, ≥ 5 s.
//
// Scenarios (blue is always 0.5% errors, 20–40 ms):
//   healthy            green = blue
//   healthy-0-errors   green without a single error (the usual healthy deploy)
//   errors             green 5% errors
//   latency            green 26–52 ms: every latency ×1.3, so the true p95 +30% (39 → 51 ms);
//                      the range spans the 25/50/100 ms buckets, so the histogram sees it
//   latency-in-bucket  blue 50–70 ms, green 65–91 ms (×1.3 again): both inside the 50–100 ms
//                      bucket, where histogram_quantile interpolates the same p95 for both
// The apps fail requests evenly (exactly 1 in 200 at 0.5%), not at random: the error
// figures are those of a steady error rate, without Poisson bursts. prom-client exports a
// code="500" series only from its first error on, so rate() never sees that first one:
// the measured ratios of a young server fall short of 0.5%, and a green without errors has
// no 5xx series at all (which is what x2 below is about).
//
// Total: about 50 s a run (10 s blue lead, 30 s initial delay, 8–9 s of rounds), 20 runs at
// a time: some 11 minutes for 5 scenarios × 50 runs; --quick is 5 runs a scenario (~2 min).
//
// Check kinds (rate windows 10 s; compare: window 30 s, step 1 s, direction lower):
//   a  prometheus: error ratio (with `or vector(0)`) max 0.02
//   b  prometheus: p95 latency (histogram_quantile) max 0.5 s — the plain threshold check
//   c  compare: error ratio, green vs blue
//   d  compare: p95 latency, green vs blue
//   e  http: 40 requests to green's `/` each round, minSuccessRatio 0.975 (1 error in 40)
//   f  compare: mean latency (rate of _sum / rate of _count): not bucketed, so it sees a
//      shift a histogram p95 interpolates away (latency-in-bucket)
//   x2 prometheus: error ratio written as examples/cutover.yaml writes it (no `or vector(0)`)
// A verdict is right when it is `fail` for a check whose signal regressed in the scenario
// and `pass` otherwise; false-fail = fail where pass was right, false-pass = pass where fail
// was right; inconclusive is neither and counted apart. Detection time: from the gate's
// first round (the end of its initial delay) to the fail verdict.
import { spawnSync } from 'node:child_process';
import { relative } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import { Worker, isMainThread, parentPort } from 'node:worker_threads';

import { compareCheck } from '../src/health/checks/compare.ts';
import { httpCheck, urlRequester } from '../src/health/checks/http.ts';
import { prometheusCheck } from '../src/health/checks/prometheus.ts';
import { runGate, type GateSchedule } from '../src/health/gate.ts';
import { judgeCompares } from '../src/health/judge-round.ts';
import { PrometheusClient } from '../src/health/prometheus/client.ts';
import type { Check, CheckResult, GateResult } from '../src/health/types.ts';
import { type Behaviour, type MetricsApp, startMetricsApp } from '../test/support/metrics-app.ts';
import {
  type RunningPrometheus,
  requireBinary,
  startPrometheus,
} from '../test/support/prometheus.ts';

const { values } = parseArgs({
  options: {
    runs: { type: 'string' },
    quick: { type: 'boolean', default: false },
    concurrency: { type: 'string', default: '20' },
    tolerance: { type: 'string', default: '0.1' },
    'initial-delay': { type: 'string', default: '30' },
    scenarios: {
      type: 'string',
      default: 'healthy,healthy-0-errors,errors,latency,latency-in-bucket',
    },
  },
});
const runs = Number(values.runs ?? (values.quick ? 5 : 50));
const concurrency = Number(values.concurrency);
const tolerance = Number(values.tolerance);
const initialDelayMs = Number(values['initial-delay']) * 1000;
if (!(runs >= 1 && concurrency >= 1 && tolerance >= 0 && initialDelayMs >= 0))
  throw new Error('--runs and --concurrency must be >= 1, --tolerance and --initial-delay >= 0');

const RPS = 20;
const RATE_WINDOW = '10s';
const COMPARE = { windowMs: 30_000, stepMs: 1_000 };
const BLUE_LEAD_MS = Math.max(5_000, COMPARE.windowMs + 10_000 - initialDelayMs);
const SCHEDULE: GateSchedule = {
  initialDelayMs,
  intervalMs: 2_000,
  count: 5,
  timeoutMs: 60_000,
  failureLimit: 2,
};
const JUDGE = { pass: 95, marginal: 75 };
const HTTP = { requests: 40, minSuccessRatio: 0.975 };

type Signal = 'errors' | 'latency';
interface Scenario {
  name: string;
  blue: Behaviour;
  green: Behaviour;
  /** What regressed in green. */
  regressed: Signal[];
  what: string;
}
const FAST: Behaviour = { errorRatio: 0.005, latencyMs: 20, jitterMs: 20 };
const SLOWER: Behaviour = { errorRatio: 0.005, latencyMs: 50, jitterMs: 20 };
const times13 = (b: Behaviour): Behaviour => ({
  ...b,
  latencyMs: b.latencyMs * 1.3,
  jitterMs: b.jitterMs * 1.3,
});
const ALL_SCENARIOS: Scenario[] = [
  { name: 'healthy', blue: FAST, green: FAST, regressed: [], what: 'green = blue' },
  {
    name: 'healthy-0-errors',
    blue: FAST,
    green: { ...FAST, errorRatio: 0 },
    regressed: [],
    what: 'green without errors, blue 0.5%',
  },
  {
    name: 'errors',
    blue: FAST,
    green: { ...FAST, errorRatio: 0.05 },
    regressed: ['errors'],
    what: 'green 5% errors, blue 0.5%',
  },
  {
    name: 'latency',
    blue: FAST,
    green: times13(FAST),
    regressed: ['latency'],
    what: 'green 26–52 ms vs blue 20–40 ms (p95 +30%)',
  },
  {
    name: 'latency-in-bucket',
    blue: SLOWER,
    green: times13(SLOWER),
    regressed: ['latency'],
    what: 'green 65–91 ms vs blue 50–70 ms (p95 +30%, one bucket)',
  },
];
const wanted = values.scenarios.split(',').map((s) => s.trim());
const scenarios = ALL_SCENARIOS.filter((s) => wanted.includes(s.name));
if (scenarios.length !== wanted.length)
  throw new Error(`--scenarios: one of ${ALL_SCENARIOS.map((s) => s.name).join(', ')}`);

interface Kind {
  key: string;
  label: string;
  /** The signal it watches; undefined for the whole gate (every signal). */
  signal?: Signal;
  build?: (c: Ctx) => Check;
}
interface Ctx {
  client: PrometheusClient;
  ns: string;
  /** Green's http://127.0.0.1:port. */
  greenUrl: string;
}
const sel = (ns: string, color: string, extra = '') =>
  `{namespace="${ns}",color="${color}"${extra}}`;
const errorRatio = (ns: string, color: string) =>
  `(sum(rate(http_requests_total${sel(ns, color, ',code=~"5.."')}[${RATE_WINDOW}])) or vector(0)) / sum(rate(http_requests_total${sel(ns, color)}[${RATE_WINDOW}]))`;
const errorRatioAsExample = (ns: string, color: string) =>
  `sum(rate(http_requests_total${sel(ns, color, ',code=~"5.."')}[${RATE_WINDOW}])) / sum(rate(http_requests_total${sel(ns, color)}[${RATE_WINDOW}]))`;
const p95 = (ns: string, color: string) =>
  `histogram_quantile(0.95, sum by (le) (rate(http_request_duration_seconds_bucket${sel(ns, color)}[${RATE_WINDOW}])))`;
const meanLatency = (ns: string, color: string) =>
  `sum(rate(http_request_duration_seconds_sum${sel(ns, color)}[${RATE_WINDOW}])) / sum(rate(http_request_duration_seconds_count${sel(ns, color)}[${RATE_WINDOW}]))`;

const threshold = (name: string, query: string, max: number) => (c: Ctx) =>
  prometheusCheck(c.client, { name, query, max, noData: 'inconclusive', timeoutMs: 10_000 });
const compare = (name: string, query: (ns: string, color: string) => string) => (c: Ctx) =>
  compareCheck(c.client, {
    name,
    queries: { green: query(c.ns, 'green'), blue: query(c.ns, 'blue') },
    color: 'green',
    baseline: 'blue',
    direction: 'lower',
    tolerance,
    weight: 1,
    ...COMPARE,
    noData: 'inconclusive',
    timeoutMs: 10_000,
  });
const KINDS: Kind[] = [
  {
    key: 'a',
    label: 'a: prometheus error ratio ≤ 0.02',
    signal: 'errors',
    build: (c) => threshold('error ratio', errorRatio(c.ns, 'green'), 0.02)(c),
  },
  {
    key: 'b',
    label: 'b: prometheus p95 ≤ 0.5 s (plain threshold)',
    signal: 'latency',
    build: (c) => threshold('p95', p95(c.ns, 'green'), 0.5)(c),
  },
  {
    key: 'c',
    label: 'c: compare error ratio',
    signal: 'errors',
    build: compare('error ratio vs blue', errorRatio),
  },
  { key: 'd', label: 'd: compare p95', signal: 'latency', build: compare('p95 vs blue', p95) },
  {
    key: 'e',
    label: `e: http ${HTTP.requests} requests, ≥ ${HTTP.minSuccessRatio}`,
    signal: 'errors',
    build: (c) =>
      httpCheck(
        {
          name: 'http green',
          requests: HTTP.requests,
          expectStatus: 200,
          minSuccessRatio: HTTP.minSuccessRatio,
          timeoutMs: 2_000,
        },
        urlRequester(`${c.greenUrl}/`, {}),
        c.greenUrl,
      ),
  },
  {
    key: 'f',
    label: 'f: compare mean latency',
    signal: 'latency',
    build: compare('mean latency vs blue', meanLatency),
  },
  {
    key: 'x2',
    label: 'x2: prometheus error ratio, no `or vector(0)`',
    signal: 'errors',
    build: (c) => threshold('error ratio (example)', errorRatioAsExample(c.ns, 'green'), 0.02)(c),
  },
  { key: 'gate', label: 'whole gate (a, b, c, e, f; judge)' },
];
// d stays out: a histogram p95 on coarse buckets wanders too much for a rank test (it failed
// 1 to 3 of 50 healthy or unrelated runs at tolerance 0.1); the mean (f) catches the same
// regressions, in-bucket ones too. examples/cutover.yaml compares the mean for that reason.
const WHOLE = ['a', 'b', 'c', 'e', 'f'];

interface RunResult {
  scenario: string;
  n: number;
  gates: Record<string, GateResult>;
}

// The apps live in a worker thread, with an event loop of their own: the gates' work (JSON
// of range queries, the http check's bursts) would otherwise delay their timers, and as
// green's whole window falls while the gates run, green would look slower than blue.
type AppCall =
  | { op: 'create'; labels: Record<string, string>; behaviour: Behaviour; seed: number }
  | { op: 'startLoad' | 'stopLoad' | 'stop'; id: number }
  | { op: 'stopAll' | 'lag' };
interface AppInfo {
  id: number;
  url: string;
  address: string;
}
interface Lag {
  p50: number;
  p99: number;
  max: number;
}

function serveApps(): void {
  const port = parentPort!;
  const apps = new Map<number, MetricsApp>();
  const lag = monitorEventLoopDelay({ resolution: 1 });
  lag.enable();
  let nextId = 0;
  port.on('message', (m: { seq: number; call: AppCall }) => {
    void (async (): Promise<unknown> => {
      const c = m.call;
      switch (c.op) {
        case 'create': {
          const app = await startMetricsApp({ labels: c.labels, ...c.behaviour, seed: c.seed });
          const id = nextId++;
          apps.set(id, app);
          return { id, url: app.url, address: app.address } satisfies AppInfo;
        }
        case 'startLoad':
          return apps.get(c.id)!.startLoad(RPS, { maxSeconds: 300 });
        case 'stopLoad':
          return apps.get(c.id)!.stopLoad();
        case 'stop':
          await apps.get(c.id)!.stop();
          return apps.delete(c.id);
        case 'stopAll':
          await Promise.allSettled([...apps.values()].map((a) => a.stop()));
          return apps.clear();
        case 'lag':
          return lagOf(lag);
      }
    })().then(
      (value) => port.postMessage({ seq: m.seq, value }),
      (e: unknown) => port.postMessage({ seq: m.seq, error: String(e) }),
    );
  });
}

function lagOf(h: ReturnType<typeof monitorEventLoopDelay>): Lag {
  return { p50: h.percentile(50), p99: h.percentile(99), max: h.max };
}

class Apps {
  private readonly worker = new Worker(new URL(import.meta.url), { argv: process.argv.slice(2) });
  private readonly waiting = new Map<number, (m: { value?: unknown; error?: string }) => void>();
  private seq = 0;
  constructor() {
    this.worker.on('message', (m: { seq: number; value?: unknown; error?: string }) => {
      this.waiting.get(m.seq)?.(m);
      this.waiting.delete(m.seq);
    });
  }
  call<T>(call: AppCall): Promise<T> {
    const seq = this.seq++;
    return new Promise<T>((resolve, reject) => {
      this.waiting.set(seq, (m) => (m.error ? reject(new Error(m.error)) : resolve(m.value as T)));
      this.worker.postMessage({ seq, call });
    });
  }
  async close(): Promise<void> {
    await this.call({ op: 'stopAll' });
    await this.worker.terminate();
  }
}

const started = performance.now();
const stopping = new AbortController();
let apps: Apps | undefined;
let prom: RunningPrometheus | undefined;
let cleaned: Promise<void> | undefined;
const cleanup = () =>
  (cleaned ??= (async () => {
    await apps?.close().catch(() => {});
    await prom?.stop();
  })());

const log = (s: string) => process.stderr.write(`[${secs(performance.now() - started)}] ${s}\n`);
const secs = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

interface Planned {
  scenario: Scenario;
  n: number;
  blue: AppInfo;
  green: AppInfo;
}

async function main(): Promise<void> {
  for (const sig of ['SIGINT', 'SIGTERM'] as const)
    process.once(sig, () => {
      process.stderr.write(`\n${sig}: stopping the servers and Prometheus\n`);
      stopping.abort();
      void cleanup().finally(() => process.exit(130));
    });
  const command = ['node', relative(process.cwd(), process.argv[1]!), ...process.argv.slice(2)];
  const version = spawnSync(requireBinary('prometheus'), ['--version'], { encoding: 'utf8' });
  const out: string[] = [];
  out.push(`command: \`${command.join(' ')}\``);
  out.push(`prometheus: ${(version.stdout || version.stderr).split('\n')[0]}`);
  out.push(
    `node ${process.version}; ${runs} runs per scenario, ${concurrency} at a time; ${RPS} rps per server; compare tolerance ${tolerance}`,
  );
  console.log(out.join('\n') + '\n');

  // Every run's servers first: Prometheus scrapes a static list.
  apps = new Apps();
  const plan: Planned[] = [];
  for (let i = 0; i < runs; i++)
    for (const scenario of scenarios) {
      const n = plan.length;
      const create = (color: 'blue' | 'green', version: string, seed: number) =>
        apps!.call<AppInfo>({
          op: 'create',
          labels: { namespace: `run-${n}`, app: 'web', color, version },
          behaviour: scenario[color],
          seed,
        });
      const blue = await create('blue', '1.0.0', 2 * n + 1);
      const green = await create('green', '2.0.0', 2 * n + 2);
      plan.push({ scenario, n, blue, green });
    }
  prom = await startPrometheus({
    targets: plan
      .flatMap((p) => [p.blue, p.green])
      .map((a) => ({ job: 'web', address: a.address })),
    scrapeIntervalMs: 1000,
  });
  log(`prometheus ready in ${prom.startupMs} ms at ${prom.url}, ${plan.length * 2} targets`);
  const client = new PrometheusClient({ url: prom.url });

  const lag = monitorEventLoopDelay({ resolution: 1 });
  lag.enable();
  const cpu = process.cpuUsage();
  const results: RunResult[] = [];
  let next = 0;
  const worker = async () => {
    while (next < plan.length && !stopping.signal.aborted) {
      const p = plan[next++]!;
      const gates = await oneRun(client, p);
      results.push({ scenario: p.scenario.name, n: p.n, gates });
      await Promise.all([p.blue, p.green].map((a) => apps!.call({ op: 'stop', id: a.id })));
      if (results.length % 10 === 0 || results.length === plan.length)
        log(`${results.length}/${plan.length} runs`);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  lag.disable();
  if (stopping.signal.aborted) return;
  const appLag = await apps.call<Lag>({ op: 'lag' });
  const used = process.cpuUsage(cpu);

  console.log(report(results));
  const wall = performance.now() - started;
  console.log(
    [
      '',
      `event loop delay, apps' thread: p50 ${ms(appLag.p50)}, p99 ${ms(appLag.p99)}, max ${ms(appLag.max)}; gates' thread: p50 ${ms(lag.percentile(50))}, p99 ${ms(lag.percentile(99))}, max ${ms(lag.max)}`,
      `CPU of the bench process (both threads, not Prometheus): ${secs((used.user + used.system) / 1000)} in ${secs(wall)}`,
      `total time: ${secs(wall)}`,
    ].join('\n'),
  );
}

const ms = (ns: number) => `${(ns / 1e6).toFixed(1)} ms`;

async function oneRun(client: PrometheusClient, p: Planned): Promise<Record<string, GateResult>> {
  const ctx: Ctx = { client, ns: `run-${p.n}`, greenUrl: p.green.url };
  await apps!.call({ op: 'startLoad', id: p.blue.id });
  await sleep(BLUE_LEAD_MS, undefined, { signal: stopping.signal });
  await apps!.call({ op: 'startLoad', id: p.green.id });
  const opts = { signal: stopping.signal };
  const gates = await Promise.all(
    KINDS.map(async (k): Promise<[string, GateResult]> => {
      if (k.build) return [k.key, await runGate([k.build(ctx)], SCHEDULE, opts)];
      const all = KINDS.filter((x) => WHOLE.includes(x.key)).map((x) => x.build!(ctx));
      const combine = judgeCompares(JUDGE, 'inconclusive');
      return [k.key, await runGate(all, SCHEDULE, { ...opts, combine })];
    }),
  );
  await Promise.all([p.blue, p.green].map((a) => apps!.call({ op: 'stopLoad', id: a.id })));
  return Object.fromEntries(gates);
}

/** The verdict a right check gives: fail when its signal regressed, pass otherwise. */
function expected(kind: Kind, scenario: Scenario): 'pass' | 'fail' {
  const hit = kind.signal ? scenario.regressed.includes(kind.signal) : scenario.regressed.length;
  return hit ? 'fail' : 'pass';
}

function report(results: RunResult[]): string {
  const lines: string[] = [];
  lines.push(
    `blue's lead ${BLUE_LEAD_MS / 1000} s; schedule: initialDelay ${SCHEDULE.initialDelayMs / 1000} s, interval ${SCHEDULE.intervalMs / 1000} s, count ${SCHEDULE.count}, failureLimit ${SCHEDULE.failureLimit}; rate windows ${RATE_WINDOW}; compare window ${COMPARE.windowMs / 1000} s, step ${COMPARE.stepMs / 1000} s, tolerance ${tolerance}; judge pass ${JUDGE.pass} / marginal ${JUDGE.marginal}`,
    '',
    ...scenarios.map((s) => `- ${s.name}: ${s.what}`),
    '',
    '| scenario | check | right verdict | runs | pass | fail | inconclusive | false-fail | false-pass | failed by round 2 | detection round mean / median / max | detection s mean / median / max |',
    '|---|---|---|---:|---:|---:|---:|---:|---:|---:|---|---|',
  );
  const wrong: string[] = [];
  for (const s of scenarios) {
    const mine = results.filter((r) => r.scenario === s.name);
    for (const k of KINDS) {
      const gates = mine.map((r) => ({ n: r.n, g: r.gates[k.key]! }));
      const count = (v: string) => gates.filter((x) => x.g.verdict === v).length;
      const [pass, fail, inconclusive] = [count('pass'), count('fail'), count('inconclusive')];
      const right = expected(k, s);
      const rate = (x: number) => `${x}/${gates.length} (${pct(x / gates.length)})`;
      const failed = gates.filter((x) => x.g.verdict === 'fail').map((x) => x.g);
      const det = failed.length
        ? [
            stats(
              failed.map((g) => g.rounds.length),
              (v) => v.toFixed(1),
            ),
            stats(
              failed.map((g) => (g.durationMs - g.rounds[0]!.elapsedMs) / 1000),
              (v) => v.toFixed(1),
            ),
          ]
        : ['—', '—'];
      lines.push(
        `| ${s.name} | ${k.label} | ${right} | ${gates.length} | ${pass} | ${fail} | ${inconclusive} | ${right === 'pass' ? rate(fail) : '—'} | ${right === 'fail' ? rate(pass) : '—'} | ${right === 'fail' ? rate(failed.filter((g) => g.rounds.length <= 2).length) : '—'} | ${det[0]} | ${det[1]} |`,
      );
      const bad = gates.filter((x) => x.g.verdict !== right);
      for (const x of bad.slice(0, 3))
        wrong.push(`- ${s.name}, ${k.label}, run-${x.n}: ${x.g.verdict}: ${why(x.g)}`);
      if (bad.length > 3) wrong.push(`- … and ${bad.length - 3} more like it`);
    }
  }
  lines.push('', '### What the checks measured (means over the runs, last round of each gate)');
  lines.push(
    '',
    '| scenario | green error ratio | blue error ratio | green p95 s | blue p95 s | green mean s | blue mean s | rounds with p < 0.05: c / d / f |',
    '|---|---:|---:|---:|---:|---:|---:|---|',
  );
  for (const s of scenarios) {
    const mine = results.filter((r) => r.scenario === s.name);
    const last = (key: string) =>
      mine.map((r) => r.gates[key]!.rounds.at(-1)?.results[0]).filter((x) => x !== undefined);
    const avg = (key: string, v: string) => fmt(mean(last(key).map((r) => r.values[v] ?? NaN)), 4);
    const significant = (key: string) => {
      const ps = mine.flatMap((r) => r.gates[key]!.rounds.map((x) => x.results[0]?.values.p));
      const known = ps.filter((p) => p !== undefined);
      return `${pct(known.filter((p) => p < 0.05).length / known.length)}`;
    };
    lines.push(
      `| ${s.name} | ${avg('c', 'green')} | ${avg('c', 'blue')} | ${avg('d', 'green')} | ${avg('d', 'blue')} | ${avg('f', 'green')} | ${avg('f', 'blue')} | ${['c', 'd', 'f'].map(significant).join(' / ')} |`,
    );
  }
  lines.push(
    '',
    '(compare values are window means of the last round; p is the two-sided Mann–Whitney p of each round: the share of rounds where the rank test alone, without the tolerance, would call green different)',
  );
  if (wrong.length)
    lines.push('', '### Wrong or inconclusive verdicts (first 3 of each row)', '', ...wrong);
  return lines.join('\n');
}

/** The gate's reason and the summary of the last round's first non-passing result. */
function why(g: GateResult): string {
  const last = g.rounds.at(-1);
  const r: CheckResult | undefined =
    last?.results.find((x) => x.status !== 'pass' && x.kind !== 'compare') ??
    last?.results.find((x) => x.status !== 'pass') ??
    last?.results[0];
  return `${g.reason}${r ? ` — last round: ${r.name}: ${r.summary}` : ''}`;
}

function stats(v: number[], f: (x: number) => string): string {
  return `${f(mean(v))} / ${f(median(v))} / ${f(Math.max(...v))}`;
}
function mean(v: number[]): number {
  const ok = v.filter(Number.isFinite);
  return ok.reduce((a, b) => a + b, 0) / ok.length;
}
function median(v: number[]): number {
  const s = v.filter(Number.isFinite).sort((a, b) => a - b);
  if (!s.length) return NaN;
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}
const pct = (x: number) => `${(100 * x).toFixed(0)}%`;
const fmt = (x: number, digits: number) =>
  Number.isFinite(x) ? String(Number(x.toPrecision(digits))) : '—';

if (!isMainThread) serveApps();
else
  try {
    await main();
  } catch (e) {
    if (!stopping.signal.aborted) {
      process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
      process.exitCode = 1;
    }
  } finally {
    if (!stopping.signal.aborted) await cleanup();
  }
