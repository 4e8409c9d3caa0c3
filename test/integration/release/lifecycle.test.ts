// The release lifecycle on the real control plane with the service router (the default):
// retention modes, rollback before and after promotion, pinned tenants, failed rollouts,
// bad input that changes nothing, interrupted runs completed by a re-run, and two runs
// on one tenant serialised by its Lease.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { KubernetesObject, V1ConfigMap } from '@kubernetes/client-node';
import { parseImage } from '../../../src/release/image.ts';
import { parseWeightRequest } from '../../../src/release/shift.ts';
import { fleet, oks } from './release-fixtures.ts';

const one = [{ id: 'a', ring: 'canary' }];

it('service router: 0/100 only (10 is refused naming methods that can), promotes, deletes the old color with mode delete, rolls back by redeploying', async () => {
  const f = await fleet('service', { tenants: one, retention: '{ mode: delete, delay: 0s }' });
  oks(await f.deploy('1.0.0'));
  oks(await f.deploy('2.0.0'));
  const ten = await f.shift({ weight: 10 });
  expect(ten[0]!.status).toBe('failed');
  expect(String((ten[0] as { error: Error }).error.message)).toMatch(
    /switches all traffic at once/,
  );
  expect((ten[0] as { error: { hint: string } }).error.hint).toMatch(/gateway-api/);
  expect((await f.service('a', f.app))!.spec!.selector!['cutover.dev/color']).toBe('blue');

  const promoted = oks(await f.shift({ next: true }));
  expect(promoted.map((r) => [r.action, r.live, r.retired])).toEqual([
    ['promoted', 'green', 'deleted'],
  ]);
  expect(await f.deployment('a', 'blue')).toBeUndefined();

  const back = oks(await f.rollback('bad release'));
  expect(back.map((r) => [r.action, r.live, r.version])).toEqual([
    ['restored-redeployed', 'blue', '1.0.0'],
  ]);
  const blue = (await f.deployment('a', 'blue'))!;
  expect(blue.spec!.template.spec!.containers[0]!.image).toBe(`registry.local/${f.app}:1.0.0`);
  expect((await f.deployment('a', 'green'))!.spec!.replicas).toBe(0);
  const history = JSON.parse(
    (await f.cluster.get<V1ConfigMap>({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      namespace: f.ns('a'),
      name: `${f.app}-releases`,
    }))!.data!['history.json']!,
  );
  expect(
    history
      .slice(0, 2)
      .map((h: { version: string; result: string; reason?: string; by: string }) => [
        h.version,
        h.result,
        h.reason,
        h.by,
      ]),
  ).toEqual([
    ['1.0.0', 'restored', 'bad release', 'release-test'],
    ['2.0.0', 'rolled-back', 'bad release', 'release-test'],
  ]);
});

it('rollback `to` a version from the history: an older release comes back; an unknown one and a half-done rollout are refused, naming what there is', async () => {
  const f = await fleet('service', { tenants: one, retention: '{ mode: keep-warm, delay: 0s }' });
  for (const v of ['1.0.0', '2.0.0', '3.0.0']) {
    oks(await f.deploy(v));
    if (v !== '1.0.0') oks(await f.shift({ weight: 100 }));
  }
  const unknown = await f.rollback('to nowhere', undefined, '9.9.9');
  expect(unknown[0]!.status).toBe('failed');
  const err = (unknown[0] as { error: { message: string; hint: string } }).error;
  expect(err.message).toMatch(/input `to`: 9\.9\.9 is not a release in the history/);
  expect(err.hint).toBe(
    'name one of the releases it has: 3.0.0, 2.0.0, 1.0.0 (a version, an image or a digest)',
  );

  const back = oks(await f.rollback('back two', undefined, '1.0.0'));
  expect(back.map((r) => [r.action, r.version])).toEqual([['restored-redeployed', '1.0.0']]);
  const live = (await f.service('a', f.app))!.spec!.selector!['cutover.dev/color']!;
  expect((await f.deployment('a', live))!.spec!.template.spec!.containers[0]!.image).toBe(
    `registry.local/${f.app}:1.0.0`,
  );
  // already there: nothing to do
  expect(oks(await f.rollback('again', undefined, '1.0.0'))[0]!.action).toBe('unchanged');

  oks(await f.deploy('4.0.0'));
  const halfDone = await f.rollback('mid-rollout', undefined, '2.0.0');
  expect(String((halfDone[0] as { error: Error }).error.message)).toMatch(
    /a new version is beside the live one/,
  );
});

