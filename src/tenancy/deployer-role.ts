import type { V1PolicyRule } from '@kubernetes/client-node';
import type { RoutingMethod } from '../config/index.ts';

/**
 * What the later stages do inside a tenant namespace, and nothing more: deploy the two
 * colors, switch Services and routes, keep release history, take the tenant's lock, watch
 * rollouts. Deliberately absent: Secrets, Roles and RoleBindings (no escalation),
 * ResourceQuota, LimitRange and NetworkPolicy (the tenant cannot loosen its own
 * isolation), and anything cluster-scoped.
 */
const RW = ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete'];
const RO = ['get', 'list', 'watch'];

const COMMON_RULES: V1PolicyRule[] = [
  { apiGroups: ['apps'], resources: ['deployments', 'deployments/scale'], verbs: RW },
  { apiGroups: ['apps'], resources: ['replicasets'], verbs: RO },
  { apiGroups: [''], resources: ['services', 'configmaps'], verbs: RW },
  { apiGroups: [''], resources: ['pods', 'pods/log', 'endpoints'], verbs: RO },
  // The health gate's http check reaches the color under test through the API server.
  { apiGroups: [''], resources: ['services/proxy'], verbs: ['get'] },
  { apiGroups: [''], resources: ['events'], verbs: ['get', 'list', 'watch', 'create', 'patch'] },
  {
    apiGroups: ['events.k8s.io'],
    resources: ['events'],
    verbs: ['get', 'list', 'watch', 'create', 'patch'],
  },
  { apiGroups: ['discovery.k8s.io'], resources: ['endpointslices'], verbs: RO },
  { apiGroups: ['coordination.k8s.io'], resources: ['leases'], verbs: RW },
  {
    apiGroups: ['monitoring.coreos.com'],
    resources: ['servicemonitors', 'prometheusrules'],
    verbs: RW,
  },
];

/** The route kinds each router edits; the service router needs only Services. */
const ROUTE_RULES: Record<RoutingMethod, V1PolicyRule[]> = {
  service: [],
  'gateway-api': [
    { apiGroups: ['gateway.networking.k8s.io'], resources: ['httproutes'], verbs: RW },
  ],
  'ingress-nginx': [{ apiGroups: ['networking.k8s.io'], resources: ['ingresses'], verbs: RW }],
  istio: [
    {
      apiGroups: ['networking.istio.io'],
      resources: ['virtualservices', 'destinationrules'],
      verbs: RW,
    },
  ],
};

/** The deployer Role's rules: the common ones and the route kinds of the configured method only. */
export function deployerRules(routing: { method: RoutingMethod }): V1PolicyRule[] {
  return [...COMMON_RULES, ...ROUTE_RULES[routing.method]];
}
