/**
 * A real Prometheus for tests: Debian's `prometheus` binary on a free loopback port, with a
 * config of its own (scrape and evaluation every second) and a TSDB in a temporary folder,
 * both removed on stop(). scripts/setup.sh installs it; when it is missing the test fails
 * with that fix rather than skipping itself.
 *
 *   const prom = await startPrometheus({ targets: [{ job: 'app', address: app.address }] });
 *   await prom.waitForSeries('http_requests_total');
 *   ...
 *   await prom.stop();
 *
 * With `netns` it runs inside a network namespace (the local cluster's), listening on an
 * address there (a pod IP): the host cannot reach it, so readiness is read from its log and
 * waitForSeries is not available; the API server's service proxy is the way in.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { stringify } from 'yaml';

export interface ScrapeTarget {
  job: string;
  /** host:port, e.g. 127.0.0.1:41234 */
  address: string;
  /** Target labels, on every series scraped from it. */
  labels?: Record<string, string>;
  /** Default /metrics. */
  metricsPath?: string;
}

export interface StartPrometheusOptions {
  targets: ScrapeTarget[];
  /** Scrape interval, default 1000 ms (rules are evaluated every second). */
  scrapeIntervalMs?: number;
  /** Run inside this network namespace (`ip netns exec`); needs root. */
  netns?: string;
  /** Address to listen on, default 127.0.0.1. */
  host?: string;
  /** Port to listen on, default a free one (free on the host: pick one with netns). */
  port?: number;
  /** Startup deadline, default 30 s. */
  timeoutMs?: number;
}

export interface RunningPrometheus {
  /** http://host:port */
  url: string;
  /** How long from spawn to ready, in ms. */
  startupMs: number;
  /** Polls an instant query until it returns at least one series. */
  waitForSeries(query: string, timeoutMs?: number): Promise<void>;
  /** The last lines it logged. */
  logTail(lines?: number): string;
  stop(): Promise<void>;
}

const READY_LINE = 'Server is ready to receive web requests.';
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** The path of a binary on PATH, or a failure that names the fix. */
export function requireBinary(name: 'prometheus' | 'promtool'): string {
  const found = spawnSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' });
  const path = found.stdout.trim();
  if (found.status !== 0 || !path) {
    throw new Error(
      `${name} is not installed: run \`source scripts/setup.sh\` (it installs Debian's prometheus package, which brings prometheus and promtool)`,
    );
  }
  return path;
}

/** A TCP port nothing listens on at the moment (the kernel's pick). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

function configYaml(opts: StartPrometheusOptions): string {
  const interval = `${opts.scrapeIntervalMs ?? 1000}ms`;
  const jobs = new Map<string, ScrapeTarget[]>();
  for (const t of opts.targets) jobs.set(t.job, [...(jobs.get(t.job) ?? []), t]);
  return stringify({
    global: { scrape_interval: interval, scrape_timeout: interval, evaluation_interval: '1s' },
    scrape_configs: [...jobs].map(([job, targets]) => ({
      job_name: job,
      // One path per job in Prometheus: the first target's.
      metrics_path: targets[0]?.metricsPath ?? '/metrics',
      static_configs: targets.map((t) => ({ targets: [t.address], labels: t.labels ?? {} })),
    })),
  });
}

export async function startPrometheus(opts: StartPrometheusOptions): Promise<RunningPrometheus> {
  const binary = requireBinary('prometheus');
  const host = opts.host ?? '127.0.0.1';
  const port = opts.port ?? (await freePort());
  const dir = mkdtempSync(join(tmpdir(), 'cutover-prometheus-'));
  const config = join(dir, 'prometheus.yml');
  writeFileSync(config, configYaml(opts));
  const args = [
    `--config.file=${config}`,
    `--storage.tsdb.path=${join(dir, 'data')}`,
    `--web.listen-address=${host}:${port}`,
    '--web.enable-lifecycle',
    '--storage.tsdb.retention.time=1h',
  ];
  const [cmd, argv] = opts.netns
    ? ['ip', ['netns', 'exec', opts.netns, binary, ...args]]
    : [binary, args];
  const started = Date.now();
  const child = spawn(cmd, argv, { stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  const keep = (c: Buffer): void => {
    log = (log + c.toString('utf8')).slice(-64_000);
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  let exited: string | undefined;
  // Gone when it exits, or when it never started (a failed spawn emits no exit).
  const gone = new Promise<void>((resolve) => {
    child.once('exit', (code, signal) => {
      exited = signal ? `killed by ${signal}` : `exited with code ${code}`;
      resolve();
    });
    child.once('error', (e) => {
      exited = `could not start: ${e.message}`;
      resolve();
    });
  });
  const url = `http://${host}:${port}`;
  const logTail = (lines = 20): string => log.trimEnd().split('\n').slice(-lines).join('\n');
  const stop = async (): Promise<void> => {
    await kill(child, gone);
    rmSync(dir, { recursive: true, force: true });
  };

  const deadline = started + (opts.timeoutMs ?? 30_000);
  for (;;) {
    if (exited !== undefined) {
      await stop();
      throw new Error(`prometheus ${exited} before it was ready; its log ends:\n${logTail()}`);
    }
    if (opts.netns ? log.includes(READY_LINE) : await answers(`${url}/-/ready`)) break;
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`prometheus was not ready at ${url} in time; its log ends:\n${logTail()}`);
    }
    await sleep(100);
  }
  const startupMs = Date.now() - started;

  return {
    url,
    startupMs,
    logTail,
    stop,
    async waitForSeries(query, timeoutMs = 30_000) {
      if (opts.netns)
        throw new Error('waitForSeries: this Prometheus is not reachable from the host');
      const until = Date.now() + timeoutMs;
      let last = '';
      for (;;) {
        try {
          const res = await fetch(`${url}/api/v1/query?query=${encodeURIComponent(query)}`);
          const body = (await res.json()) as { data?: { result?: unknown[] }; error?: string };
          if ((body.data?.result?.length ?? 0) > 0) return;
          last = body.error ?? 'no series yet';
        } catch (e) {
          last = (e as Error).message;
        }
        if (Date.now() > until)
          throw new Error(
            `no series for ${query} after ${timeoutMs} ms (${last}); log:\n${logTail()}`,
          );
        await sleep(250);
      }
    },
  };
}

async function answers(url: string): Promise<boolean> {
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(1_000) });
    await res.arrayBuffer();
    return res.ok;
  } catch {
    return false;
  }
}

/** SIGTERM, then SIGKILL after 5 s; resolves when the process is gone. */
async function kill(child: ChildProcess, gone: Promise<void>): Promise<void> {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  const t = setTimeout(() => child.kill('SIGKILL'), 5_000);
  await gone;
  clearTimeout(t);
}
