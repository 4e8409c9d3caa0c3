/**
 * shift-traffic for one tenant: give the candidate a share of the traffic (testers first,
 * in the same write), read it back, and at 100 promote: the stable Service switches to the
 * candidate, the route goes back to all-on-stable, the old color is retired per
 * `blueRetention`.
 */
import type { V1PodTemplateSpec } from '@kubernetes/client-node';
import { CutoverError } from '../errors.ts';
import type { Verdict } from '../routing/router.ts';
import { writeHistory, withRecord } from './history.ts';
import { parseImage } from './image.ts';
import type { Color } from './names.ts';
import { scheduleRetirement, type RetireOutcome } from './retention.ts';
import { pointService } from './services.ts';
import { settle } from './settle.ts';
import { candidateOf, imageOf, readRelease } from './state.ts';
import { routeTarget, who, type TenantContext } from './tenant.ts';

/** An explicit share, or the next of `routing.steps` after the current one. */
export type WeightRequest = { weight: number } | { next: true };

export interface ShiftResult {
  action: 'shifted' | 'unchanged' | 'promoted' | 'already-promoted';
  weight: number;
  testers: boolean;
  live: Color;
  candidate: Color | undefined;
  version: string | undefined;
  verdict: Verdict;
  retired?: RetireOutcome;
  writes: number;
  notes: string[];
}

/** The `weight` input: a whole percentage 0-100, or `next`. */
export function parseWeightRequest(raw: string): WeightRequest {
  const v = raw.trim();
  if (v === 'next') return { next: true };
  if (/^\d{1,3}$/.test(v) && Number(v) <= 100) return { weight: Number(v) };
  throw new CutoverError(
    'INPUT_INVALID',
    `input \`weight\`: expected a whole percentage from 0 to 100 or \`next\`, found ${JSON.stringify(raw)}`,
    {
      hint: '0 sends only testers to the new color, 100 promotes it; `next` takes the next of routing.steps',
    },
  );
}

export function nextStep(steps: readonly number[], current: number): number | undefined {
  return steps.find((s) => s > current);
}

export async function shiftTenant(
  ctx: TenantContext,
  request: WeightRequest,
  template: () => Promise<V1PodTemplateSpec>,
  /** The image being rolled out, when the caller knows it (the cd workflow does). */
  rolloutImage?: string,
): Promise<ShiftResult> {
  const { cluster, unit, router } = ctx;
  const ns = unit.namespace;
  const before = cluster.stats.writes;
  const r = await readRelease(cluster, ns, ctx.config.app.name);
  const notes = await settle(ctx, r, template);
  const live = r.live;
  if (!live) {
    throw new CutoverError(
      'RELEASE_STATE',
      `${unit.id}: nothing is deployed in ${ns}; nothing was changed`,
      {
        hint: 'run deploy-color first: the first release becomes live by itself',
      },
    );
  }
  const candidate = candidateOf(r);
  if (!candidate) {
    // Promoted already (a re-run of the last step) is done; so is the image being rolled
    // out already live alone (a tenant's first release goes live at once, at any step).
    const liveImage = imageOf(r.deployments[live]);
    const promoted =
      'weight' in request && request.weight === 100 && r.history[0]?.result === 'promoted';
    if (promoted || (rolloutImage !== undefined && liveImage === rolloutImage)) {
      if (!promoted) notes.push(`${rolloutImage} is live with all the traffic already`);
      return {
        action: 'already-promoted',
        weight: 100,
        testers: false,
        live,
        candidate: undefined,
        version: liveImage ? parseImage(liveImage).version : r.history[0]?.version,
        verdict: { result: 'yes' },
        writes: cluster.stats.writes - before,
        notes,
      };
    }
    throw new CutoverError(
      'RELEASE_STATE',
      `${unit.id}: no new version is deployed beside the live one (${live}, ${liveImage ?? '?'}); nothing was changed`,
      {
        hint: 'run deploy-color with the new image first',
      },
    );
  }
  const target = routeTarget(ctx, live, candidate);
  const held = (await router.getWeights(target)) ?? { weight: 0, testers: false };
  let weight: number;
  if ('next' in request) {
    const n = nextStep(ctx.config.routing.steps, held.weight);
    if (n === undefined)
      throw new CutoverError(
        'INPUT_INVALID',
        `weight \`next\`: ${unit.id} is at ${held.weight}%, past the last of routing.steps [${ctx.config.routing.steps.join(', ')}]; nothing was changed`,
        {
          hint: 'the rollout is at its last step: promote with weight 100, or roll back',
        },
      );
    weight = n;
  } else {
    weight = request.weight;
  }
  const state = { weight, testers: router.headerRoutes && weight < 100 };
  const { wrote } = await router.setWeights(target, state);
  const verdict = await router.verify(target, state);
  if (verdict.result === 'no')
    throw new CutoverError(
      'ROUTE_NOT_VERIFIED',
      `${unit.id}: the route does not hold what was written: ${verdict.reason}`,
      {
        hint: 'another tool may be editing the same route; run again, or roll back',
      },
    );
  const version = parseImage(imageOf(r.deployments[candidate]) ?? 'unknown:unknown').version;
  ctx.progress(
    `${who(ctx)}: ${weight}% on ${candidate} (${version})${state.testers ? ', testers on it' : ''}${wrote ? '' : ' (already so)'}`,
  );
  if (weight < 100) {
    return {
      action: wrote ? 'shifted' : 'unchanged',
      weight,
      testers: state.testers,
      live,
      candidate,
      version,
      verdict,
      writes: cluster.stats.writes - before,
      notes,
    };
  }

  // Promotion: the stable Service follows the candidate, then the route goes back to it alone.
  await pointService(ctx, r.stable, 'stable', candidate);
  await router.finalize(routeTarget(ctx, candidate, candidate));
  const image = imageOf(r.deployments[candidate])!;
  await writeHistory(
    cluster,
    { app: ctx.config.app.name, namespace: ns, labels: ctx.labels },
    r.history,
    withRecord(r.history, {
      version,
      image,
      color: candidate,
      at: new Date().toISOString(),
      by: ctx.by,
      result: 'promoted',
    }),
  );
  const old = r.deployments[live];
  const retired = old
    ? await scheduleRetirement(ctx, old, r.deployments[candidate]!, template)
    : undefined;
  ctx.progress(`${who(ctx)}: promoted ${candidate} (${version}); ${live} ${retired ?? 'gone'}`);
  return {
    action: 'promoted',
    weight: 100,
    testers: false,
    live: candidate,
    candidate: undefined,
    version,
    verdict,
    ...(retired ? { retired } : {}),
    writes: cluster.stats.writes - before,
    notes,
  };
}
