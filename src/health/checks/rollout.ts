/**
 * `rollout`: the Deployment of the color under test is what it should be, every round:
 * the spec observed, every replica updated, ready and available, no new restarts, no pod
 * stuck (crash-looping, unschedulable, not ready), with conditions and events when not.
 */
import type { V1Deployment, V1Pod } from '@kubernetes/client-node';
import type { Cluster } from '../../kube/cluster.ts';
import { releaseNames } from '../../release/names.ts';
import {
  containerStuck,
  podReady,
  podsOf,
  rolloutEvidence,
  rolloutStatus,
} from '../../release/rollout-wait.ts';
import type { Check, CheckResult, GateTarget } from '../types.ts';

export interface RolloutCheckSettings {
  name?: string | undefined;
  maxRestarts: number;
}

export function rolloutCheck(
  cluster: Cluster,
  target: GateTarget,
  settings: RolloutCheckSettings,
): Check {
  const deployment = releaseNames(target.app).deployment(target.color);
  const name = settings.name ?? `rollout of ${deployment}`;
  // Restarts count from the first round: those before the gate were judged by the deploy.
  let restartsAtStart: number | undefined;

  return {
    name,
    kind: 'rollout',
    async run(round): Promise<CheckResult> {
      const d = await cluster.get<V1Deployment>(
        {
          apiVersion: 'apps/v1',
          kind: 'Deployment',
          namespace: target.namespace,
          name: deployment,
        },
        { signal: round.signal },
      );
      if (!d)
        return {
          name,
          kind: 'rollout',
          status: 'fail',
          summary: `Deployment ${target.namespace}/${deployment} does not exist`,
          values: {},
        };
      const pods = await podsOf(cluster, d);
      const restarts = pods.reduce((n, p) => n + podRestarts(p), 0);
      restartsAtStart ??= restarts;
      const st = rolloutStatus(d);
      const s = d.status ?? {};
      const wanted = d.spec?.replicas ?? 1;
      const observed = (s.observedGeneration ?? 0) >= (d.metadata?.generation ?? 1);
      const stuck = pods.flatMap((p) => {
        const why = podStuck(p);
        return why ? [`pod ${p.metadata?.name}: ${why}`] : [];
      });
      const newRestarts = restarts - restartsAtStart;
      const values = {
        wanted,
        updated: s.updatedReplicas ?? 0,
        ready: s.readyReplicas ?? 0,
        available: s.availableReplicas ?? 0,
        restarts: newRestarts,
        stuck: stuck.length,
      };
      const problems = [
        ...(observed ? [] : [`generation ${d.metadata?.generation} not observed yet`]),
        ...(st.failure ? [st.failure] : []),
        ...(st.done ? [] : [`${values.available}/${wanted} available, ${values.updated} updated`]),
        ...(newRestarts > settings.maxRestarts
          ? [`${newRestarts} restarts during the gate (at most ${settings.maxRestarts})`]
          : []),
        ...stuck,
      ];
      const counts = `${values.ready}/${wanted} ready, ${values.updated} updated, ${values.available} available, ${newRestarts} restarts`;
      if (problems.length === 0)
        return { name, kind: 'rollout', status: 'pass', summary: counts, values };
      const evidence = await rolloutEvidence(cluster, d, pods);
      return {
        name,
        kind: 'rollout',
        status: 'fail',
        summary: `${problems[0]}${problems.length > 1 ? ` (+${problems.length - 1} more)` : ''}; ${counts}`,
        values,
        detail: [...problems, ...evidence.map((e) => `${e.path}: ${e.message}`)],
      };
    },
  };
}

const podRestarts = (p: V1Pod): number =>
  (p.status?.containerStatuses ?? []).reduce((n, c) => n + (c.restartCount ?? 0), 0);

/** Why a pod is stuck: a container that cannot start, no node for it, or not ready. */
function podStuck(p: V1Pod): string | undefined {
  if (p.metadata?.deletionTimestamp) return undefined;
  const container = containerStuck(p);
  if (container) return container;
  const scheduled = p.status?.conditions?.find((c) => c.type === 'PodScheduled');
  if (scheduled?.status === 'False')
    return `not scheduled: ${scheduled.reason ?? ''}${scheduled.message ? ` (${scheduled.message})` : ''}`;
  if (!podReady(p)) {
    const ready = p.status?.conditions?.find((c) => c.type === 'Ready');
    return `not ready${ready?.reason ? `: ${ready.reason}` : ''}${ready?.message ? ` (${ready.message})` : ''}`;
  }
  return undefined;
}
