// The Prometheus client against a real Prometheus (Debian's 2.42, started here on a
// loopback port) that scrapes two instrumented apps every second: blue, healthy and fast,
// and green, failing 20% of its requests and slower. Each app sends itself 20 requests a
// second, so rates and histograms move while the tests query.
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { type Server, createServer } from 'node:http';

import { CutoverError } from '../../../src/errors.ts';
import { PrometheusClient } from '../../../src/health/prometheus/client.ts';
import { type MetricsApp, startMetricsApp } from '../../support/metrics-app.ts';
import { type RunningPrometheus, freePort, startPrometheus } from '../../support/prometheus.ts';
import { eventually } from '../helpers.ts';

const labels = (color: string, version: string): Record<string, string> => ({
  namespace: 'shop-acme',
  app: 'web',
  color,
  version,
});
const RATIO = { blue: 0.02, green: 0.2 };
const ERROR_RATIO = (w: string): string =>
  `sum by (color) (rate(http_requests_total{code=~"5.."}[${w}])) / sum by (color) (rate(http_requests_total[${w}]))`;

let blue: MetricsApp;
let green: MetricsApp;
let prom: RunningPrometheus;
let client: PrometheusClient;

beforeAll(async () => {
  blue = await startMetricsApp({
    labels: labels('blue', '1.0.0'),
    errorRatio: RATIO.blue,
    latencyMs: 5,
    jitterMs: 5,
  });
  green = await startMetricsApp({
    labels: labels('green', '2.0.0'),
    errorRatio: RATIO.green,
    latencyMs: 80,
    jitterMs: 15,
    seed: 2,
  });
  blue.startLoad(20, { maxSeconds: 120 });
  green.startLoad(20, { maxSeconds: 120 });
  prom = await startPrometheus({
    targets: [
      { job: 'web', address: blue.address, labels: { tenant: 'acme' } },
      { job: 'web', address: green.address, labels: { tenant: 'acme' } },
    ],
  });
  process.stderr.write(`prometheus: ready in ${prom.startupMs} ms at ${prom.url}\n`);
  client = new PrometheusClient({ url: prom.url });
  // Both colors with a rate over 10 s: at least 10 scrapes of each.
  await prom.waitForSeries('http_requests_total');
  await eventually(
    'ten seconds of both colors',
    async () => {
      const r = await client.instant('count_over_time(http_requests_total{code="200"}[10s]) >= 10');
      return r.samples.length === 2;
    },
    { timeoutMs: 30_000, intervalMs: 500 },
  );
});

afterAll(async () => {
  await prom?.stop();
  await Promise.all([blue?.stop(), green?.stop()]);
});

