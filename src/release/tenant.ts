/**
 * One tenant unit's release context: its namespace, the settings it deploys with (the app
 * settings and its overrides), its labels, and the route target for the router.
 */
import type { CutoverConfig, Tenant } from '../config/index.ts';
import { renderHosts } from '../config/index.ts';
import type { Cluster } from '../kube/cluster.ts';
import type { RouteTarget, TrafficRouter } from '../routing/router.ts';
import type { TenantUnit } from '../tenancy/units.ts';
import {
  SERVICE_PORT,
  releaseLabels,
  releaseNames,
  type Color,
  type ReleaseNames,
} from './names.ts';

export interface TenantContext {
  cluster: Cluster;
  config: CutoverConfig;
  router: TrafficRouter;
  unit: TenantUnit;
  /** The first tenant of the unit: the tenants of a group agree on their settings. */
  tenant: Tenant;
  names: ReleaseNames;
  labels: Record<string, string>;
  replicas: number;
  env: Record<string, string>;
  resources: CutoverConfig['app']['resources'];
  /** Who acts: the run URL in Actions, host:pid in a terminal. */
  by: string;
  progress: (message: string) => void;
  signal?: AbortSignal | undefined;
}

export function tenantContext(o: {
  cluster: Cluster;
  config: CutoverConfig;
  router: TrafficRouter;
  unit: TenantUnit;
  by: string;
  progress: (message: string) => void;
  signal?: AbortSignal | undefined;
}): TenantContext {
  const { config, unit } = o;
  const tenant = config.tenants.find((t) => t.id === unit.tenants[0])!;
  const ov = tenant.overrides ?? {};
  return {
    ...o,
    tenant,
    names: releaseNames(config.app.name),
    labels: releaseLabels(config.app.name, unit.id),
    replicas: ov.replicas ?? config.app.replicas,
    env: { ...(config.app.env ?? {}), ...(ov.env ?? {}) },
    resources: ov.resources ?? config.app.resources,
  };
}

export function routeTarget(ctx: TenantContext, live: Color, candidate: Color): RouteTarget {
  const hosts = [...new Set(ctx.unit.tenants.flatMap((id) => renderHosts(ctx.config, id)))];
  return {
    namespace: ctx.unit.namespace,
    app: ctx.config.app.name,
    unit: ctx.unit.id,
    stableService: ctx.names.stable,
    previewService: ctx.names.preview,
    servicePort: SERVICE_PORT,
    hosts,
    labels: ctx.labels,
    liveColor: live,
    candidateColor: candidate,
  };
}

/** The `[ring] unit` prefix of progress lines. */
export const who = (ctx: TenantContext): string => `[${ctx.unit.ring}] ${ctx.unit.id}`;
