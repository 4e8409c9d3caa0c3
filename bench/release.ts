// One traffic step and one full rollback over N tenants (default 200) on the local control
// plane with the gateway-api router, against a `kubectl patch` loop making the same change
// in the same run. Prints figures; asserts nothing.
// Run: node bench/release.ts [--tenants 200] [--kubeconfig FILE]
//   (without --kubeconfig it starts, and afterwards stops, a local cluster named `bench`;
//   the kubectl comparison needs `kubectl` on the PATH)
import { execFileSync, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { parseConfig } from '../src/config/index.ts';
import { Cluster } from '../src/kube/cluster.ts';
import { installCrdSet } from '../src/local/crds.ts';
import { localDown, localUp } from '../src/local/index.ts';
import { deployTenant } from '../src/release/deploy.ts';
import { parseImage } from '../src/release/image.ts';
import { rollbackTenant } from '../src/release/rollback.ts';
import { runReleaseOp, type TenantOutcome } from '../src/release/run.ts';
import { shiftTenant } from '../src/release/shift.ts';

const { values } = parseArgs({
  options: { tenants: { type: 'string', default: '200' }, kubeconfig: { type: 'string' } },
});
const n = Number(values.tenants);
const app = `bench-${randomBytes(2).toString('hex')}`;
const ids = Array.from({ length: n }, (_, i) => `t${String(i).padStart(4, '0')}`);
const yaml = `version: 1
app: { name: ${app}, port: 8080, replicas: 1, resources: { requests: { cpu: 10m, memory: 16Mi } } }
image: { repository: registry.local/${app} }
rings:
  - { name: canary, concurrency: 10 }
  - { name: main, concurrency: 32 }
tenants:
${ids.map((id, i) => `  - { id: ${id}, ring: ${i < Math.max(1, n * 0.05) ? 'canary' : 'main'}, tier: small }`).join('\n')}
isolation:
  tiers:
    small: { quota: { cpu: "2", memory: 4Gi, pods: 10 } }
routing:
  method: gateway-api
  parentRefs: [{ name: public, namespace: gateway-system }]
  testerHeader: { name: x-cutover-preview, value: "true" }
`;
const { config } = parseConfig(yaml, 'bench.yaml');

let kubeconfig = values.kubeconfig;
const ownCluster = !kubeconfig;
if (ownCluster)
  kubeconfig = (await localUp({ name: 'bench', nodes: 6, onProgress: () => {} })).kubeconfig;
const cluster = () => Cluster.connect({ kubeconfigPath: kubeconfig! });

const quantile = (xs: number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))] ?? NaN;
};

async function measure<R>(
  label: string,
  run: (c: Cluster) => Promise<TenantOutcome<R>[]>,
  routeWrites: (r: R) => number,
) {
  const c = cluster();
  const start = performance.now();
  const results = await run(c);
  const s = (performance.now() - start) / 1000;
  const failed = results.filter((r) => r.status !== 'ok');
  if (failed.length)
    throw new Error(`${label}: ${failed.length} tenants failed: ${JSON.stringify(failed[0])}`);
  const ms = results.map((r) => (r as { ms: number }).ms);
  const route = results.reduce((a, r) => a + routeWrites((r as { value: R }).value), 0);
  console.log(
    `${label.padEnd(24)} ${s.toFixed(2).padStart(6)} s  p50 ${quantile(ms, 0.5).toFixed(0)} ms  p95 ${quantile(ms, 0.95).toFixed(0)} ms per tenant  ` +
      `writes ${c.stats.writes} = ${(route / n).toFixed(2)}/tenant of the release + ${((c.stats.writes - route) / n).toFixed(2)}/tenant of the Lease  reads ${c.stats.reads}`,
  );
  return s;
}

console.log(
  `blue/green, ${n} tenants (rings canary/main: 5%/95% of them, concurrency 10/32), gateway-api router, node ${process.version}`,
);
try {
  const setup = cluster();
  await installCrdSet(setup, 'gateway-api');
  await Promise.all(
    ids.map((id) =>
      setup.apply({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: `${app}-${id}` } }),
    ),
  );
  const base = { config, configFile: '/bench/cutover.yaml', progress: () => {} };
  const deploy = (version: string) => (c: Cluster) =>
    runReleaseOp({ ...base, cluster: c }, (ctx, template) =>
      deployTenant(ctx, {
        image: parseImage(`registry.local/${app}:${version}`),
        template,
        timeoutMs: 300_000,
      }),
    );
  await measure('deploy v1 (first)', deploy('1.0.0'), (r) => r.writes);
  await measure('deploy v2 beside it', deploy('2.0.0'), (r) => r.writes);
  const step = await measure(
    'shift-traffic 10%',
    (c) => runReleaseOp({ ...base, cluster: c }, (ctx, t) => shiftTenant(ctx, { weight: 10 }, t)),
    (r) => r.writes,
  );
  await measure(
    'shift-traffic 10% again',
    (c) => runReleaseOp({ ...base, cluster: c }, (ctx, t) => shiftTenant(ctx, { weight: 10 }, t)),
    (r) => r.writes,
  );
  await measure(
    'rollback (all tenants)',
    (c) =>
      runReleaseOp({ ...base, cluster: c, haltOnFailure: false }, (ctx, t) =>
        rollbackTenant(ctx, { reason: 'bench', template: t, timeoutMs: 60_000 }),
      ),
    (r) => r.writes,
  );

  if (spawnSync('kubectl', ['version', '--client'], { stdio: 'ignore' }).status !== 0) {
    console.log('kubectl patch loop        skipped: no kubectl on the PATH');
  } else {
    // The same change by hand: one `kubectl patch` per tenant, one after the other.
    const patch = JSON.stringify({
      spec: {
        rules: [
          {
            name: 'cutover-traffic',
            matches: [{ path: { type: 'PathPrefix', value: '/' } }],
            backendRefs: [
              { name: app, port: 80, weight: 90 },
              { name: `${app}-preview`, port: 80, weight: 10 },
            ],
          },
        ],
      },
    });
    const start = performance.now();
    for (const id of ids)
      execFileSync(
        'kubectl',
        [
          '--kubeconfig',
          kubeconfig!,
          '-n',
          `${app}-${id}`,
          'patch',
          'httproute',
          app,
          '--type',
          'merge',
          '-p',
          patch,
        ],
        { stdio: 'ignore' },
      );
    const s = (performance.now() - start) / 1000;
    console.log(
      `kubectl patch loop        ${s.toFixed(2).padStart(6)} s  (${((s * 1000) / n).toFixed(0)} ms per tenant)  ratio ${(s / step).toFixed(1)}x slower than shift-traffic`,
    );
  }
} finally {
  if (ownCluster) await localDown({ name: 'bench', purge: true });
}
