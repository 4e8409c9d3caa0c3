/**
 * The health gate against real parts: tenants deployed blue/green on the local control
 * plane, the rollout check with pods kwok holds not ready, HTTP through the API server's
 * service proxy and to a local URL with the tester header, a real Prometheus scraping a
 * blue and a green prom-client server for the prometheus and compare checks, and webhooks
 * to local servers.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parse } from 'yaml';
import { healthSchema } from '../../../src/config/schema/health.ts';
import type { CutoverConfig } from '../../../src/config/index.ts';
import { runGateOp, GateNotPassed, type GateOutcome } from '../../../src/health/run.ts';
import { gateOf } from '../../../src/health/report.ts';
import { startMetricsApp, type MetricsApp } from '../../support/metrics-app.ts';
import { startPrometheus, type RunningPrometheus } from '../../support/prometheus.ts';
import { fleet, oks, type Fleet } from '../release/release-fixtures.ts';

let f: Fleet;
let prometheus: RunningPrometheus;
const apps: MetricsApp[] = [];
const servers: Server[] = [];
const hooks: { path: string; headers: IncomingMessage['headers']; body: unknown }[] = [];
let hookUrl = '';
let hookCalls = new Map<string, number>();

beforeAll(async () => {
  f = await fleet('gateway-api', { tenants: [{ id: 'a', ring: 'canary' }] });
  oks(await f.deploy('1.0.0'));
  oks(await f.deploy('2.0.0'));
  // The "application's" metrics: blue healthy, green with 10% errors, both under load.
  const ns = f.ns('a');
  for (const [color, version, errorRatio] of [
    ['blue', '1.0.0', 0.005],
    ['green', '2.0.0', 0.1],
  ] as const) {
    const app = await startMetricsApp({
      labels: { namespace: ns, app: f.app, color, version },
      errorRatio,
      latencyMs: 5,
    });
    app.startLoad(40, { maxSeconds: 300 });
    apps.push(app);
  }
  prometheus = await startPrometheus({
    targets: apps.map((a, i) => ({ job: `app-${i}`, address: a.address })),
  });
  // rate() over 5s needs two scrapes of both colors: wait until the ratio has a value.
  for (const color of ['blue', 'green'])
    await prometheus.waitForSeries(
      `sum(rate(http_requests_total{namespace="${ns}",color="${color}",code=~"5.."}[5s])) > 0`,
      30_000,
    );
  // Webhooks: /ok answers 204, /fail 500 (tried again), /deny 403; / the tester-header check.
  const hookServer = createServer((req, res) => {
    let text = '';
    req.on('data', (c: Buffer) => (text += c.toString()));
    req.on('end', () => {
      const path = req.url ?? '/';
      hookCalls.set(path, (hookCalls.get(path) ?? 0) + 1);
      if (req.method === 'POST')
        hooks.push({ path, headers: req.headers, body: JSON.parse(text || '{}') });
      const status = path.startsWith('/ok')
        ? 204
        : path.startsWith('/fail')
          ? 500
          : path.startsWith('/deny')
            ? 403
            : 0;
      if (status) return void res.writeHead(status).end();
      // The public route: only the tester header reaches the color under test.
      const tester = req.headers['x-cutover-preview'] === 'true';
      res.writeHead(tester ? 200 : 404).end(tester ? 'green ok' : 'no tester header');
    });
  });
  await new Promise<void>((r) => hookServer.listen(0, '127.0.0.1', r));
  servers.push(hookServer);
  hookUrl = `http://127.0.0.1:${(hookServer.address() as AddressInfo).port}`;
}, 180_000);

afterAll(async () => {
  await Promise.all(apps.map((a) => a.stop()));
  await prometheus?.stop();
  for (const s of servers) s.close();
});

beforeEach(() => {
  hooks.length = 0;
  hookCalls = new Map();
});

/** The fleet's config with this health section (and the test's Prometheus). */
function withHealth(yaml: string): CutoverConfig {
  return {
    ...f.config,
    health: healthSchema.parse(parse(yaml)),
    observability: { ...f.config.observability, prometheus: { url: prometheus.url } },
  } as CutoverConfig;
}