it('warm-backup updates the old color to the new version; keep-warm with a delay keeps it at full scale until due', async () => {
  const f = await fleet('service', {
    tenants: one,
    retention: '{ mode: warm-backup, replicas: 1, delay: 0s }',
  });
  oks(await f.deploy('1.0.0'));
  oks(await f.deploy('2.0.0'));
  expect(oks(await f.shift({ weight: 100 }))[0]!.retired).toBe('warm-backup');
  const blue = (await f.deployment('a', 'blue'))!;
  expect([blue.spec!.replicas, blue.spec!.template.spec!.containers[0]!.image]).toEqual([
    1,
    `registry.local/${f.app}:2.0.0`,
  ]);

  const g = await fleet('service', {
    tenants: one,
    retention: '{ mode: keep-warm, replicas: 1, delay: 1h }',
  });
  oks(await g.deploy('1.0.0'));
  oks(await g.deploy('2.0.0'));
  expect(oks(await g.shift({ weight: 100 }))[0]!.retired).toBe('scheduled');
  const old = (await g.deployment('a', 'blue'))!;
  expect(old.spec!.replicas).toBe(2);
  expect(new Date(old.metadata!.annotations!['cutover.dev/retire-at']!).getTime()).toBeGreaterThan(
    Date.now() + 50 * 60_000,
  );
});

it('rollback before promotion puts all traffic back on live in one route write and scales the new color to zero', async () => {
  const f = await fleet('gateway-api', { tenants: one });
  oks(await f.deploy('1.0.0'));
  oks(await f.deploy('2.0.0'));
  oks(await f.shift({ weight: 50 }));
  const [r] = oks(await f.rollback('error ratio over 1%'));
  expect([r!.action, r!.live, r!.from]).toEqual([
    'candidate-removed',
    'blue',
    `registry.local/${f.app}:2.0.0`,
  ]);
  // route, scale, history
  expect(r!.writes).toBe(3);
  expect((await f.deployment('a', 'green'))!.spec!.replicas).toBe(0);
  const route = await f.cluster.get<
    KubernetesObject & { spec: { rules: { name: string; backendRefs: { weight: number }[] }[] } }
  >({
    apiVersion: 'gateway.networking.k8s.io/v1',
    kind: 'HTTPRoute',
    namespace: f.ns('a'),
    name: f.app,
  });
  expect(route!.spec.rules.map((x) => [x.name, x.backendRefs.map((b) => b.weight)])).toEqual([
    ['cutover-traffic', [100, 0]],
  ]);
  // nothing in flight: shifting is refused; the next deploy goes to green again
  expect((await f.shift({ weight: 10 }))[0]!.status).toBe('failed');
  expect(oks(await f.deploy('2.0.1')).map((x) => [x.action, x.color])).toEqual([
    ['deployed', 'green'],
  ]);
});

it('pinned tenants are skipped and keep their version; a ring that fails stops the later rings', async () => {
  const f = await fleet('service', {
    tenants: [
      { id: 'a', ring: 'canary' },
      { id: 'p', ring: 'canary', version: '0.9.0' },
      { id: 'b', ring: 'main' },
    ],
  });
  const results = await f.deploy('1.0.0');
  expect(results.map((r) => [r.item.id, r.status])).toEqual([
    ['a', 'ok'],
    ['p', 'skipped'],
    ['b', 'ok'],
  ]);
  expect((results[1] as { reason: string }).reason).toBe('pinned to 0.9.0');
  expect(await f.deployment('p', 'blue')).toBeUndefined();

  // v3's pods never become ready: ring canary fails with the Deployment's story, main is not started
  const dir = mkdtempSync(join(tmpdir(), 'cutover-workload-'));
  const workload = join(dir, 'deployment.yaml');
  writeFileSync(workload, neverReady(f.app));
  const failed = await f.deploy('3.0.0', { timeoutMs: 4000, workloadFile: workload });
  expect(failed.map((r) => [r.item.id, r.status])).toEqual([
    ['a', 'failed'],
    ['p', 'skipped'],
    ['b', 'skipped'],
  ]);
  const error = (
    failed[0] as { error: { code: string; message: string; details: { path?: string }[] } }
  ).error;
  expect(error.code).toBe('ROLLOUT_FAILED');
  expect(error.message).toMatch(/not ready after 4 s \(0\/2 ready\)|progress deadline/);
  expect(error.details.map((d) => d.path)).toEqual(
    expect.arrayContaining(['condition Available', 'pods']),
  );
  expect((await f.service('a', f.app))!.spec!.selector!['cutover.dev/color']).toBe('blue');
  // and rolled back: green to zero, blue untouched
  expect(oks(await f.rollback('v3 never became ready', ['a'])).map((r) => r.action)).toEqual([
    'candidate-removed',
  ]);
  expect(await f.deployment('b', 'green')).toBeUndefined();
});

