import { httpStatus, isAbort, isNetworkError, networkCode } from './errors.ts';
import { ApiError } from './rest.ts';

export interface RetryOptions {
  attempts?: number;
  baseDelayMs?: number;
  /** The longest wait between two tries, a server's Retry-After included. */
  maxDelayMs?: number;
  /** 409 is retried only for writes that are safe to repeat (server-side apply is). */
  retryConflicts?: boolean;
  /** Stops waiting (and trying) at once when aborted. */
  signal?: AbortSignal;
  /** Told before each wait, so a long one can be shown. */
  onRetry?: (e: unknown, delayMs: number, attempt: number) => void;
}

/** Whether a failure is transient: throttling, server errors, dropped connections. */
export function isTransient(e: unknown, retryConflicts: boolean): boolean {
  if (isAbort(e)) return false;
  const status = httpStatus(e);
  // A refused connection or an unknown host is not going to heal in a second: fail fast.
  if (status === undefined)
    return isNetworkError(e) && !['ECONNREFUSED', 'ENOTFOUND'].includes(networkCode(e) ?? '');
  return status === 429 || status >= 500 || (retryConflicts && status === 409);
}

/** Runs `fn`, retrying transient failures with exponential backoff and jitter. */
export async function withRetry<T>(fn: () => Promise<T>, opts: RetryOptions = {}): Promise<T> {
  const attempts = opts.attempts ?? 5;
  const base = opts.baseDelayMs ?? 200;
  const max = opts.maxDelayMs ?? 30_000;
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn();
    } catch (e) {
      if (attempt >= attempts || !isTransient(e, opts.retryConflicts ?? false)) throw e;
      // The server's own word on when to come back beats our guess.
      const asked = e instanceof ApiError ? e.retryAfterMs : undefined;
      const backoff = base * 2 ** (attempt - 1) * (0.5 + Math.random() / 2);
      const delay = Math.min(max, asked ?? backoff);
      opts.onRetry?.(e, delay, attempt);
      await sleep(delay, opts.signal);
    }
  }
}

/** setTimeout as a promise that rejects with the signal's reason when aborted. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason as Error);
    const t = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    function onAbort() {
      clearTimeout(t);
      reject(signal!.reason as Error);
    }
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
