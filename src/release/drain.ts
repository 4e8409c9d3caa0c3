/**
 * The pause between taking a color out of the route and removing its pods: a data plane
 * follows the Service's EndpointSlices and the route with a lag (a watch, a reload), and
 * a request sent to a pod that is already gone fails. Argo Rollouts waits 30 s
 * (scaleDownDelaySeconds); a local Traefik needs well under a second.
 */
import { sleep } from '../kube/retry.ts';
import type { TenantContext } from './tenant.ts';

export const DRAIN_MS = 3000;

export async function drain(
  ctx: TenantContext,
  ms = Number(process.env.CUTOVER_DRAIN_MS ?? DRAIN_MS),
): Promise<void> {
  if (ms > 0) await sleep(ms, ctx.signal);
}
