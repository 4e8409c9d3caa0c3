import { mapLimited, runInRings } from '../../../src/tenancy/rings.ts';

const tick = () => new Promise((r) => setTimeout(r, 5));

describe('runInRings', () => {
  it('runs rings in order and never more than the ring concurrency at once', async () => {
    let running = 0;
    let peak = 0;
    const seen: string[] = [];
    const results = await runInRings(
      [
        { name: 'canary', concurrency: 1, items: ['a', 'b'] },
        { name: 'main', concurrency: 3, items: ['c', 'd', 'e', 'f', 'g'] },
      ],
      async (item, ring) => {
        running++;
        peak = Math.max(peak, running);
        seen.push(`${ring}:${item}`);
        await tick();
        running--;
        if (ring === 'canary') expect(peak).toBe(1);
        return item.toUpperCase();
      },
    );
    expect(peak).toBe(3);
    expect(seen.slice(0, 2)).toEqual(['canary:a', 'canary:b']);
    expect(results.map((r) => r.status === 'ok' && r.value)).toEqual([
      'A',
      'B',
      'C',
      'D',
      'E',
      'F',
      'G',
    ]);
  });

  it('a failure lets its ring finish, skips later rings, and keeps every result', async () => {
    const results = await runInRings(
      [
        { name: 'one', concurrency: 2, items: [1, 2] },
        { name: 'two', concurrency: 2, items: [3, 4, 5] },
        { name: 'three', concurrency: 2, items: [6] },
      ],
      async (n) => {
        await tick();
        if (n === 3) throw new Error('boom');
        return n;
      },
    );
    expect(results.map((r) => [r.item, r.status])).toEqual([
      [1, 'ok'],
      [2, 'ok'],
      [3, 'failed'],
      [4, 'ok'],
      [5, 'ok'],
      [6, 'skipped'],
    ]);
    const skipped = results[5]!;
    expect(skipped.status === 'skipped' && skipped.reason).toBe('ring two failed');
  });

  it('mapLimited keeps order and handles empty input', async () => {
    expect(await mapLimited([], 4, async (x: number) => x)).toEqual([]);
    expect(await mapLimited([3, 1, 2], 2, async (x) => x * 10)).toEqual([30, 10, 20]);
  });
});
