import { httpStatus, isNetworkError, networkCode } from './errors.ts';

export interface RetryOptions {
  attempts?: number;
  baseDelayMs?: number;
  /** 409 is retried only for writes that are safe to repeat (server-side apply is). */
  retryConflicts?: boolean;
}

/** Whether a failure is transient: throttling, server errors, dropped connections. */
export function isTransient(e: unknown, retryConflicts: boolean): boolean {
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
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn();
    } catch (e) {
      if (attempt >= attempts || !isTransient(e, opts.retryConflicts ?? false)) throw e;
      const delay = base * 2 ** (attempt - 1) * (0.5 + Math.random() / 2);
      await new Promise((r) => setTimeout(r, delay));
    }
  }
}
