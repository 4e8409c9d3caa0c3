/**
 * The old color after a promotion (`blueRetention`): `keep-warm` scales it to N pods of the
 * old version (an instant rollback), `warm-backup` updates it to the new version with N
 * pods, `delete` removes it (the next deploy recreates it). Each after `delay`: the
 * promotion schedules it on the Deployment (`cutover.dev/retire-at`), and whichever run
 * comes next on the tenant (any stage) applies it once due; a zero delay applies at once.
 */
import type { V1Deployment } from '@kubernetes/client-node';
import { RETIRE_AT_ANNOTATION, RETIRE_MODE_ANNOTATION, releaseNames, type Color } from './names.ts';
import { imageOf, replicasOf } from './state.ts';
import type { TenantContext } from './tenant.ts';
import { colorDeployment } from './workload.ts';
import { drain } from './drain.ts';
import { parseImage } from './image.ts';
import type { V1PodTemplateSpec } from '@kubernetes/client-node';

export type RetireOutcome = 'scheduled' | 'kept-warm' | 'warm-backup' | 'deleted' | 'unchanged';

/** Marks the old color for retirement; applies it now when the delay is zero. */
export async function scheduleRetirement(
  ctx: TenantContext,
  old: V1Deployment,
  newLive: V1Deployment,
  template: () => Promise<V1PodTemplateSpec>,
  now = Date.now(),
): Promise<RetireOutcome> {
  const r = ctx.config.blueRetention;
  const at = new Date(now + r.delay).toISOString();
  if (r.delay === 0) {
    await drain(ctx);
    return applyRetirement(ctx, old, newLive, template, now);
  }
  await ctx.cluster.mergePatch(refOf(ctx, old), {
    metadata: { annotations: { [RETIRE_AT_ANNOTATION]: at, [RETIRE_MODE_ANNOTATION]: r.mode } },
  });
  ctx.progress(
    `${ctx.unit.id}: ${old.metadata!.name} stays at full scale until ${at}, then ${describeMode(ctx)}`,
  );
  return 'scheduled';
}

/** Applies a retirement whose time has come; nothing when already applied or not due. */
export async function applyRetirement(
  ctx: TenantContext,
  old: V1Deployment,
  newLive: V1Deployment,
  template: () => Promise<V1PodTemplateSpec>,
  now = Date.now(),
): Promise<RetireOutcome> {
  const r = ctx.config.blueRetention;
  const at = old.metadata?.annotations?.[RETIRE_AT_ANNOTATION];
  if (at && new Date(at).getTime() > now) return 'unchanged';
  const ref = refOf(ctx, old);
  const mark = {
    [RETIRE_MODE_ANNOTATION]: r.mode,
    [RETIRE_AT_ANNOTATION]: at ?? new Date(now).toISOString(),
  };
  switch (r.mode) {
    case 'delete':
      await ctx.cluster.delete(ref);
      return 'deleted';
    case 'keep-warm':
      if (
        replicasOf(old) === r.replicas &&
        old.metadata?.annotations?.[RETIRE_MODE_ANNOTATION] === r.mode
      )
        return 'unchanged';
      await ctx.cluster.mergePatch(ref, {
        metadata: { annotations: mark },
        spec: { replicas: r.replicas },
      });
      return 'kept-warm';
    case 'warm-backup': {
      const image = imageOf(newLive)!;
      if (imageOf(old) === image && replicasOf(old) === r.replicas) return 'unchanged';
      const color = old.metadata!.labels!['cutover.dev/color'] as Color;
      const want = colorDeployment({
        app: ctx.config.app.name,
        namespace: ctx.unit.namespace,
        color,
        image: parseImage(image),
        replicas: r.replicas,
        labels: ctx.labels,
        template: await template(),
        progressDeadlineSeconds: old.spec?.progressDeadlineSeconds ?? 600,
      });
      want.metadata!.annotations = { ...want.metadata!.annotations, ...mark };
      await ctx.cluster.apply(want);
      return 'warm-backup';
    }
  }
}

export function describeMode(ctx: TenantContext): string {
  const r = ctx.config.blueRetention;
  return r.mode === 'delete'
    ? 'deleted'
    : r.mode === 'keep-warm'
      ? `kept warm with ${r.replicas} pod(s) of the old version`
      : `updated to the new version with ${r.replicas} pod(s) as a warm backup`;
}

function refOf(ctx: TenantContext, d: V1Deployment) {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    namespace: ctx.unit.namespace,
    name: d.metadata?.name ?? releaseNames(ctx.config.app.name).deployment('blue'),
  };
}
