import { Watch, type KubeConfig, type KubernetesObject } from '@kubernetes/client-node';
import { ApiError } from './rest.ts';
import { isTransient, sleep } from './retry.ts';

export interface WatchOptions {
  namespace?: string;
  labelSelector?: string;
  fieldSelector?: string;
  /** How long to wait in all before giving up (resolves false). */
  timeoutMs: number;
  signal?: AbortSignal;
}

export interface WatchEvent<T> {
  type: 'ADDED' | 'MODIFIED' | 'DELETED';
  object: T;
}

export interface WatchSource<T> {
  kc: KubeConfig;
  /** The collection path (namespaced when the watch is). */
  path: string;
  list: () => Promise<{ items: T[]; resourceVersion: string }>;
  countRead: () => void;
}

/** A stream ended by the server's ERROR event with this code needs a fresh list. */
const GONE = 410;
/** Server-side timeout of one watch request, so streams are renewed before proxies cut them. */
const STREAM_SECONDS = 300;

/**
 * List then watch (the informer pattern, without a cache): every object is shown once as
 * ADDED, then each change, until `onEvent` returns true. A dropped stream is resumed from
 * the last version seen; a forgotten version (410 Gone) starts again from a list. The
 * stream itself is the client library's Watch: no hand-written parser.
 */
export async function watchUntil<T extends KubernetesObject>(
  src: WatchSource<T>,
  opts: WatchOptions,
  onEvent: (event: WatchEvent<T>) => boolean | void,
): Promise<boolean> {
  const deadline = Date.now() + opts.timeoutMs;
  const expired = new AbortController();
  const timer = setTimeout(() => expired.abort(), opts.timeoutMs);
  const signal = opts.signal ? AbortSignal.any([opts.signal, expired.signal]) : expired.signal;
  try {
    let version: string | undefined;
    let failures = 0;
    while (Date.now() < deadline) {
      if (version === undefined) {
        const listed = await src.list();
        for (const object of listed.items) if (onEvent({ type: 'ADDED', object })) return true;
        version = listed.resourceVersion;
      }
      src.countRead();
      const end = await oneStream(
        src,
        opts,
        version,
        signal,
        (rv) => {
          version = rv ?? version;
          failures = 0;
        },
        onEvent,
      );
      if (end.kind === 'done') return true;
      if (end.kind === 'gone') version = undefined;
      if (end.kind === 'error') {
        if (signal.aborted) break;
        if (!isTransient(end.error, false) || ++failures > 5) throw end.error;
        await sleep(Math.min(200 * 2 ** failures, 5_000), signal).catch(() => {});
      }
    }
    opts.signal?.throwIfAborted();
    return false;
  } finally {
    clearTimeout(timer);
  }
}

type StreamEnd =
  { kind: 'done' } | { kind: 'closed' } | { kind: 'gone' } | { kind: 'error'; error: unknown };

function oneStream<T extends KubernetesObject>(
  src: WatchSource<T>,
  opts: WatchOptions,
  resourceVersion: string,
  signal: AbortSignal,
  seen: (resourceVersion: string | undefined) => void,
  onEvent: (event: WatchEvent<T>) => boolean | void,
): Promise<StreamEnd> {
  return new Promise((resolve) => {
    let controller: AbortController | undefined;
    let ended = false;
    const finish = (end: StreamEnd) => {
      if (ended) return;
      ended = true;
      signal.removeEventListener('abort', onAbort);
      controller?.abort();
      resolve(end);
    };
    const onAbort = () => finish({ kind: 'closed' });
    signal.addEventListener('abort', onAbort, { once: true });
    const query = {
      resourceVersion,
      allowWatchBookmarks: true,
      timeoutSeconds: STREAM_SECONDS,
      ...(opts.labelSelector ? { labelSelector: opts.labelSelector } : {}),
      ...(opts.fieldSelector ? { fieldSelector: opts.fieldSelector } : {}),
    };
    new Watch(src.kc)
      .watch(
        src.path,
        query,
        (type: string, object: T & { code?: number }) => {
          if (ended) return;
          if (type === 'ERROR') {
            finish(
              object.code === GONE
                ? { kind: 'gone' }
                : { kind: 'error', error: statusError(object) },
            );
            return;
          }
          seen(object.metadata?.resourceVersion);
          if (type === 'BOOKMARK') return; // only moves the version on
          if (onEvent({ type: type as WatchEvent<T>['type'], object })) finish({ kind: 'done' });
        },
        (err: unknown) =>
          finish(err ? { kind: 'error', error: watchError(err) } : { kind: 'closed' }),
      )
      .then((c) => {
        controller = c;
        if (ended) c.abort();
      })
      .catch((err: unknown) => finish({ kind: 'error', error: watchError(err) }));
  });
}

function statusError(s: { code?: number; message?: string; reason?: string }): ApiError {
  return new ApiError(s.code ?? 500, s.message ?? 'watch error', s.reason);
}

/** The library reports a refused watch as an Error with `statusCode`: make it an ApiError. */
function watchError(err: unknown): unknown {
  const status = (err as { statusCode?: number }).statusCode;
  return typeof status === 'number' ? new ApiError(status, (err as Error).message) : err;
}
