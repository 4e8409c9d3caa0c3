/**
 * The schema of cutover.yaml: one zod schema for everything the stages read, composed of a
 * module per section. Objects are strict (an unknown key is an error), defaults are applied
 * on parse, durations come out as milliseconds and quantities as strings. Checks that span
 * fields (a tenant's ring exists, namespaces do not collide, ...) live in `../checks.ts`,
 * so the loader can report them with the schema's own problems in one list.
 */
import * as z from 'zod';
import { doc, withHint } from './docs.ts';
import { POD_SECURITY_LEVELS, ROUTING_METHODS } from './fields.ts';
import { appSchema, imageSchema } from './app.ts';
import { ringSchema, tenantSchema } from './tenants.ts';
import { isolationSchema } from './isolation.ts';
import { defaultIngressNamespace, routingSchema } from './routing.ts';
import { healthSchema } from './health.ts';
import { blueRetentionSchema, observabilitySchema } from './observability.ts';
import { ciSchema, packageSchema } from './ci.ts';
import { environmentsSchema } from './environments.ts';

export const configObjectSchema = z.strictObject({
  version: doc(
    'Config format version',
    withHint('this cutover reads `version: 1`', z.literal(1, { error: 'expected version 1' })),
  ),
  app: appSchema,
  image: imageSchema,
  rings: doc(
    'Deployment waves, in order: a ring starts when the one before it succeeded',
    z.array(ringSchema).min(1, { error: 'expected at least one ring' }),
  ),
  tenants: doc(
    'The tenants',
    z.array(tenantSchema).min(1, { error: 'expected at least one tenant' }),
  ),
  isolation: isolationSchema,
  routing: routingSchema.prefault({}),
  health: healthSchema.prefault({}),
  blueRetention: blueRetentionSchema.prefault({ mode: 'keep-warm' }),
  observability: observabilitySchema.prefault({}),
  ci: ciSchema.optional(),
  package: packageSchema.prefault({}),
  environments: environmentsSchema,
});

/** Defaults that depend on other sections, filled after the sections parsed. */
export const cutoverConfigSchema = configObjectSchema.transform((c) => {
  const { networkPolicy } = c.isolation;
  const ingressNamespaceSelector =
    networkPolicy.ingressNamespaceSelector !== undefined
      ? networkPolicy.ingressNamespaceSelector
      : { matchLabels: { 'kubernetes.io/metadata.name': defaultIngressNamespace(c.routing) } };
  const routing = withMethod(c.routing);
  return {
    ...c,
    routing,
    isolation: { ...c.isolation, networkPolicy: { ...networkPolicy, ingressNamespaceSelector } },
  };
});

/** `routing` left out, or without `method`, is the service router's: say so in the output. */
type Routing = z.output<typeof routingSchema>;
function withMethod(r: Routing): Routing & { method: NonNullable<Routing['method']> } {
  return r.method === undefined
    ? { ...r, method: 'service' }
    : (r as Routing & { method: NonNullable<Routing['method']> });
}

/** cutover.yaml as the stages read it: defaults applied, durations in milliseconds. */
export type CutoverConfig = z.output<typeof cutoverConfigSchema>;
/** cutover.yaml as written (what the JSON Schema describes). */
export type CutoverConfigInput = z.input<typeof cutoverConfigSchema>;

export type AppConfig = CutoverConfig['app'];
export type CiConfig = NonNullable<CutoverConfig['ci']>;
export type CiStep = NonNullable<CiConfig['steps']>[number];
export type PackageConfig = CutoverConfig['package'];
export type ImageConfig = CutoverConfig['image'];
export type Ring = CutoverConfig['rings'][number];
export type Tenant = CutoverConfig['tenants'][number];
export type TenantOverrides = NonNullable<Tenant['overrides']>;
export type IsolationConfig = CutoverConfig['isolation'];
export type Tier = IsolationConfig['tiers'][string];
export type NetworkPolicyConfig = IsolationConfig['networkPolicy'];
export type LabelSelector = NonNullable<NetworkPolicyConfig['monitoringNamespaceSelector']>;
export type Resources = NonNullable<AppConfig['resources']>;
export type PodSecurityLevel = (typeof POD_SECURITY_LEVELS)[number];
export type RoutingConfig = CutoverConfig['routing'];
export type RoutingMethod = (typeof ROUTING_METHODS)[number];
export type HealthConfig = CutoverConfig['health'];
export type HealthCheck = HealthConfig['checks'][number];
export type HealthCheckKind = HealthCheck['kind'];
export type BlueRetention = CutoverConfig['blueRetention'];
export type ObservabilityConfig = CutoverConfig['observability'];
export type EnvironmentConfig = NonNullable<CutoverConfig['environments']>[string];

export { configDocs, configHints, type HintFn } from './docs.ts';
export {
  APP_NAME_MAX,
  DEFAULT_NAMESPACE_TEMPLATE,
  DEFAULT_WEIGHTED_STEPS,
  POD_SECURITY_LEVELS,
  RESERVED_LABEL_KEYS,
  RESERVED_LABEL_PREFIXES,
  ROUTING_METHODS,
} from './fields.ts';
