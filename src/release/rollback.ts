/**
 * rollback for one tenant. Before a promotion: all traffic back on the live color in one
 * route write, the candidate scaled to zero. After one: back to the previous release, at
 * once when its color is still warm with that version (switch, then scale it up), else by
 * redeploying the previous image from the history to the idle color, waiting, switching.
 * The history records who and why.
 */
import type { V1PodTemplateSpec } from '@kubernetes/client-node';
import { CutoverError } from '../errors.ts';
import { ALL_ON_LIVE } from '../routing/router.ts';
import {
  previousRelease,
  releaseNamed,
  servedVersions,
  writeHistory,
  withRecord,
  type ReleaseRecord,
} from './history.ts';
import { parseImage } from './image.ts';
import { otherColor, type Color } from './names.ts';
import { drain } from './drain.ts';
import { waitForRollout } from './rollout-wait.ts';
import { pointService } from './services.ts';
import { candidateOf, imageOf, readRelease, replicasOf } from './state.ts';
import { routeTarget, who, type TenantContext } from './tenant.ts';
import { colorDeployment } from './workload.ts';

export interface RollbackOptions {
  reason: string;
  template: () => Promise<V1PodTemplateSpec>;
  timeoutMs: number;
  /** How long the router gets to stop sending to a color before its pods go (default DRAIN_MS). */
  drainMs?: number;
  /** A release from the history to go back to (version, image or digest); default the previous. */
  to?: string | undefined;
}

export interface RollbackResult {
  action: 'candidate-removed' | 'restored-warm' | 'restored-redeployed' | 'unchanged';
  live: Color;
  version: string;
  from: string | undefined;
  writes: number;
}

