import type { V1PolicyRule } from '@kubernetes/client-node';

/**
 * What the later stages do inside a tenant namespace, and nothing more: deploy the two
 * colors, switch Services and routes, keep release history, take the tenant's lock, watch
 * rollouts. Deliberately absent: Secrets, Roles and RoleBindings (no escalation),
 * ResourceQuota, LimitRange and NetworkPolicy (the tenant cannot loosen its own
 * isolation), and anything cluster-scoped.
 */
const RW = ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete'];
const RO = ['get', 'list', 'watch'];

export const DEPLOYER_RULES: V1PolicyRule[] = [
  { apiGroups: ['apps'], resources: ['deployments', 'deployments/scale'], verbs: RW },
  { apiGroups: ['apps'], resources: ['replicasets'], verbs: RO },
  { apiGroups: [''], resources: ['services', 'configmaps'], verbs: RW },
  { apiGroups: [''], resources: ['pods', 'pods/log', 'endpoints'], verbs: RO },
  { apiGroups: [''], resources: ['events'], verbs: ['get', 'list', 'watch', 'create', 'patch'] },
  {
    apiGroups: ['events.k8s.io'],
    resources: ['events'],
    verbs: ['get', 'list', 'watch', 'create', 'patch'],
  },
  { apiGroups: ['discovery.k8s.io'], resources: ['endpointslices'], verbs: RO },
  { apiGroups: ['coordination.k8s.io'], resources: ['leases'], verbs: RW },
  { apiGroups: ['networking.k8s.io'], resources: ['ingresses'], verbs: RW },
  { apiGroups: ['gateway.networking.k8s.io'], resources: ['httproutes'], verbs: RW },
  {
    apiGroups: ['networking.istio.io'],
    resources: ['virtualservices', 'destinationrules'],
    verbs: RW,
  },
  { apiGroups: ['split.smi-spec.io'], resources: ['trafficsplits'], verbs: RW },
  {
    apiGroups: ['monitoring.coreos.com'],
    resources: ['servicemonitors', 'prometheusrules'],
    verbs: RW,
  },
];
