// A blue/green tenant set for the release tests: config per router, provisioned
// namespaces, and the engine's operations run the way the stages run them.
import type { V1Deployment, V1Service } from '@kubernetes/client-node';
import { parseConfig, type CutoverConfig } from '../../../src/config/index.ts';
import { installCrdSet } from '../../../src/local/crds.ts';
import { deployTenant, type DeployResult } from '../../../src/release/deploy.ts';
import { parseImage } from '../../../src/release/image.ts';
import { rollbackTenant, type RollbackResult } from '../../../src/release/rollback.ts';
import { runReleaseOp, type TenantOutcome } from '../../../src/release/run.ts';
import { shiftTenant, type ShiftResult, type WeightRequest } from '../../../src/release/shift.ts';
import { provision } from '../../../src/tenancy/provision.ts';
import type { Cluster } from '../../../src/kube/cluster.ts';
import { adminCluster, tenantConfigYaml, uniqueApp } from '../tenant-fixtures.ts';

export type Method = 'service' | 'gateway-api' | 'ingress-nginx' | 'istio';

const ROUTING: Record<Method, string> = {
  service: 'routing: { method: service }',
  'gateway-api': `routing:
  method: gateway-api
  testerHeader: { name: x-cutover-preview, value: "true" }
  parentRefs: [{ name: public, namespace: gateway-system }]
  hostnames: ['{tenant}.shop.test']`,
  'ingress-nginx': `routing:
  method: ingress-nginx
  testerHeader: { name: x-cutover-preview, value: "true" }
  host: '{tenant}.shop.test'`,
  istio: `routing:
  method: istio
  testerHeader: { name: x-cutover-preview, value: "true" }
  hosts: ['{tenant}.shop.test']`,
};

export interface Fleet {
  app: string;
  config: CutoverConfig;
  cluster: Cluster;
  ns: (tenant: string) => string;
  deploy: (
    version: string,
    o?: { tenants?: string[]; timeoutMs?: number; workloadFile?: string },
  ) => Promise<TenantOutcome<DeployResult>[]>;
  shift: (
    w: WeightRequest,
    tenants?: string[],
    by?: string,
  ) => Promise<TenantOutcome<ShiftResult>[]>;
  rollback: (
    reason: string,
    tenants?: string[],
    to?: string,
  ) => Promise<TenantOutcome<RollbackResult>[]>;
  deployment: (tenant: string, color: string) => Promise<V1Deployment | undefined>;
  service: (tenant: string, name: string) => Promise<V1Service | undefined>;
  progress: string[];
}

export async function fleet(
  method: Method,
  o: {
    routing?: string;
    retention?: string;
    tenants?: { id: string; ring: string; version?: string }[];
    extra?: string;
  } = {},
): Promise<Fleet> {
  const cluster = adminCluster();
  if (method === 'gateway-api' || method === 'istio') await installCrdSet(cluster, method);
  const app = uniqueApp(method === 'ingress-nginx' ? 'nginx' : method.replace('-api', ''));
  const tenants = o.tenants ?? [
    { id: 'a', ring: 'canary' },
    { id: 'b', ring: 'main' },
  ];
  const rings = ['canary', 'main'].filter((r) => tenants.some((t) => t.ring === r));
  let yaml = tenantConfigYaml(
    app,
    tenants,
    rings,
    `${o.routing ?? ROUTING[method]}\nblueRetention: ${o.retention ?? '{ mode: keep-warm, replicas: 1, delay: 0s }'}\n${o.extra ?? ''}`,
  );
  yaml = yaml.replace(/^app:\n/m, 'app:\n  replicas: 2\n');
  for (const t of tenants.filter((t) => t.version))
    yaml = yaml.replace(
      `  - id: ${t.id}\n    ring: ${t.ring}\n`,
      `  - id: ${t.id}\n    ring: ${t.ring}\n    version: "${t.version}"\n`,
    );
  let config: CutoverConfig;
  try {
    config = parseConfig(yaml, 'cutover.yaml').config;
  } catch (e) {
    throw new Error(
      `${(e as Error).message}: ${JSON.stringify((e as { details?: unknown }).details)}`,
    );
  }
  const report = await provision(cluster, config);
  if (report.results.some((r) => r.status !== 'ok'))
    throw new Error(`provision failed: ${JSON.stringify(report.results)}`);
  const progress: string[] = [];
  const base = {
    cluster,
    config,
    configFile: '/nonexistent/cutover.yaml',
    progress: (m: string) => progress.push(m),
    by: 'release-test',
  };
  const ns = (t: string) => `${app}-${t}`;
  return {
    app,
    config,
    cluster,
    ns,
    progress,
    deploy: (version, d = {}) =>
      runReleaseOp({ ...base, tenants: d.tenants, workloadFile: d.workloadFile }, (ctx, template) =>
        deployTenant(ctx, {
          image: parseImage(`registry.local/${app}:${version}`),
          template,
          timeoutMs: d.timeoutMs ?? 60_000,
        }),
      ),
    shift: (w, t, by) =>
      runReleaseOp({ ...base, tenants: t, by: by ?? base.by }, (ctx, template) =>
        shiftTenant(ctx, w, template),
      ),
    rollback: (reason, t, to) =>
      runReleaseOp({ ...base, tenants: t, haltOnFailure: false }, (ctx, template) =>
        rollbackTenant(ctx, { reason, template, timeoutMs: 60_000, to }),
      ),
    deployment: (t, c) =>
      cluster.get<V1Deployment>({
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        namespace: ns(t),
        name: `${app}-${c}`,
      }),
    service: (t, n) =>
      cluster.get<V1Service>({ apiVersion: 'v1', kind: 'Service', namespace: ns(t), name: n }),
  };
}

/** The values of ok results, failing the test with the errors of the others. */
export function oks<R>(results: TenantOutcome<R>[]): R[] {
  const bad = results.filter((r) => r.status !== 'ok');
  if (bad.length > 0)
    throw new Error(
      bad
        .map(
          (b) =>
            `${b.item.id}: ${b.status === 'failed' ? String((b.error as Error).message) : b.reason}`,
        )
        .join('; '),
    );
  return results.map((r) => (r as { value: R }).value);
}
