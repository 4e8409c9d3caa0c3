import type { KubernetesObject } from '@kubernetes/client-node';
import type { CutoverConfig, LabelSelector, Tier } from '../config/index.ts';
import type { OwnedKind } from '../kube/converge.ts';
import { deployerRules } from './deployer-role.ts';
import {
  DEPLOYER,
  ENVIRONMENT_LABEL,
  RING_LABEL,
  TENANTS_ANNOTATION,
  TIER_LABEL,
  ownerLabels,
} from './labels.ts';
import type { TenantUnit } from './units.ts';

/** The kinds of the isolation set inside a namespace (where prune looks). */
export const ISOLATION_KINDS: OwnedKind[] = [
  { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy' },
  { apiVersion: 'v1', kind: 'ResourceQuota' },
  { apiVersion: 'v1', kind: 'LimitRange' },
  { apiVersion: 'v1', kind: 'ServiceAccount' },
  { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role' },
  { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'RoleBinding' },
];

/**
 * Everything that isolates one tenant namespace, as Kubernetes objects: the namespace
 * (with Pod Security labels), the deployer's ServiceAccount, Role and RoleBinding, the
 * tier's ResourceQuota and LimitRange, and default-deny NetworkPolicies with their
 * allowances. Pure: same config, same objects.
 */
/** `environment`: the section of `environments` the config was loaded for, if any. */
export function isolationObjects(
  config: CutoverConfig,
  unit: TenantUnit,
  environment?: string,
): KubernetesObject[] {
  const labels = ownerLabels(config.app.name, unit.id);
  const ns = unit.namespace;
  const meta = (name: string) => ({ name, namespace: ns, labels });
  // Deny first, grant last: a failure part-way never leaves a deployer without its fences.
  return [
    namespaceObject(config, unit, environment),
    ...networkPolicies(config, meta),
    {
      apiVersion: 'v1',
      kind: 'ResourceQuota',
      metadata: meta('cutover-quota'),
      spec: { hard: quotaHard(unit.tier) },
    },
    ...limitRange(unit.tier, meta('cutover-limits')),
    {
      apiVersion: 'v1',
      kind: 'ServiceAccount',
      metadata: meta(DEPLOYER),
      automountServiceAccountToken: false,
    },
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'Role',
      metadata: meta(DEPLOYER),
      rules: deployerRules(config.routing),
    },
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'RoleBinding',
      metadata: meta(DEPLOYER),
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: DEPLOYER },
      subjects: [{ kind: 'ServiceAccount', name: DEPLOYER, namespace: ns }],
    },
  ] as KubernetesObject[];
}

function namespaceObject(
  config: CutoverConfig,
  unit: TenantUnit,
  environment: string | undefined,
): KubernetesObject {
  const level = config.isolation.podSecurity;
  return {
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: {
      name: unit.namespace,
      labels: {
        ...unit.labels,
        ...ownerLabels(config.app.name, unit.id),
        [RING_LABEL]: unit.ring,
        [TIER_LABEL]: unit.tierName,
        ...(environment ? { [ENVIRONMENT_LABEL]: environment } : {}),
        'pod-security.kubernetes.io/enforce': level,
        'pod-security.kubernetes.io/enforce-version': 'latest',
        'pod-security.kubernetes.io/warn': level,
        'pod-security.kubernetes.io/audit': level,
      },
      annotations: { [TENANTS_ANNOTATION]: unit.tenants.join(',') },
    },
  };
}

export function quotaHard(tier: Tier): Record<string, string> {
  const q = tier.quota;
  const hard: Record<string, string | undefined> = {
    'requests.cpu': q.cpu,
    'requests.memory': q.memory,
    'limits.cpu': q.limits?.cpu,
    'limits.memory': q.limits?.memory,
    pods: q.pods?.toString(),
    services: q.services?.toString(),
    configmaps: q.configMaps?.toString(),
    secrets: q.secrets?.toString(),
    persistentvolumeclaims: q.persistentVolumeClaims?.toString(),
    'requests.storage': q.storage,
  };
  return Object.fromEntries(
    Object.entries(hard).filter((e): e is [string, string] => e[1] !== undefined),
  );
}

function limitRange(tier: Tier, metadata: object): KubernetesObject[] {
  const lr = tier.limitRange;
  if (!lr) return [];
  const limit: Record<string, unknown> = {
    type: 'Container',
    default: lr.default,
    defaultRequest: lr.defaultRequest,
  };
  if (lr.max) limit.max = lr.max;
  return [
    {
      apiVersion: 'v1',
      kind: 'LimitRange',
      metadata,
      spec: { limits: [limit] },
    } as KubernetesObject,
  ];
}

function networkPolicies(
  config: CutoverConfig,
  meta: (name: string) => object,
): KubernetesObject[] {
  const np = config.isolation.networkPolicy;
  const policy = (name: string, spec: object) =>
    ({
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: meta(name),
      spec,
    }) as KubernetesObject;
  const appPort = [{ protocol: 'TCP', port: config.app.port }];
  const fromNamespaces = (selector: LabelSelector) => [{ namespaceSelector: selector }];
  const result = [
    // Deny everything not allowed below, both ways.
    policy('cutover-default-deny', { podSelector: {}, policyTypes: ['Ingress', 'Egress'] }),
    // Pods of the tenant talk to each other.
    policy('cutover-allow-same-namespace', {
      podSelector: {},
      policyTypes: ['Ingress', 'Egress'],
      ingress: [{ from: [{ podSelector: {} }] }],
      egress: [{ to: [{ podSelector: {} }] }],
    }),
  ];
  if (np.allowDNS) {
    result.push(
      policy('cutover-allow-dns', {
        podSelector: {},
        policyTypes: ['Egress'],
        egress: [
          {
            to: [
              {
                namespaceSelector: {
                  matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' },
                },
                podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } },
              },
            ],
            ports: [
              { protocol: 'UDP', port: 53 },
              { protocol: 'TCP', port: 53 },
            ],
          },
        ],
      }),
    );
  }
  if (np.ingressNamespaceSelector) {
    result.push(
      policy('cutover-allow-ingress', {
        podSelector: {},
        policyTypes: ['Ingress'],
        ingress: [{ from: fromNamespaces(np.ingressNamespaceSelector), ports: appPort }],
      }),
    );
  }
  if (np.monitoringNamespaceSelector) {
    result.push(
      policy('cutover-allow-monitoring', {
        podSelector: {},
        policyTypes: ['Ingress'],
        ingress: [{ from: fromNamespaces(np.monitoringNamespaceSelector) }],
      }),
    );
  }
  if (np.extraEgress.length > 0) {
    result.push(
      policy('cutover-allow-egress', {
        podSelector: {},
        policyTypes: ['Egress'],
        egress: np.extraEgress.map((rule) => ({
          to: [{ ipBlock: { cidr: rule.cidr } }],
          ...(rule.ports ? { ports: rule.ports } : {}),
        })),
      }),
    );
  }
  return result;
}
