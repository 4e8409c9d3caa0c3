/**
 * A tiny app for the health tests: an HTTP server on 127.0.0.1 (a free port) whose `/` and
 * `/healthz` fail with HTTP 500 for a set fraction of requests and answer after a set
 * delay, and whose `/metrics` (prom-client, a Registry of its own) counts them the way an
 * instrumented app does:
 *   http_requests_total{code}             counter
 *   http_request_duration_seconds{code}   histogram
 * with constant labels on both (e.g. namespace, app, color, version), so a query like
 * `sum(rate(http_requests_total{color="green",code=~"5.."}[1m]))` finds them.
 *
 * Failures are spread evenly by a counter (with ratio 0.2, exactly 1 request in 5 over any
 * run of requests), the jitter comes from a seeded generator: two runs see the same series.
 * startLoad(rps) makes it request its own `/`, so the metrics move without the test doing it;
 * the load stops by itself after `maxSeconds` (default 600).
 */
import { Agent, type IncomingMessage, type ServerResponse, createServer, get } from 'node:http';

import { Counter, Histogram, Registry } from 'prom-client';

export interface Behaviour {
  /** Fraction of `/` and `/healthz` requests answered with 500, 0..1. */
  errorRatio: number;
  /** Base delay of every answer. */
  latencyMs: number;
  /** Up to this much more, uniformly. */
  jitterMs: number;
}

export interface MetricsAppOptions extends Partial<Behaviour> {
  /** Constant labels of every series (namespace, app, color, version...). */
  labels?: Record<string, string>;
  /** Seed of the jitter, default 1. */
  seed?: number;
}

export interface MetricsApp {
  /** http://127.0.0.1:port */
  url: string;
  /** 127.0.0.1:port, a scrape target. */
  address: string;
  setBehaviour(b: Partial<Behaviour>): void;
  /** Requests its own `/` at `rps` per second until stopLoad, stop, or `maxSeconds`. */
  startLoad(rps: number, opts?: { maxSeconds?: number }): void;
  stopLoad(): void;
  /** Requests answered so far (not `/metrics`), by status. */
  served(): { total: number; errors: number };
  stop(): Promise<void>;
}

/** Latency buckets from 5 ms to 5 s: a health gate's p95 falls between two of them. */
export const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];

/** mulberry32: a small seeded generator, [0, 1). */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

export async function startMetricsApp(opts: MetricsAppOptions = {}): Promise<MetricsApp> {
  let behaviour: Behaviour = {
    errorRatio: opts.errorRatio ?? 0,
    latencyMs: opts.latencyMs ?? 0,
    jitterMs: opts.jitterMs ?? 0,
  };
  const random = seeded(opts.seed ?? 1);
  const registry = new Registry();
  registry.setDefaultLabels(opts.labels ?? {});
  const requests = new Counter({
    name: 'http_requests_total',
    help: 'Requests answered, by HTTP status code',
    labelNames: ['code'],
    registers: [registry],
  });
  const duration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'Time to answer a request, by HTTP status code',
    labelNames: ['code'],
    buckets: LATENCY_BUCKETS,
    registers: [registry],
  });
  let count = 0;
  let errors = 0;

  // Bresenham over the request count: request n fails when floor(n*r) steps up.
  const fails = (n: number, r: number): boolean => Math.floor((n + 1) * r) > Math.floor(n * r);

  async function answer(req: IncomingMessage, res: ServerResponse): Promise<void> {
    req.resume();
    const path = (req.url ?? '/').split('?')[0];
    if (path === '/metrics') {
      res.writeHead(200, { 'content-type': registry.contentType });
      res.end(await registry.metrics());
      return;
    }
    if (path !== '/' && path !== '/healthz') {
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('not found\n');
      return;
    }
    const started = process.hrtime.bigint();
    const b = behaviour;
    const n = count++;
    const delay = b.latencyMs + b.jitterMs * random();
    if (delay > 0) await sleep(delay);
    const code = fails(n, b.errorRatio) ? 500 : 200;
    if (code === 500) errors++;
    res.writeHead(code, { 'content-type': 'application/json' });
    res.end(`${JSON.stringify({ ok: code === 200, labels: opts.labels ?? {} })}\n`);
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    requests.inc({ code: String(code) });
    duration.observe({ code: String(code) }, seconds);
  }

  const server = createServer((req, res) => void answer(req, res));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as { port: number }).port;
  const address = `127.0.0.1:${port}`;
  const url = `http://${address}`;

  const agent = new Agent({ keepAlive: true, maxSockets: 16 });
  let load: { timer: NodeJS.Timeout; end: NodeJS.Timeout } | undefined;
  const stopLoad = (): void => {
    if (!load) return;
    clearInterval(load.timer);
    clearTimeout(load.end);
    load = undefined;
  };

  return {
    url,
    address,
    setBehaviour(b) {
      behaviour = { ...behaviour, ...b };
    },
    startLoad(rps, loadOpts = {}) {
      stopLoad();
      const timer = setInterval(
        () => {
          get(`${url}/`, { agent }, (res) => res.resume()).on('error', () => {});
        },
        Math.max(1, 1000 / rps),
      );
      const end = setTimeout(stopLoad, (loadOpts.maxSeconds ?? 600) * 1000);
      timer.unref();
      end.unref();
      load = { timer, end };
    },
    stopLoad,
    served: () => ({ total: count, errors }),
    async stop() {
      stopLoad();
      agent.destroy();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}
