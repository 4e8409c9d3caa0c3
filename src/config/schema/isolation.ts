/**
 * `isolation`: what each tenant's namespace gets (tiers, quotas, network policy).
 */
import * as z from 'zod';
import { doc, withHint } from './docs.ts';
import {
  DEFAULT_NAMESPACE_TEMPLATE,
  POD_SECURITY_LEVELS,
  count,
  cpuMemory,
  dnsLabel,
  labelSelector,
  port,
  quantity,
  requiredCpuMemory,
  template,
} from './fields.ts';

export const tierSchema = z.strictObject({
  quota: doc(
    'ResourceQuota of the tenant namespace',
    z.strictObject({
      cpu: quantity('Total CPU requests (requests.cpu)'),
      memory: quantity('Total memory requests (requests.memory)'),
      limits: doc('Total limits (limits.cpu, limits.memory)', cpuMemory('limit total')).optional(),
      pods: count('Pods').optional(),
      services: count('Services').optional(),
      configMaps: count('ConfigMaps').optional(),
      secrets: count('Secrets').optional(),
      persistentVolumeClaims: count('PersistentVolumeClaims').optional(),
      storage: quantity('Total storage requests (requests.storage)').optional(),
    }),
  ),
  limitRange: doc(
    'LimitRange of the tenant namespace: defaults for containers that set no resources',
    z.strictObject({
      defaultRequest: doc('Default requests', requiredCpuMemory('request')),
      default: doc('Default limits', requiredCpuMemory('limit')),
      max: doc('Largest limits a container may set', cpuMemory('maximum')).optional(),
    }),
  ).optional(),
});

export const egressRule = z.strictObject({
  cidr: doc(
    'Destination range, like `10.0.0.0/8`',
    withHint(
      'an IPv4 or IPv6 range in CIDR notation, like `10.20.0.0/16`',
      z.union([z.cidrv4(), z.cidrv6()], { error: 'expected an IP range in CIDR notation' }),
    ),
  ),
  ports: z
    .array(
      z.strictObject({
        port: port('Destination port'),
        protocol: z.enum(['TCP', 'UDP', 'SCTP']).default('TCP'),
      }),
    )
    .optional(),
});

export const networkPolicySchema = doc(
  'The default-deny NetworkPolicy of each tenant namespace and its allowances',
  z.strictObject({
    allowDNS: doc(
      'Allow egress to cluster DNS',
      z.boolean({ error: 'expected true or false' }).default(true),
    ),
    ingressNamespaceSelector: doc(
      "Namespaces allowed to reach the app port (the ingress or gateway). Default: the Gateway's namespace for gateway-api, `istio-system` for istio, else `ingress-nginx`. `null` allows none",
      labelSelector('Namespace selector').nullable(),
    ).optional(),
    monitoringNamespaceSelector: doc(
      'Namespaces allowed to scrape the pods. `null` allows none',
      labelSelector('Namespace selector').nullable(),
    ).default({ matchLabels: { 'kubernetes.io/metadata.name': 'monitoring' } }),
    extraEgress: doc('More allowed egress', z.array(egressRule)).default([]),
  }),
);

export const isolationSchema = doc(
  'What each tenant namespace gets: Pod Security level, quota, limits, network policy',
  z.strictObject({
    namespaceTemplate: template(
      'Namespace of each tenant, from the placeholders {app}, {tenant} and {ring}',
      'namespace',
    ).default(DEFAULT_NAMESPACE_TEMPLATE),
    podSecurity: doc(
      'Pod Security Standard enforced on the namespace',
      z.enum(POD_SECURITY_LEVELS),
    ).default('restricted'),
    allowNamespaceDeletion: doc(
      'Let prune delete the namespace of a tenant removed from this file. Off: prune never deletes a namespace',
      z.boolean({ error: 'expected true or false' }).default(false),
    ),
    tiers: doc(
      'Named sets of quota and limits; each tenant names one',
      z.record(dnsLabel('Tier name'), tierSchema).refine((t) => Object.keys(t).length > 0, {
        error: 'expected at least one tier',
      }),
    ),
    networkPolicy: networkPolicySchema.prefault({}),
  }),
);