export async function rollbackTenant(
  ctx: TenantContext,
  o: RollbackOptions,
): Promise<RollbackResult> {
  const { cluster, unit, router } = ctx;
  const ns = unit.namespace;
  const app = ctx.config.app.name;
  const before = cluster.stats.writes;
  const r = await readRelease(cluster, ns, app);
  const live = r.live;
  if (!live)
    throw new CutoverError(
      'RELEASE_STATE',
      `${unit.id}: nothing is deployed in ${ns}, so there is nothing to roll back`,
    );
  const liveImage = imageOf(r.deployments[live]);
  const note = (record: Omit<ReleaseRecord, 'at' | 'by' | 'reason'>) => ({
    ...record,
    at: new Date().toISOString(),
    by: ctx.by,
    reason: o.reason,
  });
  const depRef = (c: Color) => ({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    namespace: ns,
    name: ctx.names.deployment(c),
  });
  const history = (records: Omit<ReleaseRecord, 'at' | 'by' | 'reason'>[]) =>
    writeHistory(
      cluster,
      { app, namespace: ns, labels: ctx.labels },
      r.history,
      records.reduce((h, rec) => withRecord(h, note(rec)), r.history),
    );

  const candidate = candidateOf(r);
  const wanted = o.to === undefined ? undefined : namedRelease(ctx, r.history, o.to, liveImage);
  if (wanted && wanted.image === liveImage && !candidate)
    return {
      action: 'unchanged',
      live,
      version: wanted.version,
      from: undefined,
      writes: cluster.stats.writes - before,
    };
  if (wanted && wanted.image !== liveImage && candidate)
    throw new CutoverError(
      'RELEASE_STATE',
      `${unit.id}: a new version is beside the live one in ${ns}; going to ${o.to} now would leave it half rolled out; nothing was changed`,
      {
        hint: 'roll back without `to` first (traffic back on the live color), then to the version',
      },
    );
  if (candidate) {
    await router.setWeights(routeTarget(ctx, live, candidate), ALL_ON_LIVE);
    await drain(ctx, o.drainMs);
    await cluster.scale(depRef(candidate), 0);
    const image = imageOf(r.deployments[candidate]) ?? '?';
    await history([
      { version: parseImage(image).version, image, color: candidate, result: 'rolled-back' },
    ]);
    ctx.progress(`${who(ctx)}: all traffic on ${live}; ${candidate} (${image}) scaled to 0`);
    return {
      action: 'candidate-removed',
      live,
      version: parseImage(liveImage!).version,
      from: image,
      writes: cluster.stats.writes - before,
    };
  }

  const top = wanted ? undefined : r.history[0];
  if (top && (top.result === 'rolled-back' || top.result === 'restored')) {
    return {
      action: 'unchanged',
      live,
      version: parseImage(liveImage!).version,
      from: undefined,
      writes: cluster.stats.writes - before,
    };
  }
  if (
    top &&
    top.color !== live &&
    top.image !== liveImage &&
    (top.result === 'promoted' || top.result === 'live')
  ) {
    // A restore cut off after the switch: the history still names the release it left.
    await pointService(ctx, r.preview, 'preview', top.color);
    await router.finalize(routeTarget(ctx, live, top.color));
    await drain(ctx, o.drainMs);
    await cluster.scale(depRef(top.color), 0);
    await history([
      { version: top.version, image: top.image, color: top.color, result: 'rolled-back' },
      {
        version: parseImage(liveImage!).version,
        image: liveImage!,
        color: live,
        result: 'restored',
      },
    ]);
    return {
      action: 'restored-warm',
      live,
      version: parseImage(liveImage!).version,
      from: top.image,
      writes: cluster.stats.writes - before,
    };
  }
  const previous = wanted ?? previousRelease(r.history, liveImage);
  if (!previous)
    throw new CutoverError(
      'RELEASE_STATE',
      `${unit.id}: no earlier release in the history of ${ns} to go back to (live: ${liveImage ?? '?'}); nothing was changed`,
      {
        hint: 'deploy the version you want with deploy-color, then shift-traffic to 100',
      },
    );
  const back = otherColor(live);
  const warm = r.deployments[back];
  const image = parseImage(previous.image);
  const isWarm =
    warm !== undefined &&
    imageOf(warm) === previous.image &&
    replicasOf(warm) > 0 &&
    (warm.status?.readyReplicas ?? 0) > 0;
  const wait = () =>
    waitForRollout(
      cluster,
      { namespace: ns, name: ctx.names.deployment(back) },
      {
        timeoutMs: o.timeoutMs,
        signal: ctx.signal,
        onProgress: (ready, wanted) =>
          ctx.progress(`${who(ctx)}: ${back} ready ${ready}/${wanted}`),
      },
    );

  if (isWarm) {
    // Instant: the warm pods take the traffic now, then they are scaled back to full size.
    await pointService(ctx, r.stable, 'stable', back);
    if (replicasOf(warm) !== ctx.replicas) await cluster.scale(depRef(back), ctx.replicas);
  } else {
    ctx.progress(`${who(ctx)}: ${back} does not run ${previous.image}: redeploying it`);
    await cluster.apply(
      colorDeployment({
        app,
        namespace: ns,
        color: back,
        image,
        replicas: ctx.replicas,
        labels: ctx.labels,
        template: await o.template(),
        progressDeadlineSeconds: Math.max(1, Math.ceil(o.timeoutMs / 1000)),
      }),
    );
    await wait();
    await pointService(ctx, r.stable, 'stable', back);
  }
  await pointService(ctx, r.preview, 'preview', live);
  await router.finalize(routeTarget(ctx, back, live));
  await drain(ctx, o.drainMs);
  await cluster.scale(depRef(live), 0);
  await history([
    {
      version: parseImage(liveImage!).version,
      image: liveImage!,
      color: live,
      result: 'rolled-back',
    },
    { version: image.version, image: image.ref, color: back, result: 'restored' },
  ]);
  if (isWarm) await wait();
  ctx.progress(
    `${who(ctx)}: back on ${previous.image} (${back}${isWarm ? ', was warm' : ', redeployed'}); ${live} scaled to 0`,
  );
  return {
    action: isWarm ? 'restored-warm' : 'restored-redeployed',
    live: back,
    version: image.version,
    from: liveImage,
    writes: cluster.stats.writes - before,
  };
}

/** The release `to` names, or an error listing the ones the history has. */
function namedRelease(
  ctx: TenantContext,
  history: ReleaseRecord[],
  to: string,
  liveImage: string | undefined,
): ReleaseRecord {
  const found = releaseNamed(history, to);
  if (found) return found;
  const known = servedVersions(history);
  throw new CutoverError(
    'RELEASE_STATE',
    `${ctx.unit.id}: input \`to\`: ${to} is not a release in the history of ${ctx.unit.namespace} (live: ${liveImage ?? '?'}); nothing was changed`,
    {
      hint: known.length
        ? `name one of the releases it has: ${known.join(', ')} (a version, an image or a digest)`
        : 'the history has no release yet to go back to',
    },
  );
}
