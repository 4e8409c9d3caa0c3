// Blue/green through every router on the real control plane: objects as the API server
// holds them (traffic through a real data plane is proven in the traffic tests).
// ingress-nginx and istio have no data plane here: their routes are checked against the
// API server (istio: the CRDs of istio.io/api, validated by the API server).
import { routerFor } from '../../../src/routing/index.ts';
import { routeTarget, tenantContext } from '../../../src/release/tenant.ts';
import { tenantUnits } from '../../../src/tenancy/units.ts';
import { fleet, oks, type Fleet, type Method } from './release-fixtures.ts';

async function held(f: Fleet, tenant: string, live: 'blue' | 'green', candidate: 'blue' | 'green') {
  const unit = tenantUnits(f.config).find((u) => u.id === tenant)!;
  const router = routerFor(f.cluster, f.config.routing);
  const ctx = tenantContext({
    cluster: f.cluster,
    config: f.config,
    router,
    unit,
    by: 't',
    progress: () => {},
  });
  return router.getWeights(routeTarget(ctx, live, candidate));
}

describe.each<Method>(['gateway-api', 'ingress-nginx', 'istio'])(
  'router %s (API server only for ingress-nginx and istio)',
  (method) => {
    it('deploys v1 live, v2 beside it, testers first, 10, next, 100 promoted, rolled back to warm v1; re-runs write nothing', async () => {
      const f = await fleet(method);
      const first = oks(await f.deploy('1.0.0'));
      expect(first.map((r) => [r.action, r.color, r.live])).toEqual([
        ['first-release', 'blue', 'blue'],
        ['first-release', 'blue', 'blue'],
      ]);
      expect(oks(await f.deploy('1.0.0')).map((r) => [r.action, r.writes])).toEqual([
        ['already-live', 0],
        ['already-live', 0],
      ]);
      const second = oks(await f.deploy('2.0.0'));
      expect(second.map((r) => [r.action, r.color, r.live])).toEqual([
        ['deployed', 'green', 'blue'],
        ['deployed', 'green', 'blue'],
      ]);
      expect((await f.service('a', `${f.app}-preview`))!.spec!.selector!['cutover.dev/color']).toBe(
        'green',
      );
      expect((await f.service('a', f.app))!.spec!.selector!['cutover.dev/color']).toBe('blue');
      expect(await held(f, 'a', 'blue', 'green')).toEqual({ weight: 0, testers: false });
      expect(oks(await f.deploy('2.0.0')).map((r) => [r.action, r.writes])).toEqual([
        ['unchanged', 0],
        ['unchanged', 0],
      ]);

      expect(oks(await f.shift({ weight: 0 })).map((r) => [r.weight, r.testers])).toEqual([
        [0, true],
        [0, true],
      ]);
      const ten = oks(await f.shift({ weight: 10 }));
      expect(ten.map((r) => [r.action, r.weight, r.testers, r.writes])).toEqual([
        ['shifted', 10, true, 1],
        ['shifted', 10, true, 1],
      ]);
      expect(await held(f, 'b', 'blue', 'green')).toEqual({ weight: 10, testers: true });
      expect(oks(await f.shift({ weight: 10 })).map((r) => [r.action, r.writes])).toEqual([
        ['unchanged', 0],
        ['unchanged', 0],
      ]);
      expect(oks(await f.shift({ next: true })).map((r) => r.weight)).toEqual([50, 50]);
      const promoted = oks(await f.shift({ weight: 100 }));
      expect(promoted.map((r) => [r.action, r.live, r.retired])).toEqual([
        ['promoted', 'green', 'kept-warm'],
        ['promoted', 'green', 'kept-warm'],
      ]);
      expect((await f.service('a', f.app))!.spec!.selector!['cutover.dev/color']).toBe('green');
      expect(await held(f, 'a', 'green', 'green')).toEqual({ weight: 0, testers: false });
      expect((await f.deployment('a', 'blue'))!.spec!.replicas).toBe(1);
      // the last step again: done already, nothing written
      expect(oks(await f.shift({ weight: 100 })).map((r) => [r.action, r.writes])).toEqual([
        ['already-promoted', 0],
        ['already-promoted', 0],
      ]);
      const nextPast = await f.shift({ next: true }, ['a']);
      expect(nextPast[0]!.status).toBe('failed');

      const back = oks(await f.rollback('checkout errors', ['a']));
      expect(back.map((r) => [r.action, r.live, r.version])).toEqual([
        ['restored-warm', 'blue', '1.0.0'],
      ]);
      expect((await f.service('a', f.app))!.spec!.selector!['cutover.dev/color']).toBe('blue');
      expect((await f.deployment('a', 'blue'))!.spec!.replicas).toBe(2);
      expect((await f.deployment('a', 'green'))!.spec!.replicas).toBe(0);
      // again: already rolled back
      expect(oks(await f.rollback('again', ['a'])).map((r) => [r.action, r.writes])).toEqual([
        ['unchanged', 0],
      ]);
    });
  },
);
