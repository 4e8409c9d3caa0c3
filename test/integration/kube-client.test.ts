import { describe, expect, it } from '@jest/globals';
import * as k8s from '@kubernetes/client-node';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CutoverError } from '../../src/errors.ts';
import { Cluster } from '../../src/kube/cluster.ts';
import { acquireLease } from '../../src/kube/lease.ts';
import { tokenKubeConfig, useTestCluster } from './helpers.ts';

// The cluster client against the real local control plane: credentials that rotate
// mid-run, the Lease lock, watches, the scale subresource.
const test = useTestCluster('kube-client');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function accountToken(ns: string, name: string): Promise<string> {
  await test.core.createNamespacedServiceAccount({ namespace: ns, body: { metadata: { name } } });
  await test.rbac.createNamespacedRoleBinding({
    namespace: ns,
    body: {
      metadata: { name: `${name}-view` },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'view' },
      subjects: [{ kind: 'ServiceAccount', name, namespace: ns }],
    },
  });
  const tr = await test.core.createNamespacedServiceAccountToken({
    namespace: ns,
    name,
    body: { spec: { audiences: [], expirationSeconds: 3600 } },
  });
  return tr.status!.token!;
}

describe('credentials resolved per request', () => {
  it('a run whose exec-plugin token switches to another account, while the first account is deleted, completes', async () => {
    const ns = await test.namespace();
    const tokenA = await accountToken(ns, 'first');
    const tokenB = await accountToken(ns, 'second');
    const dir = mkdtempSync(join(tmpdir(), 'cutover-rotate-'));
    const current = join(dir, 'token');
    writeFileSync(current, tokenA);
    const plugin = join(dir, 'plugin.sh');
    // Like a cloud provider's plugin: a short-lived token, here with a 2-second expiry.
    writeFileSync(
      plugin,
      `#!/bin/sh\nexp=$(date -u -d '+2 seconds' +%Y-%m-%dT%H:%M:%SZ)\nprintf '{"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential","status":{"token":"%s","expirationTimestamp":"%s"}}' "$(cat ${current})" "$exp"\n`,
      { mode: 0o755 },
    );
    const admin = test.kc.getCurrentCluster()!;
    const kc = new k8s.KubeConfig();
    kc.loadFromOptions({
      clusters: [admin],
      users: [
        {
          name: 'rotating',
          exec: {
            apiVersion: 'client.authentication.k8s.io/v1',
            command: plugin,
            interactiveMode: 'Never',
          },
        },
      ],
      contexts: [{ name: 'rotating', cluster: admin.name, user: 'rotating' }],
      currentContext: 'rotating',
    });
    const run = new Cluster(kc);
    const firstOnly = new Cluster(tokenKubeConfig(test.kc, tokenA));

    await run.list('v1', 'ConfigMap', { namespace: ns });
    writeFileSync(current, tokenB);
    await test.core.deleteNamespacedServiceAccount({ namespace: ns, name: 'first' });

    // Go on until the first account's token is refused for sure, then some more.
    let refusedAt: number | undefined;
    let calls = 0;
    const deadline = Date.now() + 40_000;
    while (Date.now() < deadline && (refusedAt === undefined || Date.now() < refusedAt + 3_000)) {
      await run.list('v1', 'ConfigMap', { namespace: ns }); // must never fail
      calls++;
      if (refusedAt === undefined) {
        const e = await firstOnly
          .list('v1', 'ConfigMap', { namespace: ns })
          .catch((x: unknown) => x);
        if (e instanceof CutoverError) {
          expect(e.code).toBe('CLUSTER_UNAUTHORIZED');
          refusedAt = Date.now();
        }
      }
      await sleep(250);
    }
    expect(refusedAt).toBeDefined();
    expect(calls).toBeGreaterThan(10);
  });
});

