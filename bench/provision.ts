// Provisioning time and API requests for N tenants (default 100) on the local control plane:
// from scratch, then a re-run with nothing to change. Prints figures; asserts nothing.
// Run: node bench/provision.ts [--tenants 100] [--kubeconfig FILE]
//   (without --kubeconfig it starts, and afterwards stops, a local cluster named `bench`)
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { parseConfig } from '../src/config/index.ts';
import { Cluster } from '../src/kube/cluster.ts';
import { localDown, localUp } from '../src/local/index.ts';
import { provision } from '../src/tenancy/provision.ts';

const { values } = parseArgs({
  options: { tenants: { type: 'string', default: '100' }, kubeconfig: { type: 'string' } },
});
const n = Number(values.tenants);
const app = `bench-${randomBytes(2).toString('hex')}`;
const rings = [
  { name: 'canary', concurrency: 2, share: 0.05 },
  { name: 'early', concurrency: 8, share: 0.25 },
  { name: 'main', concurrency: 16, share: 0.7 },
];
const tenants = Array.from({ length: n }, (_, i) => {
  const ring = i < n * 0.05 ? 'canary' : i < n * 0.3 ? 'early' : 'main';
  return `  - { id: t${String(i).padStart(4, '0')}, ring: ${ring}, tier: ${i % 3 ? 'small' : 'large'} }`;
});
const yaml = `version: 1
app: { name: ${app}, port: 8080, resources: { requests: { cpu: 100m, memory: 128Mi }, limits: { cpu: 500m, memory: 256Mi } } }
image: { repository: registry.local/${app} }
rings:
${rings.map((r) => `  - { name: ${r.name}, concurrency: ${r.concurrency} }`).join('\n')}
tenants:
${tenants.join('\n')}
isolation:
  tiers:
    small: { quota: { cpu: "2", memory: 4Gi, pods: 10 }, limitRange: { defaultRequest: { cpu: 100m, memory: 128Mi }, default: { cpu: 500m, memory: 512Mi } } }
    large: { quota: { cpu: "8", memory: 16Gi, pods: 50, limits: { cpu: "16", memory: 32Gi } } }
`;
const { config } = parseConfig(yaml, 'bench.yaml');

let kubeconfig = values.kubeconfig;
const ownCluster = !kubeconfig;
if (ownCluster) kubeconfig = (await localUp({ name: 'bench', onProgress: () => {} })).kubeconfig;

async function measure(label: string) {
  const cluster = Cluster.connect({ kubeconfigPath: kubeconfig! });
  const start = performance.now();
  const report = await provision(cluster, config);
  const s = (performance.now() - start) / 1000;
  if (!report.ok) throw new Error(`${label}: some tenants failed`);
  const { reads, dryRuns, writes } = report.stats;
  console.log(
    `${label.padEnd(22)} ${s.toFixed(2).padStart(6)} s  ${(n / s).toFixed(1).padStart(6)} tenants/s  ` +
      `writes ${String(writes).padStart(5)} (${(writes / n).toFixed(1)}/tenant)  reads ${reads}  dry runs ${dryRuns}`,
  );
}

console.log(
  `provision-iac, ${n} tenants in rings canary/early/main (concurrency 2/8/16), node ${process.version}`,
);
try {
  await measure('from scratch');
  await measure('re-run, no change');
  await measure('re-run, no change');
} finally {
  const cluster = Cluster.connect({ kubeconfigPath: kubeconfig! });
  for (const ns of await cluster.list('v1', 'Namespace', {
    labelSelector: `cutover.dev/app=${app}`,
  })) {
    await cluster.delete({ apiVersion: 'v1', kind: 'Namespace', name: ns.metadata!.name! });
  }
  if (ownCluster) await localDown({ name: 'bench', purge: true });
}