async function gate(yaml: string, o: { color?: 'blue' | 'green' } = {}): Promise<GateOutcome> {
  const rounds: string[] = [];
  const [outcome] = await runGateOp({
    cluster: f.cluster,
    config: withHealth(yaml),
    by: 'https://github.com/o/r/actions/runs/1',
    progress: () => {},
    onRound: (_, r) => rounds.push(`${r.index}:${r.status}`),
    ...(o.color ? { color: o.color } : {}),
  });
  return outcome!;
}

const resultsOf = (o: GateOutcome) => gateOf(o)!.result.rounds.flatMap((r) => r.results);

test('rollout and http through the service proxy pass on a healthy green', async () => {
  const o = await gate(`
interval: 200ms
count: 2
checks:
  - kind: rollout
  - kind: http
    path: /healthz
    requests: 5
    body: '"ready":true'
`);
  const g = gateOf(o)!;
  expect(o.status).toBe('ok');
  expect(g.result.verdict).toBe('pass');
  expect(g.target).toMatchObject({
    color: 'green',
    baseline: 'blue',
    versions: { blue: '1.0.0', green: '2.0.0' },
  });
  const [rollout, http] = g.result.rounds[1]!.results;
  expect(rollout).toMatchObject({
    status: 'pass',
    values: { wanted: 2, ready: 2, available: 2, restarts: 0, stuck: 0 },
  });
  expect(http).toMatchObject({ status: 'pass', values: { 'success ratio': 1, errors: 0 } });
  expect(http!.summary).toContain(`through the API server`);
});

test('http to a URL template sends the tester header; a wrong status fails with the answers', async () => {
  const o = await gate(`
interval: 100ms
count: 1
failureLimit: 1
checks:
  - kind: http
    url: '${hookUrl}/public?tenant={tenant}&color={color}'
    requests: 3
  - kind: http
    name: expects 201
    url: '${hookUrl}/public'
    requests: 2
    expectStatus: 201
`);
  expect(o.status).toBe('failed');
  const [tester, wrong] = resultsOf(o);
  expect(tester).toMatchObject({ status: 'pass', values: { 'success ratio': 1 } });
  expect(tester!.summary).toContain('tenant=a&color=green');
  expect(wrong).toMatchObject({ status: 'fail', values: { 'success ratio': 0 } });
  expect(wrong!.detail).toContain('answers: HTTP 200 × 2 (expected HTTP 201)');
  expect((o as { error: unknown }).error).toBeInstanceOf(GateNotPassed);
});

test('prometheus threshold: green with 10% errors fails fast, blue passes', async () => {
  const errorRatio = `
interval: 500ms
count: 3
failureLimit: 2
checks:
  - kind: prometheus
    name: error ratio
    query: sum(rate(http_requests_total{namespace="{namespace}",color="{color}",code=~"5.."}[5s])) / sum(rate(http_requests_total{namespace="{namespace}",color="{color}"}[5s]))
    max: 0.05
`;
  const green = await gate(errorRatio);
  const g = gateOf(green)!;
  expect(g.result.verdict).toBe('fail');
  expect(g.result.rounds).toHaveLength(2);
  const first = g.result.rounds[0]!.results[0]!;
  expect(first.values.value).toBeGreaterThan(0.05);
  expect(first.values.value).toBeLessThan(0.2);
  expect(first.summary).toMatch(/is not <= 0.05/);
  const blue = await gate(errorRatio, { color: 'blue' });
  expect(gateOf(blue)!.result.verdict).toBe('pass');
});

test('no data is inconclusive by default, or what noData says; bad PromQL stops with the API error', async () => {
  const nothing = `
interval: 100ms
count: 1
checks:
  - kind: prometheus
    query: sum(rate(no_such_metric{namespace="{namespace}"}[1m]))
    max: 1
`;
  const o = await gate(nothing);
  expect(gateOf(o)!.result.verdict).toBe('inconclusive');
  expect(resultsOf(o)[0]!.summary).toMatch(/^no data: /);
  const passing = await gate(nothing.replace('max: 1', 'max: 1\n    noData: pass'));
  expect(gateOf(passing)!.result.verdict).toBe('pass');

  const [bad] = await runGateOp({
    cluster: f.cluster,
    config: withHealth(`
count: 1
checks:
  - kind: prometheus
    query: sum(rate(http_requests_total[1m])
    max: 1
`),
    by: 'test',
    progress: () => {},
  });
  expect(bad!.status).toBe('failed');
  const e = (bad as { error: Error & { code?: string } }).error;
  expect(e.code).toBe('PROMETHEUS_QUERY');
  expect(e.message).toContain('sum(rate(http_requests_total[1m])');
});