describe('the per-tenant Lease', () => {
  it('a second holder waits, then fails naming the holder; after release it gets the lease', async () => {
    const ns = await test.namespace();
    const cluster = new Cluster(test.kc);
    const first = await acquireLease(cluster, {
      namespace: ns,
      name: 'cutover-shop',
      holder: 'run-1',
    });
    const waits: string[] = [];
    const e = await acquireLease(cluster, {
      namespace: ns,
      name: 'cutover-shop',
      holder: 'run-2',
      waitTimeoutMs: 1_500,
      onWait: (h) => waits.push(h),
    }).catch((x: unknown) => x as CutoverError);
    expect(e).toBeInstanceOf(CutoverError);
    expect((e as CutoverError).code).toBe('LEASE_HELD');
    expect((e as CutoverError).message).toContain('held by run-1');
    expect(waits[0]).toBe('run-1');
    await first.release();
    const second = await acquireLease(cluster, {
      namespace: ns,
      name: 'cutover-shop',
      holder: 'run-2',
      waitTimeoutMs: 1_500,
    });
    expect(second.holder).toBe('run-2');
    await second.release();
    expect(
      await cluster.get({
        apiVersion: 'coordination.k8s.io/v1',
        kind: 'Lease',
        namespace: ns,
        name: 'cutover-shop',
      }),
    ).toBeUndefined();
  });

  it('is taken over only once it expired, and the old holder learns it lost it', async () => {
    const ns = await test.namespace();
    const cluster = new Cluster(test.kc);
    const old = await acquireLease(cluster, {
      namespace: ns,
      name: 'lock',
      holder: 'dead-run',
      durationSeconds: 3,
    });
    // The old holder stops renewing (a killed job): only its timer would, so keep it from the API.
    const ref = {
      apiVersion: 'coordination.k8s.io/v1',
      kind: 'Lease',
      namespace: ns,
      name: 'lock',
    };
    const takeover = await acquireLease(cluster, {
      namespace: ns,
      name: 'lock',
      holder: 'new-run',
      durationSeconds: 3,
      waitTimeoutMs: 4_000,
    }).catch((x: unknown) => x);
    // While the old holder renews, the lease never expires: the takeover must have waited and failed.
    expect(takeover).toBeInstanceOf(CutoverError);
    await old.release();
    // Now a lease left by a dead holder, renewed long ago.
    const past = new Date(Date.now() - 60_000).toISOString().replace(/Z$/, '000Z');
    await cluster.create({
      apiVersion: ref.apiVersion,
      kind: ref.kind,
      metadata: { name: 'lock', namespace: ns },
      spec: {
        holderIdentity: 'dead-run',
        leaseDurationSeconds: 3,
        renewTime: past,
        acquireTime: past,
        leaseTransitions: 0,
      },
    } as k8s.KubernetesObject);
    const held = await acquireLease(cluster, {
      namespace: ns,
      name: 'lock',
      holder: 'new-run',
      waitTimeoutMs: 2_000,
    });
    const live = await cluster.get<k8s.V1Lease>(ref);
    expect(live?.spec?.holderIdentity).toBe('new-run');
    expect(live?.spec?.leaseTransitions).toBe(1);
    // Someone else takes it from under us: the next renewal notices.
    await cluster.update<k8s.V1Lease>(ref, (l) => {
      l.spec!.holderIdentity = 'intruder';
      return true;
    });
    await new Promise<void>((resolve) => held.lost.addEventListener('abort', () => resolve()));
    expect((held.lost.reason as CutoverError).code).toBe('LEASE_LOST');
    await held.release();
    expect((await cluster.get<k8s.V1Lease>(ref))?.spec?.holderIdentity).toBe('intruder');
  }, 60_000);
});

describe('watch and scale', () => {
  it('a watch sees the listed object, then its change, and ends when the condition holds', async () => {
    const ns = await test.namespace();
    const cluster = new Cluster(test.kc);
    const ref = { apiVersion: 'v1', kind: 'ConfigMap', namespace: ns, name: 'w' };
    await cluster.apply({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'w', namespace: ns },
      data: { step: '1' },
    } as k8s.KubernetesObject);
    const seen: string[] = [];
    setTimeout(() => void cluster.mergePatch(ref, { data: { step: '2' } }), 500);
    const done = await cluster.watch<k8s.V1ConfigMap>(
      'v1',
      'ConfigMap',
      { namespace: ns, fieldSelector: 'metadata.name=w', timeoutMs: 20_000 },
      (e) => {
        seen.push(`${e.type} ${e.object.data?.step}`);
        return e.object.data?.step === '2';
      },
    );
    expect(done).toBe(true);
    expect(seen).toEqual(['ADDED 1', 'MODIFIED 2']);
  });

  it('a watch whose condition never holds ends on its timeout', async () => {
    const ns = await test.namespace();
    const cluster = new Cluster(test.kc);
    const done = await cluster.watch(
      'v1',
      'ConfigMap',
      { namespace: ns, timeoutMs: 1_000 },
      () => false,
    );
    expect(done).toBe(false);
  });

  it('the scale subresource sets replicas and leaves the rest of the spec alone', async () => {
    const ns = await test.namespace();
    const cluster = new Cluster(test.kc);
    const ref = { apiVersion: 'apps/v1', kind: 'Deployment', namespace: ns, name: 'web' };
    await cluster.apply({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web', namespace: ns },
      spec: {
        replicas: 1,
        selector: { matchLabels: { app: 'web' } },
        template: {
          metadata: { labels: { app: 'web' } },
          spec: { containers: [{ name: 'web', image: 'example/web:1' }] },
        },
      },
    } as k8s.KubernetesObject);
    const scaled = await cluster.scale(ref, 3);
    expect(scaled.replicas).toBe(3);
    expect((await cluster.getScale(ref))?.replicas).toBe(3);
    const d = await cluster.get<k8s.V1Deployment>(ref);
    expect(d?.spec?.template.spec?.containers[0]?.image).toBe('example/web:1');
  });
});
