/**
 * Runs work ring by ring: the rings in order, the items of one ring with bounded
 * concurrency. A failure lets the ring's other items finish (their results are reported)
 * and stops the rings after it, whose items are reported as skipped (unless told to go on,
 * as a rollback does).
 */
export interface Ring<T> {
  name: string;
  concurrency: number;
  items: T[];
}

export type RingResult<T, R> =
  | { ring: string; item: T; status: 'ok'; value: R; ms: number }
  | { ring: string; item: T; status: 'failed'; error: unknown; ms: number }
  | { ring: string; item: T; status: 'skipped'; reason: string };

export async function runInRings<T, R>(
  rings: Ring<T>[],
  fn: (item: T, ring: string) => Promise<R>,
  opts: { haltOnFailure?: boolean } = {},
): Promise<RingResult<T, R>[]> {
  const results: RingResult<T, R>[] = [];
  let failedRing: string | undefined;
  for (const ring of rings) {
    if (failedRing) {
      for (const item of ring.items) {
        results.push({
          ring: ring.name,
          item,
          status: 'skipped',
          reason: `ring ${failedRing} failed`,
        });
      }
      continue;
    }
    const ringResults = await mapLimited(ring.items, ring.concurrency, async (item) => {
      const start = performance.now();
      const base = { ring: ring.name, item };
      try {
        const value = await fn(item, ring.name);
        return { ...base, status: 'ok', value, ms: performance.now() - start } as const;
      } catch (error) {
        return { ...base, status: 'failed', error, ms: performance.now() - start } as const;
      }
    });
    results.push(...ringResults);
    if ((opts.haltOnFailure ?? true) && ringResults.some((r) => r.status === 'failed'))
      failedRing = ring.name;
  }
  return results;
}

/** Like Promise.all over `items.map(fn)`, with at most `limit` running at once; keeps order. */
export async function mapLimited<T, R>(
  items: T[],
  limit: number,
  fn: (item: T) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  return results;
}
