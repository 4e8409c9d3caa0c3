// Blue/green proven by requests: the engine drives the gateway-api router, Traefik (the
// local data plane) routes real requests to the pods' responders, and the test counts
// where they land at each step, within a binomial tolerance, while a steady flow of
// requests checks that none fails during the switches and the rollback.
import { LOCAL_GATEWAY, sendTraffic } from '../../../src/local/index.ts';
import { testTrafficUrl } from '../helpers.ts';
import { fleet, oks } from './release-fixtures.ts';

const TESTERS = { 'x-cutover-preview': 'true' };

async function count(host: string, n: number, headers: Record<string, string> = {}) {
  const by: Record<string, number> = {};
  let failed = 0;
  for (let i = 0; i < n; i++) {
    const r = await sendTraffic(testTrafficUrl(), { host, headers }).catch(() => undefined);
    if (!r || r.status !== 200 || !r.answer) failed++;
    else by[r.answer.color] = (by[r.answer.color] ?? 0) + 1;
  }
  return { green: by.green ?? 0, blue: by.blue ?? 0, failed };
}

/** |k - np| within 4 standard deviations of the binomial(n, p). */
function withinBinomial(k: number, n: number, p: number): boolean {
  return Math.abs(k - n * p) <= 4 * Math.sqrt(n * p * (1 - p)) + 1e-9;
}

/**
 * Requests one after another until stopped, counting failures across every switch. Paused
 * while a share is counted: Traefik's weighted round robin is one deterministic sequence
 * for all clients, so a second client interleaving with the count would skew it.
 */
function steady(host: string) {
  let running = true;
  let paused = false;
  const stats = { sent: 0, failed: 0 };
  const loop = (async () => {
    while (running) {
      if (paused) {
        await new Promise((res) => setTimeout(res, 20));
        continue;
      }
      stats.sent++;
      const r = await sendTraffic(testTrafficUrl(), { host }).catch(() => undefined);
      if (!r || r.status !== 200) {
        stats.failed++;
        await new Promise((res) => setTimeout(res, 50));
      }
    }
  })();
  return {
    stats,
    pause: () => (paused = true),
    resume: () => (paused = false),
    stop: async () => ((running = false), await loop, stats),
  };
}

/** Traefik applies a route change within a moment: sample until the share settles. */
async function settled(
  host: string,
  predicate: (c: { green: number; blue: number }) => boolean,
  headers: Record<string, string> = {},
) {
  for (let i = 0; i < 50; i++) {
    if (predicate(await count(host, 20, headers))) return;
    await new Promise((r) => setTimeout(r, 200));
  }
}

it('gateway-api through Traefik: testers first, 10%, 50%, 100% on green within binomial bounds, rolled back to blue, no request failed', async () => {
  const f = await fleet('gateway-api', {
    tenants: [{ id: 'a', ring: 'canary' }],
    routing: `routing:
  method: gateway-api
  testerHeader: { name: x-cutover-preview, value: "true" }
  parentRefs: [{ name: ${LOCAL_GATEWAY.name}, namespace: ${LOCAL_GATEWAY.namespace} }]
  hostnames: ['{tenant}.shop.test']`,
  });
  const host = 'a.shop.test';
  oks(await f.deploy('1.0.0'));
  await settled(host, (c) => c.blue === 20);
  expect(await count(host, 50)).toEqual({ green: 0, blue: 50, failed: 0 });

  const flow = steady(host);
  oks(await f.deploy('2.0.0'));
  oks(await f.shift({ weight: 0 }));
  await settled(host, (c) => c.green === 20, TESTERS);
  const testers = await count(host, 40, TESTERS);
  expect(testers).toEqual({ green: 40, blue: 0, failed: 0 });
  expect((await count(host, 100)).green).toBe(0);

  const shares: Record<number, number> = {};
  for (const weight of [10, 50]) {
    oks(await f.shift({ weight }));
    flow.pause();
    // the new weight applied: a run of 20 gives about its share (10% shows in the 50%'s)
    await settled(host, (c) => c.green >= Math.max(1, Math.round((20 * weight) / 200)));
    const n = 400;
    const c = await count(host, n);
    flow.resume();
    shares[weight] = c.green;
    expect(c.failed).toBe(0);
    expect({ weight, green: c.green, within: withinBinomial(c.green, n, weight / 100) }).toEqual({
      weight,
      green: c.green,
      within: true,
    });
    expect(await count(host, 20, TESTERS)).toEqual({ green: 20, blue: 0, failed: 0 });
  }
  oks(await f.shift({ weight: 100 }));
  await settled(host, (c) => c.green === 20);
  expect(await count(host, 100)).toEqual({ green: 100, blue: 0, failed: 0 });

  // after the promotion: back to blue (kept warm), at once
  oks(await f.rollback('traffic test'));
  await settled(host, (c) => c.blue === 20);
  expect(await count(host, 100)).toEqual({ green: 0, blue: 100, failed: 0 });
  const total = await flow.stop();
  process.stderr.write(
    `green share: 10% step ${shares[10]}/400, 50% step ${shares[50]}/400; steady flow ${total.sent} requests, ${total.failed} failed\n`,
  );
  expect(total.sent).toBeGreaterThan(100);
  expect(total.failed).toBe(0);
});