describe('instant queries', () => {
  test('the error ratio of each color is the one set, within 0.05', async () => {
    const r = await client.instant(ERROR_RATIO('10s'));
    expect(r.resultType).toBe('vector');
    const byColor = Object.fromEntries(r.samples.map((s) => [s.labels.color, s.value]));
    expect(Object.keys(byColor).sort()).toEqual(['blue', 'green']);
    process.stderr.write(`prometheus: error ratio ${JSON.stringify(byColor)}\n`);
    expect(Math.abs(byColor.green! - RATIO.green)).toBeLessThan(0.05);
    expect(Math.abs(byColor.blue! - RATIO.blue)).toBeLessThan(0.03);
  });

  test('series carry the app constant labels and the target labels', async () => {
    const r = await client.instant('http_requests_total{color="green",code="200"}');
    expect(r.samples).toHaveLength(1);
    expect(r.samples[0]!.labels).toEqual({
      __name__: 'http_requests_total',
      code: '200',
      namespace: 'shop-acme',
      app: 'web',
      color: 'green',
      version: '2.0.0',
      tenant: 'acme',
      job: 'web',
      instance: green.address,
    });
    expect(r.samples[0]!.value).toBeGreaterThan(100);
  });

  test('the p95 latency from the histogram tells slow green from fast blue', async () => {
    const r = await client.instant(
      'histogram_quantile(0.95, sum by (color, le) (rate(http_request_duration_seconds_bucket[10s])))',
    );
    const p95 = Object.fromEntries(r.samples.map((s) => [s.labels.color, s.value]));
    process.stderr.write(`prometheus: p95 ${JSON.stringify(p95)}\n`);
    expect(p95.blue).toBeLessThan(0.05);
    expect(p95.green).toBeGreaterThan(0.08);
    expect(p95.green).toBeLessThan(0.25);
  });

  test('scalars, NaN and infinities', async () => {
    await expect(client.instant('1 + 1')).resolves.toEqual({
      resultType: 'scalar',
      samples: [{ labels: {}, value: 2 }],
      warnings: [],
    });
    const values = await Promise.all(
      ['0/0', '1/0', '-1/0', 'vector(0)/0'].map(async (q) => (await client.instant(q)).samples),
    );
    expect(values.map((s) => s.map((x) => x.value))).toEqual([
      [NaN],
      [Infinity],
      [-Infinity],
      [NaN],
    ]);
  });

  test('at a time before any data: no samples', async () => {
    const r = await client.instant('http_requests_total', {
      time: new Date(Date.now() - 3_600_000),
    });
    expect(r).toEqual({ resultType: 'vector', samples: [], warnings: [] });
  });

  test('a live change of behaviour shows within seconds', async () => {
    blue.setBehaviour({ errorRatio: 0.5 });
    try {
      await eventually(
        'blue at a 50% error ratio over the last 3 s',
        async () => {
          const r = await client.instant(ERROR_RATIO('3s'));
          const b = r.samples.find((s) => s.labels.color === 'blue')?.value ?? 0;
          if (Math.abs(b - 0.5) < 0.1) return true;
          throw new Error(`blue at ${b}`);
        },
        { timeoutMs: 20_000, intervalMs: 500 },
      );
    } finally {
      blue.setBehaviour({ errorRatio: RATIO.blue });
    }
  });
});

test('a range query gives each color a point per step, about 20 requests a second', async () => {
  const end = Date.now() / 1000;
  const r = await client.range('sum by (color) (rate(http_requests_total[5s]))', {
    start: end - 8,
    end,
    stepSeconds: 1,
  });
  expect(r.series.map((s) => s.labels)).toEqual(
    expect.arrayContaining([{ color: 'blue' }, { color: 'green' }]),
  );
  expect(r.series).toHaveLength(2);
  for (const s of r.series) {
    expect(s.points.length).toBeGreaterThanOrEqual(8);
    const times = s.points.map(([t]) => t);
    expect(times.slice(1).map((t, i) => t - times[i]!)).toEqual(Array(times.length - 1).fill(1));
    for (const [, v] of s.points) {
      expect(v).toBeGreaterThan(12);
      expect(v).toBeLessThan(28);
    }
  }
});

