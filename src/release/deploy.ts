/**
 * deploy-color for one tenant: converge the idle color to the image, point the preview
 * Service at it, make sure the route exists (all traffic still on live), wait for the
 * rollout. A tenant's first release goes to blue and becomes live once ready.
 */
import type { V1PodTemplateSpec } from '@kubernetes/client-node';
import { CutoverError } from '../errors.ts';
import { writeHistory, withRecord } from './history.ts';
import type { ImageRef } from './image.ts';
import { RETIRE_AT_ANNOTATION, RETIRE_MODE_ANNOTATION, otherColor, type Color } from './names.ts';
import { waitForRollout } from './rollout-wait.ts';
import { pointService } from './services.ts';
import { settle } from './settle.ts';
import { candidateOf, imageOf, readRelease, replicasOf } from './state.ts';
import { routeTarget, who, type TenantContext } from './tenant.ts';
import { colorDeployment, sameSpec } from './workload.ts';

export interface DeployOptions {
  image: ImageRef;
  template: () => Promise<V1PodTemplateSpec>;
  timeoutMs: number;
}

export type DeployAction = 'first-release' | 'deployed' | 'unchanged' | 'already-live';

export interface DeployResult {
  action: DeployAction;
  color: Color;
  live: Color;
  version: string;
  writes: number;
  notes: string[];
}

export async function deployTenant(ctx: TenantContext, o: DeployOptions): Promise<DeployResult> {
  const { cluster, unit } = ctx;
  const ns = unit.namespace;
  const before = cluster.stats.writes;
  const r = await readRelease(cluster, ns, ctx.config.app.name);
  const notes = await settle(ctx, r, o.template);
  const live = r.live;
  const image = o.image;

  if (live && imageOf(r.deployments[live]) === image.ref) {
    return {
      action: 'already-live',
      color: live,
      live,
      version: image.version,
      writes: cluster.stats.writes - before,
      notes,
    };
  }
  const color: Color = live ? otherColor(live) : (r.previewColor ?? 'blue');
  const current = r.deployments[color];
  const candidate = candidateOf(r);
  if (live && candidate === color && imageOf(current) !== image.ref) {
    const held = await ctx.router.getWeights(routeTarget(ctx, live, color));
    if (held && (held.weight > 0 || held.testers)) {
      throw new CutoverError(
        'RELEASE_STATE',
        `${unit.id}: ${color} runs ${imageOf(current)} and gets ${held.weight}% of the traffic${held.testers ? ' and the testers' : ''}; deploying ${image.ref} over it would change what users are served mid-rollout. Nothing was changed`,
        {
          hint: 'finish that rollout (shift-traffic to 100) or roll it back first, then deploy again',
        },
      );
    }
  }

  const want = colorDeployment({
    app: ctx.config.app.name,
    namespace: ns,
    color,
    image,
    replicas: ctx.replicas,
    labels: ctx.labels,
    template: await o.template(),
    progressDeadlineSeconds: Math.max(1, Math.ceil(o.timeoutMs / 1000)),
  });
  const unchanged = sameSpec(current, want) && replicasOf(current) === ctx.replicas;
  if (!unchanged) {
    const a = current?.metadata?.annotations ?? {};
    // Marks of an earlier retirement must not outlive the version they were for.
    if (a[RETIRE_AT_ANNOTATION] || a[RETIRE_MODE_ANNOTATION])
      await cluster.mergePatch(
        { apiVersion: 'apps/v1', kind: 'Deployment', namespace: ns, name: want.metadata!.name! },
        {
          metadata: {
            annotations: { [RETIRE_AT_ANNOTATION]: null, [RETIRE_MODE_ANNOTATION]: null },
          },
        },
      );
    await cluster.apply(want);
    ctx.progress(`${who(ctx)}: ${want.metadata!.name} → ${image.ref}`);
  }
  await pointService(ctx, r.preview, 'preview', color);

  await waitForRollout(
    cluster,
    { namespace: ns, name: want.metadata!.name! },
    {
      timeoutMs: o.timeoutMs,
      signal: ctx.signal,
      onProgress: (ready, wanted) => ctx.progress(`${who(ctx)}: ${color} ready ${ready}/${wanted}`),
    },
  );

  // The first release: live as soon as it is ready.
  const newLive = live ?? color;
  if (!live) {
    await pointService(ctx, r.stable, 'stable', color);
  }
  await ctx.router.reconcile(routeTarget(ctx, newLive, color));
  const record = {
    version: image.version,
    image: image.ref,
    color,
    at: new Date().toISOString(),
    by: ctx.by,
    result: live ? 'deployed' : 'live',
  } as const;
  await writeHistory(
    cluster,
    { app: ctx.config.app.name, namespace: ns, labels: ctx.labels },
    r.history,
    withRecord(r.history, record),
  );
  return {
    action: !live ? 'first-release' : unchanged ? 'unchanged' : 'deployed',
    color,
    live: newLive,
    version: image.version,
    writes: cluster.stats.writes - before,
    notes,
  };
}
