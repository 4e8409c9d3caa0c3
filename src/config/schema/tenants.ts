/**
 * `rings` and `tenants`: who gets it, in which order.
 */
import * as z from 'zod';
import { doc, withHint } from './docs.ts';
import {
  IMAGE_DIGEST,
  IMAGE_TAG,
  dnsLabel,
  envVars,
  labels,
  quoteHint,
  resources,
} from './fields.ts';

export const ringSchema = z.strictObject({
  name: dnsLabel('Ring name, referenced by tenants'),
  concurrency: doc(
    "How many of the ring's tenants deploy at once",
    z.int({ error: 'expected a whole number' }).min(1, { error: 'expected 1 or more' }).default(1),
  ),
  pauseForApproval: doc(
    "Wait for an approval after the ring's first traffic step (testers and a slice of traffic on the new version), before the rest",
    z.boolean({ error: 'expected true or false' }).default(false),
  ),
  environment: doc(
    'GitHub environment the ring deploys in (its protection rules gate the ring)',
    z
      .string({ error: 'expected an environment name (a string)' })
      .min(1, { error: 'expected an environment name' })
      .max(255, { error: 'expected at most 255 characters' }),
  ).optional(),
});

export const overridesSchema = doc(
  'Per-tenant changes to the app settings',
  z.strictObject({
    replicas: doc(
      'Pods per color for this tenant',
      z.int({ error: 'expected a whole number' }).min(1, { error: 'expected 1 or more' }),
    ).optional(),
    env: envVars('Environment variables added to (or replacing) app.env').optional(),
    resources: resources('Container resources replacing app.resources').optional(),
  }),
);

export const tenantSchema = z.strictObject({
  id: dnsLabel('Tenant id, unique'),
  ring: dnsLabel('The ring the tenant deploys in (a name from `rings`)'),
  tier: dnsLabel('The isolation tier (a name from `isolation.tiers`)'),
  version: doc(
    'Pin the tenant at this image tag or digest: rollouts leave it alone',
    withHint(
      quoteHint,
      z
        .string({ error: 'expected a version (a string)' })
        .regex(new RegExp(`${IMAGE_TAG.source}|${IMAGE_DIGEST.source}`), {
          error: 'expected an image tag like "1.4.2" or a digest `sha256:...`',
        }),
    ),
  ).optional(),
  group: dnsLabel(
    'Tenants with the same group share one namespace and one deployment; the namespace is rendered with {tenant} = the group',
  ).optional(),
  namespace: dnsLabel('Explicit namespace, instead of isolation.namespaceTemplate').optional(),
  overrides: overridesSchema.optional(),
  labels: labels("Extra labels on the tenant's namespace and objects").optional(),
});
