/**
 * The stable Service `<app>` (the live color) and the preview Service `<app>-preview` (the
 * color under test). They are not a router's: every router moves traffic between them.
 */
import type { V1Service } from '@kubernetes/client-node';
import type { Cluster } from '../kube/cluster.ts';
import type { TenantContext } from './tenant.ts';
import {
  COLOR_LABEL,
  LIVE_COLOR_ANNOTATION,
  SERVICE_PORT,
  colorSelector,
  isColor,
  releaseNames,
  type Color,
} from './names.ts';

export type ServiceRole = 'stable' | 'preview';

export function colorService(o: {
  app: string;
  namespace: string;
  role: ServiceRole;
  color: Color;
  port: number;
  labels: Record<string, string>;
}): V1Service {
  const names = releaseNames(o.app);
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: {
      name: o.role === 'stable' ? names.stable : names.preview,
      namespace: o.namespace,
      labels: o.labels,
      ...(o.role === 'stable' ? { annotations: { [LIVE_COLOR_ANNOTATION]: o.color } } : {}),
    },
    spec: {
      selector: colorSelector(o.app, o.color),
      ports: [{ name: 'http', port: SERVICE_PORT, targetPort: o.port, protocol: 'TCP' }],
    },
  };
}

/** The color a Service selects, if it is one of ours. */
export function selectedColor(svc: V1Service | undefined): Color | undefined {
  const c = svc?.spec?.selector?.[COLOR_LABEL];
  return isColor(c) ? c : undefined;
}

/** Applies the Service unless it already selects that color with those ports: no write when equal. */
export async function ensureService(
  cluster: Cluster,
  live: V1Service | undefined,
  want: V1Service,
): Promise<boolean> {
  const same =
    live !== undefined &&
    JSON.stringify(live.spec?.selector) === JSON.stringify(want.spec?.selector) &&
    live.spec?.ports?.length === 1 &&
    live.spec.ports[0]!.port === want.spec!.ports![0]!.port &&
    String(live.spec.ports[0]!.targetPort) === String(want.spec!.ports![0]!.targetPort) &&
    Object.entries(want.metadata?.annotations ?? {}).every(
      ([k, v]) => live.metadata?.annotations?.[k] === v,
    ) &&
    Object.entries(want.metadata?.labels ?? {}).every(([k, v]) => live.metadata?.labels?.[k] === v);
  if (same) return false;
  await cluster.apply(want);
  return true;
}

/** Points a tenant's stable or preview Service at a color (no write when it already does). */
export function pointService(
  ctx: Pick<TenantContext, 'cluster' | 'config' | 'unit' | 'labels'>,
  live: V1Service | undefined,
  role: ServiceRole,
  color: Color,
): Promise<boolean> {
  return ensureService(
    ctx.cluster,
    live,
    colorService({
      app: ctx.config.app.name,
      namespace: ctx.unit.namespace,
      role,
      color,
      port: ctx.config.app.port,
      labels: ctx.labels,
    }),
  );
}