it('bad input changes nothing: weight out of range, next past the last step, an image without tag or digest, workloads with no or two Deployments', async () => {
  expect(() => parseWeightRequest('101')).toThrow(
    /expected a whole percentage from 0 to 100 or `next`/,
  );
  expect(() => parseWeightRequest('-5')).toThrow(/0 to 100/);
  expect(() => parseImage('registry.local/shop')).toThrow(/no tag or digest/);
  expect(() => parseImage('registry.local/shop@sha256:abc')).toThrow(/64 lowercase hex/);

  const f = await fleet('gateway-api', { tenants: one });
  oks(await f.deploy('1.0.0'));
  oks(await f.deploy('2.0.0'));
  oks(await f.shift({ weight: 100 }));
  const before = f.cluster.stats.writes;
  const past = await f.shift({ next: true });
  expect((past[0] as { error: Error }).error.message).toMatch(
    /nothing to shift|no new version is deployed/,
  );

  const dir = mkdtempSync(join(tmpdir(), 'cutover-workload-'));
  writeFileSync(join(dir, 'none.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata: { name: x }\n');
  writeFileSync(join(dir, 'two.yaml'), `${neverReady('one')}---\n${neverReady('two')}`);
  await expect(f.deploy('3.0.0', { workloadFile: join(dir, 'none.yaml') })).rejects.toThrow(
    /has no Deployment; expected exactly one/,
  );
  await expect(f.deploy('3.0.0', { workloadFile: join(dir, 'two.yaml') })).rejects.toThrow(
    /has 2 Deployments \(one, two\)/,
  );
  // only the lease (acquire + release) of the refused shift was written
  expect(f.cluster.stats.writes - before).toBe(2);
  expect((await f.deployment('a', 'blue'))!.spec!.template.spec!.containers[0]!.image).toBe(
    `registry.local/${f.app}:1.0.0`,
  );
});

it('a run killed between router writes (promotion cut after the Service switch) is completed by a re-run', async () => {
  const f = await fleet('gateway-api', { tenants: one });
  oks(await f.deploy('1.0.0'));
  oks(await f.deploy('2.0.0'));
  oks(await f.shift({ weight: 100 }));
  // Put the route back the way a kill right after the stable switch leaves it.
  await f.cluster.update<
    KubernetesObject & { spec: { rules: { name: string; backendRefs: { weight: number }[] }[] } }
  >(
    {
      apiVersion: 'gateway.networking.k8s.io/v1',
      kind: 'HTTPRoute',
      namespace: f.ns('a'),
      name: f.app,
    },
    (r) => {
      r.spec.rules
        .find((x) => x.name === 'cutover-traffic')!
        .backendRefs.forEach((b, i) => (b.weight = i === 0 ? 0 : 100));
      return true;
    },
  );
  await f.cluster.mergePatch(
    { apiVersion: 'apps/v1', kind: 'Deployment', namespace: f.ns('a'), name: `${f.app}-blue` },
    {
      metadata: { annotations: { 'cutover.dev/retire-at': null, 'cutover.dev/retire-mode': null } },
      spec: { replicas: 2 },
    },
  );
  const [again] = oks(await f.shift({ weight: 100 }));
  expect(again!.action).toBe('already-promoted');
  expect(again!.notes).toEqual([
    'finished an interrupted promotion (route back on the stable Service)',
    'old color blue: kept-warm',
  ]);
  expect((await f.deployment('a', 'blue'))!.spec!.replicas).toBe(1);
});

it('a run killed between tenants is completed by a re-run, and two concurrent runs on one tenant never interleave', async () => {
  const f = await fleet('gateway-api', {
    tenants: [
      { id: 'a', ring: 'canary' },
      { id: 'b', ring: 'canary' },
    ],
  });
  oks(await f.deploy('1.0.0'));
  oks(await f.deploy('2.0.0'));
  // Killed after tenant a: only a got its share.
  oks(await f.shift({ weight: 10 }, ['a']));
  const rerun = oks(await f.shift({ weight: 10 }));
  expect(rerun.map((r) => [r.action, r.weight])).toEqual([
    ['unchanged', 10],
    ['shifted', 10],
  ]);

  // Two runs at once on the same tenants: each tenant's Lease lets one work at a time.
  const [x, y] = await Promise.all([
    f.shift({ weight: 50 }, undefined, 'run-1'),
    f.shift({ weight: 50 }, undefined, 'run-2'),
  ]);
  const actions = [...oks(x!), ...oks(y!)].map((r) => r.action).sort();
  expect(actions).toEqual(['shifted', 'shifted', 'unchanged', 'unchanged']);
  expect(f.progress.some((m) => /waiting for (run-[12]|another run)/.test(m))).toBe(true);
});

function neverReady(app: string): string {
  return `apiVersion: apps/v1
kind: Deployment
metadata: { name: ${app} }
spec:
  template:
    metadata:
      annotations: { cutover.dev/local-ready: "false" }
    spec:
      securityContext: { runAsNonRoot: true, seccompProfile: { type: RuntimeDefault } }
      containers:
        - name: ${app}
          image: placeholder
          ports: [{ containerPort: 8080 }]
          securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: [ALL] } }
`;
}
