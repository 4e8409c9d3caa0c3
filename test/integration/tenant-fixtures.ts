// Configs and clients for the provisioning tests: each test file uses its own app name,
// so its tenant namespaces never meet another file's.
import * as k8s from '@kubernetes/client-node';
import { randomBytes } from 'node:crypto';
import { parseConfig, type CutoverConfig } from '../../src/config/index.ts';
import { Cluster } from '../../src/kube/cluster.ts';
import { testKubeConfig, testKubeconfigPath } from './helpers.ts';

export function uniqueApp(prefix: string): string {
  return `${prefix}-${randomBytes(3).toString('hex')}`;
}

export interface TenantSpec {
  id: string;
  ring: string;
  tier?: string;
  group?: string;
}

export function tenantConfigYaml(
  app: string,
  tenants: TenantSpec[],
  rings: string[] = ['canary', 'main'],
  extra = '',
): string {
  return `version: 1
app:
  name: ${app}
  port: 8080
  resources:
    requests: { cpu: 100m, memory: 128Mi }
    limits: { cpu: 500m, memory: 256Mi }
image:
  repository: registry.local/${app}
rings:
${rings.map((r) => `  - name: ${r}\n    concurrency: 4`).join('\n')}
tenants:
${tenants.map((t) => `  - id: ${t.id}\n    ring: ${t.ring}\n    tier: ${t.tier ?? 'small'}${t.group ? `\n    group: ${t.group}` : ''}`).join('\n')}
isolation:
  tiers:
    small:
      quota: { cpu: "2", memory: 4Gi, pods: 10 }
      limitRange:
        defaultRequest: { cpu: 100m, memory: 128Mi }
        default: { cpu: 500m, memory: 512Mi }
    large:
      quota: { cpu: "8", memory: 16Gi, pods: 50, limits: { cpu: "16", memory: 32Gi } }
${extra}`;
}

export function tenantConfig(
  app: string,
  tenants: TenantSpec[],
  rings?: string[],
  extra?: string,
): CutoverConfig {
  return parseConfig(tenantConfigYaml(app, tenants, rings, extra), 'cutover.yaml').config;
}

export function adminCluster(): Cluster {
  return Cluster.connect({ kubeconfigPath: testKubeconfigPath() });
}

export function adminConfig(): k8s.KubeConfig {
  return testKubeConfig();
}

/** A kubeconfig for a ServiceAccount, with a token from the TokenRequest API. */
export async function serviceAccountConfig(
  namespace: string,
  name: string,
): Promise<k8s.KubeConfig> {
  const admin = adminConfig();
  const core = admin.makeApiClient(k8s.CoreV1Api);
  const tr = await core.createNamespacedServiceAccountToken({
    namespace,
    name,
    body: { spec: { audiences: [], expirationSeconds: 3600 } },
  });
  const cluster = admin.getCurrentCluster()!;
  const kc = new k8s.KubeConfig();
  kc.loadFromOptions({
    clusters: [cluster],
    users: [{ name: `${namespace}-${name}`, token: tr.status!.token }],
    contexts: [{ name: 'sa', cluster: cluster.name, user: `${namespace}-${name}` }],
    currentContext: 'sa',
  });
  return kc;
}

export function kubeconfigYaml(kc: k8s.KubeConfig): string {
  return kc.exportConfig();
}

/**
 * A fingerprint of every object cutover manages in the namespaces: a write by anyone changes
 * its resourceVersion. ResourceQuota status is written by the quota controller on its own, so
 * for quotas the fingerprint is cutover's own managed-fields entry and the spec instead.
 */
export async function resourceVersions(
  cluster: Cluster,
  namespaces: string[],
): Promise<Record<string, string>> {
  const kinds: [string, string][] = [
    ['v1', 'ServiceAccount'],
    ['rbac.authorization.k8s.io/v1', 'Role'],
    ['rbac.authorization.k8s.io/v1', 'RoleBinding'],
    ['v1', 'ResourceQuota'],
    ['v1', 'LimitRange'],
    ['networking.k8s.io/v1', 'NetworkPolicy'],
  ];
  const result: Record<string, string> = {};
  for (const ns of namespaces) {
    const nsObj = await cluster.get({ apiVersion: 'v1', kind: 'Namespace', name: ns });
    result[`Namespace/${ns}`] = nsObj?.metadata?.resourceVersion ?? 'missing';
    for (const [apiVersion, kind] of kinds) {
      for (const o of await cluster.list(apiVersion, kind, {
        namespace: ns,
        labelSelector: 'app.kubernetes.io/managed-by=cutover',
      })) {
        const key = `${kind}/${ns}/${o.metadata!.name}`;
        if (kind !== 'ResourceQuota') result[key] = o.metadata!.resourceVersion!;
        else {
          const mine = o.metadata!.managedFields?.find((m) => m.manager === 'cutover');
          result[key] = JSON.stringify([mine?.time, (o as k8s.V1ResourceQuota).spec]);
        }
      }
    }
  }
  return result;
}

/** What a promise rejects with (undefined when it resolves), for asserting on errors. */
export async function rejectionOf<T = unknown>(p: Promise<unknown>): Promise<T | undefined> {
  return p.then(
    () => undefined,
    (err: unknown) => err as T,
  );
}