test('Prometheus unreachable is inconclusive with the reason', async () => {
  const config = withHealth(`
count: 1
checks:
  - kind: prometheus
    query: up
    max: 1
`);
  config.observability.prometheus = { url: 'http://127.0.0.1:1' } as never;
  const [o] = await runGateOp({ cluster: f.cluster, config, by: 'test', progress: () => {} });
  const r = resultsOf(o!)[0]!;
  expect(r.status).toBe('inconclusive');
  expect(r.summary).toMatch(/no data: .*127\.0\.0\.1:1/);
});

test('compare: green against blue on the same query, judged; a regression fails', async () => {
  const o = await gate(`
interval: 500ms
count: 2
failureLimit: 1
checks:
  - kind: compare
    name: error ratio vs blue
    query: sum(rate(http_requests_total{namespace="{namespace}",color="{color}",code=~"5.."}[5s])) / sum(rate(http_requests_total{namespace="{namespace}",color="{color}"}[5s]))
    direction: lower
    tolerance: 0.2
    window: 20s
    step: 1s
`);
  const g = gateOf(o)!;
  expect(g.result.verdict).toBe('fail');
  const [compare, judge] = g.result.rounds[0]!.results;
  expect(compare).toMatchObject({ kind: 'compare', status: 'fail' });
  expect(compare!.summary).toMatch(/^high: /);
  expect(compare!.values.green).toBeGreaterThan(compare!.values.blue!);
  // The servers fail every Nth request, so both ratios are constant: compared directly.
  expect(compare!.values.green).toBeCloseTo(0.1, 2);
  expect(judge).toMatchObject({ kind: 'judge', status: 'fail', values: { score: 0 } });
});

test('webhook: the deployment is POSTed; 2xx passes, 5xx is tried again, 4xx fails at once', async () => {
  const o = await gate(`
interval: 100ms
count: 1
failureLimit: 1
checks:
  - kind: webhook
    url: '${hookUrl}/ok?token=secret'
  - kind: webhook
    name: flaky
    url: '${hookUrl}/fail'
    retries: 1
  - kind: webhook
    name: denied
    url: '${hookUrl}/deny'
    retries: 3
`);
  const [ok, flaky, denied] = resultsOf(o);
  expect(ok).toMatchObject({ status: 'pass', values: { status: 204, tries: 1 } });
  expect(ok!.summary).not.toContain('secret');
  expect(flaky).toMatchObject({ status: 'fail', values: { tries: 2 } });
  expect(denied).toMatchObject({ status: 'fail', values: { status: 403, tries: 1 } });
  expect(hookCalls.get('/fail')).toBe(2);
  expect(hookCalls.get('/deny')).toBe(1);
  expect(hooks.find((h) => h.path.startsWith('/ok'))!.body).toEqual({
    tenant: 'a',
    unit: 'a',
    ring: 'canary',
    namespace: f.ns('a'),
    app: f.app,
    color: 'green',
    baseline: 'blue',
    versions: { green: '2.0.0', blue: '1.0.0' },
    weights: { green: 0, blue: 100 },
    testers: false,
    hosts: ['a.shop.test'],
    runUrl: 'https://github.com/o/r/actions/runs/1',
    round: 1,
  });
});

test('rollout: pods held not ready fail the check with their conditions and events', async () => {
  // A new template whose pods kwok keeps Running but not Ready.
  await f.cluster.mergePatch(
    { apiVersion: 'apps/v1', kind: 'Deployment', namespace: f.ns('a'), name: `${f.app}-green` },
    { spec: { template: { metadata: { annotations: { 'cutover.dev/local-ready': 'false' } } } } },
  );
  const o = await gate(`
interval: 1s
count: 10
failureLimit: 2
checks:
  - kind: rollout
`);
  const g = gateOf(o)!;
  expect(g.result.verdict).toBe('fail');
  expect(g.result.rounds).toHaveLength(2);
  const r = g.result.rounds[1]!.results[0]!;
  expect(r.status).toBe('fail');
  expect(r.values.updated).toBeLessThan(3);
  expect(r.detail!.some((d) => /not ready/.test(d))).toBe(true);
  expect(r.detail!.some((d) => d.startsWith('condition '))).toBe(true);
});