describe('errors', () => {
  test('invalid PromQL: PROMETHEUS_QUERY with the query and the parser message', async () => {
    const e = await client.instant('sum(rate(x[5m])').catch((err: unknown) => err);
    expect(e).toBeInstanceOf(CutoverError);
    const err = e as CutoverError;
    expect(err.code).toBe('PROMETHEUS_QUERY');
    expect(err.httpStatus).toBe(400);
    expect(err.message).toContain('"sum(rate(x[5m])"');
    expect(err.message).toMatch(/parse error.*unclosed left parenthesis/);
    expect(err.hint).toContain('PromQL');
  });

  test('a range selector as an instant result: PROMETHEUS_QUERY saying how to fix it', async () => {
    const e = (await client
      .instant('http_requests_total[5s]')
      .catch((err: unknown) => err)) as CutoverError;
    expect(e.code).toBe('PROMETHEUS_QUERY');
    expect(e.hint).toContain('rate()');
  });

  test('a closed port: PROMETHEUS_UNREACHABLE naming the URL', async () => {
    const url = `http://127.0.0.1:${await freePort()}`;
    const e = (await new PrometheusClient({ url })
      .instant('up')
      .catch((err: unknown) => err)) as CutoverError;
    expect(e).toBeInstanceOf(CutoverError);
    expect(e.code).toBe('PROMETHEUS_UNREACHABLE');
    expect(e.message).toBe(`cannot reach Prometheus at ${url}: the connection was refused`);
    expect(e.hint).toBeTruthy();
  });

  test('a path Prometheus does not serve (a wrong prefix): PROMETHEUS_UNREACHABLE with HTTP 404', async () => {
    const e = (await new PrometheusClient({ url: `${prom.url}/prometheus` })
      .instant('up')
      .catch((err: unknown) => err)) as CutoverError;
    expect(e.code).toBe('PROMETHEUS_UNREACHABLE');
    expect(e.httpStatus).toBe(404);
    expect(e.message).toContain(`${prom.url}/prometheus answered /api/v1/query with HTTP 404`);
  });

  describe('against servers that are not Prometheus', () => {
    let html: Server;
    let silent: Server;
    let htmlUrl: string;
    let silentUrl: string;
    const listen = async (s: Server): Promise<string> => {
      await new Promise<void>((r) => s.listen(0, '127.0.0.1', () => r()));
      return `http://127.0.0.1:${(s.address() as { port: number }).port}`;
    };
    beforeAll(async () => {
      // A login page that echoes the request's headers, as a misconfigured proxy might.
      html = createServer((req, res) => {
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
        res.end(
          `<!doctype html><html><body><h1>Sign in</h1><pre>${JSON.stringify(req.headers)}</pre></body></html>`,
        );
      });
      silent = createServer(() => {
        // never answers
      });
      htmlUrl = await listen(html);
      silentUrl = await listen(silent);
    });
    afterAll(async () => {
      for (const s of [html, silent]) {
        s.closeAllConnections();
        await new Promise((r) => s.close(r));
      }
    });

    test('an HTML page: PROMETHEUS_UNREACHABLE with an excerpt, and never the token', async () => {
      const token = 's3cret-token-value';
      const e = (await new PrometheusClient({
        url: htmlUrl,
        headers: { Authorization: `Bearer ${token}` },
      })
        .instant('up')
        .catch((err: unknown) => err)) as CutoverError;
      expect(e.code).toBe('PROMETHEUS_UNREACHABLE');
      expect(e.message).toContain("is not the Prometheus API's (HTTP 200, text/html)");
      expect(e.message).toContain('<h1>Sign in</h1>');
      expect(e.message).toContain('[redacted]');
      expect(`${e.message} ${e.hint} ${e.format()}`).not.toContain(token);
      expect(e.hint).toContain('/graph');
    });

    test('no answer in time: PROMETHEUS_UNREACHABLE after the deadline', async () => {
      const started = Date.now();
      const e = (await new PrometheusClient({ url: silentUrl })
        .instant('up', { timeoutMs: 300 })
        .catch((err: unknown) => err)) as CutoverError;
      expect(e.code).toBe('PROMETHEUS_UNREACHABLE');
      expect(e.message).toBe(`cannot reach Prometheus at ${silentUrl}: no answer in 300 ms`);
      expect(Date.now() - started).toBeLessThan(5_000);
    });

    test('an aborted query: CANCELLED', async () => {
      const ac = new AbortController();
      const pending = new PrometheusClient({ url: silentUrl }).instant('up', { signal: ac.signal });
      setTimeout(() => ac.abort(), 50);
      await expect(pending).rejects.toMatchObject({ code: 'CANCELLED' });
    });
  });

  test('a URL that is not http(s): INPUT_INVALID', () => {
    expect(() => new PrometheusClient({ url: 'prometheus:9090' })).toThrow(
      expect.objectContaining({ code: 'INPUT_INVALID' }),
    );
  });
});
