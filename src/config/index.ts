/** cutover.yaml: the schema, the loader with positions, and the JSON Schema export. */
export {
  loadConfig,
  loadEveryEnvironment,
  parseConfig,
  parseEveryEnvironment,
  type EveryEnvironment,
  type LoadedConfig,
  type LoadedEnvironment,
  type LoadOptions,
  type Position,
} from './load.ts';
export { renderHosts, renderNamespace, tenantUnit } from './namespace.ts';
export { configJsonSchema, configJsonSchemaText, SCHEMA_FILE } from './json-schema.ts';
export { formatPath, type Path, type PathSegment } from './issues.ts';
export { formatDuration, parseDuration, parseQuantity } from './units.ts';
export {
  cutoverConfigSchema,
  ROUTING_METHODS,
  POD_SECURITY_LEVELS,
  type AppConfig,
  type CiConfig,
  type CiStep,
  type PackageConfig,
  type BlueRetention,
  type CutoverConfig,
  type CutoverConfigInput,
  type EnvironmentConfig,
  type HealthCheck,
  type HealthCheckKind,
  type HealthConfig,
  type ImageConfig,
  type IsolationConfig,
  type LabelSelector,
  type NetworkPolicyConfig,
  type ObservabilityConfig,
  type PodSecurityLevel,
  type Resources,
  type Ring,
  type RoutingConfig,
  type RoutingMethod,
  type Tenant,
  type TenantOverrides,
  type Tier,
} from './schema/index.ts';
