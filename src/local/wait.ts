/**
 * Waiting for the control plane to come up: polling a readiness check within the time
 * the start has left, failing fast when a process it started exits, and errors that
 * name the log to read.
 */
import { CutoverError } from '../errors.ts';
import { type ApiConnection, adminRequest } from './admin-client.ts';
import { type Started, logTail } from './process.ts';
import type { Progress } from './types.ts';

export interface WaitOptions {
  timeoutMs: number;
  /** Processes whose exit ends the wait at once. */
  watch: Started[];
  /** The process whose log the timeout error shows. */
  logOf: Started | undefined;
  progress: Progress;
  intervalMs?: number;
}

/** The time left of the start's overall timeout; a wait takes its own limit or what is left. */
export interface Budget {
  cap(limitMs: number): number;
}

export function startBudget(timeoutMs: number): Budget {
  const deadline = Date.now() + timeoutMs;
  return { cap: (limitMs) => Math.min(limitMs, Math.max(1_000, deadline - Date.now())) };
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** A process of the cluster exited during start: the error names its log. */
function exitedError(s: Started): CutoverError {
  const how = s.exit?.signal ? `signal ${s.exit.signal}` : `exit code ${s.exit?.code}`;
  return new CutoverError(
    'LOCAL_CLUSTER',
    `${s.record.name} exited during start (${how}); its log is ${s.record.log}\n${logTail(s.record.log)}`,
    {
      hint: `read ${s.record.log}; a port taken by another program or a stale build are the usual causes`,
    },
  );
}

/**
 * Polls check() until it returns true, failing fast when a watched process exits and
 * with an error naming the log of the process it waited for when time runs out.
 */
export async function waitFor(
  what: string,
  check: () => Promise<boolean | string>,
  opts: WaitOptions,
): Promise<void> {
  const start = Date.now();
  let lastReport = start;
  let last: boolean | string = false;
  let lastError = '';
  for (;;) {
    for (const s of opts.watch) if (s.exit) throw exitedError(s);
    try {
      last = await check();
      if (last === true) return;
    } catch (e) {
      lastError = (e as Error).message;
    }
    const now = Date.now();
    if (now - start > opts.timeoutMs) {
      const detail = typeof last === 'string' ? last : lastError;
      const log = opts.logOf?.record.log;
      throw new CutoverError(
        'LOCAL_CLUSTER',
        `timed out after ${Math.round(opts.timeoutMs / 1000)}s waiting for ${what}${detail ? ` (${detail})` : ''}` +
          (log ? `; the log of ${opts.logOf?.record.name} is ${log}\n${logTail(log)}` : ''),
        { hint: log ? `read ${log}` : 'read the logs in the state directory' },
      );
    }
    if (now - lastReport >= 5_000) {
      lastReport = now;
      const detail = typeof last === 'string' ? `: ${last}` : '';
      opts.progress(`  still waiting for ${what} (${Math.round((now - start) / 1000)}s)${detail}`);
    }
    await sleep(opts.intervalMs ?? 200);
  }
}

/** GET over HTTPS against a component's /healthz, verifying TLS with the cluster CA. */
export async function healthz(conn: ApiConnection, port: number): Promise<boolean | string> {
  const r = await adminRequest(
    { ...conn, server: `https://127.0.0.1:${port}` },
    { method: 'GET', path: '/healthz', timeoutMs: 3_000 },
  );
  return r.status === 200 ? true : `HTTP ${r.status} ${r.text.slice(0, 200)}`;
}
