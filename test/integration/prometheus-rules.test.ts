// provision-iac applies each tenant's PrometheusRule (observability.alerts) with the
// Prometheus Operator's CRDs as the project publishes them, prunes them when the alerts go,
// and leaves them out with a warning where the CRDs are not installed. The shared test
// cluster has no Prometheus Operator on purpose (other tests prove the skipped path there),
// so this file starts a small cluster of its own.
import { localDown, localUp } from '../../src/local/index.ts';
import { installCrdSet } from '../../src/local/crds.ts';
import { Cluster } from '../../src/kube/cluster.ts';
import { parseConfig } from '../../src/config/index.ts';
import { provision } from '../../src/tenancy/provision.ts';
import { adminCluster, tenantConfigYaml, uniqueApp } from './tenant-fixtures.ts';

const name = `prom-${process.pid}`;
const app = uniqueApp('rules');
const tenants = [
  { id: 'north', ring: 'canary' },
  { id: 'south', ring: 'main' },
];
const withAlerts = (alerts: boolean) =>
  parseConfig(
    tenantConfigYaml(
      app,
      tenants,
      undefined,
      alerts ? 'observability:\n  alerts:\n    errorRate: { maxRatio: 0.02 }\n' : '',
    ),
    'cutover.yaml',
  ).config;

let cluster: Cluster;
beforeAll(async () => {
  const up = await localUp({ name, traffic: false });
  cluster = Cluster.connect({ kubeconfigPath: up.kubeconfig });
  await installCrdSet(cluster, 'prometheus-operator');
}, 300_000);

afterAll(async () => {
  await localDown({ name, purge: true });
}, 60_000);

const rules = async (c: Cluster) =>
  (
    await c.list<{
      metadata: { namespace: string; name: string };
      spec: { groups: { name: string; rules: { alert: string; expr: string }[] }[] };
    }>('monitoring.coreos.com/v1', 'PrometheusRule', {
      labelSelector: `cutover.dev/app=${app}`,
    })
  ).sort((a, b) => a.metadata.namespace.localeCompare(b.metadata.namespace));

it('alerts on: one PrometheusRule per tenant namespace, with its threshold; alerts off: pruned', async () => {
  const report = await provision(cluster, withAlerts(true));
  expect(report.ok).toBe(true);
  expect(report.skippedKinds).toEqual([]);
  const applied = await rules(cluster);
  expect(applied.map((r) => `${r.metadata.namespace}/${r.metadata.name}`)).toEqual([
    `${app}-north/cutover-alerts`,
    `${app}-south/cutover-alerts`,
  ]);
  const north = applied[0]!.spec.groups[0]!;
  expect(north.name).toBe(`cutover.${app}.north`);
  const errorRate = north.rules.find((r) => r.alert === 'CutoverErrorRateHigh')!;
  expect(errorRate.expr).toContain(`namespace="${app}-north"`);
  expect(errorRate.expr).toMatch(/> 0\.02$/);

  // converged: a re-run writes nothing
  const again = await provision(cluster, withAlerts(true));
  expect(again.results.every((r) => r.status === 'ok')).toBe(true);

  expect((await provision(cluster, withAlerts(false))).ok).toBe(true);
  expect(await rules(cluster)).toEqual([]);
}, 120_000);

it('where the Prometheus Operator is not installed, the rules are left out with the reason', async () => {
  const report = await provision(adminCluster(), withAlerts(true));
  expect(report.ok).toBe(true);
  expect(report.skippedKinds).toEqual([
    expect.objectContaining({
      kind: 'PrometheusRule',
      reason: 'CRD prometheusrules.monitoring.coreos.com is not installed',
    }),
  ]);
}, 120_000);
