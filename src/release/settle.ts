/**
 * Finishes what an interrupted run left, before a stage does its own work: a promotion
 * cut off after the stable Service switched (route still weighted, old color not yet
 * scheduled for retirement), and a retirement whose delay has passed.
 */
import type { V1PodTemplateSpec } from '@kubernetes/client-node';
import { ALL_ON_LIVE, sameState } from '../routing/router.ts';
import { RETIRE_MODE_ANNOTATION, otherColor } from './names.ts';
import { applyRetirement, scheduleRetirement } from './retention.ts';
import type { TenantRelease } from './state.ts';
import { routeTarget, type TenantContext } from './tenant.ts';

export async function settle(
  ctx: TenantContext,
  r: TenantRelease,
  template: () => Promise<V1PodTemplateSpec>,
): Promise<string[]> {
  const done: string[] = [];
  const live = r.live;
  if (!live || r.previewColor !== live) return done;
  const old = otherColor(live);
  const target = routeTarget(ctx, live, live);
  if (ctx.router.method !== 'service') {
    const held = await ctx.router.getWeights(target);
    if (held && !sameState(held, ALL_ON_LIVE)) {
      await ctx.router.finalize(target);
      done.push('finished an interrupted promotion (route back on the stable Service)');
    }
  }
  const oldDep = r.deployments[old];
  const liveDep = r.deployments[live];
  if (!oldDep || !liveDep || (oldDep.spec?.replicas ?? 0) === 0) return done;
  if (!oldDep.metadata?.annotations?.[RETIRE_MODE_ANNOTATION]) {
    done.push(`old color ${old}: ${await scheduleRetirement(ctx, oldDep, liveDep, template)}`);
  } else {
    const outcome = await applyRetirement(ctx, oldDep, liveDep, template);
    if (outcome !== 'unchanged') done.push(`old color ${old}: ${outcome}`);
  }
  return done;
}
