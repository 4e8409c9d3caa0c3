/**
 * Waits until a Deployment's new pods are all ready, showing `ready x/y`, and fails early
 * and specifically: progress deadline exceeded, pods refused (quota), crash loops. The
 * failure carries the Deployment's conditions and the recent events of its pods.
 */
import type { CoreV1Event, V1Deployment, V1Pod } from '@kubernetes/client-node';
import { CutoverError, type ErrorDetail } from '../errors.ts';
import type { Cluster } from '../kube/cluster.ts';
import { sleep } from '../kube/retry.ts';
import { selectorOf } from '../tenancy/labels.ts';

export interface WaitOptions {
  timeoutMs: number;
  pollMs?: number;
  onProgress?: (ready: number, wanted: number) => void;
  signal?: AbortSignal;
}

export interface RolloutStatus {
  done: boolean;
  ready: number;
  wanted: number;
  /** Set when the rollout cannot finish by waiting. */
  failure?: string;
}

export function rolloutStatus(d: V1Deployment): RolloutStatus {
  const wanted = d.spec?.replicas ?? 1;
  const s = d.status ?? {};
  const ready = Math.min(s.updatedReplicas ?? 0, s.availableReplicas ?? 0);
  const observed = (s.observedGeneration ?? 0) >= (d.metadata?.generation ?? 1);
  const cond = (type: string) => s.conditions?.find((c) => c.type === type);
  const progressing = cond('Progressing');
  if (
    observed &&
    progressing?.status === 'False' &&
    progressing.reason === 'ProgressDeadlineExceeded'
  )
    return {
      done: false,
      ready,
      wanted,
      failure: `progress deadline exceeded: ${progressing.message ?? ''}`.trim(),
    };
  const replicaFailure = cond('ReplicaFailure');
  if (replicaFailure?.status === 'True')
    return {
      done: false,
      ready,
      wanted,
      failure: `pods were refused: ${replicaFailure.message ?? replicaFailure.reason ?? ''}`.trim(),
    };
  const done =
    observed &&
    (s.updatedReplicas ?? 0) === wanted &&
    (s.replicas ?? 0) === wanted &&
    (s.availableReplicas ?? 0) === wanted;
  return { done, ready, wanted };
}

export async function waitForRollout(
  cluster: Cluster,
  ref: { namespace: string; name: string },
  opts: WaitOptions,
): Promise<void> {
  const deadline = Date.now() + opts.timeoutMs;
  const dRef = { apiVersion: 'apps/v1', kind: 'Deployment', ...ref };
  let last = '';
  for (;;) {
    const d = await cluster.get<V1Deployment>(dRef, { signal: opts.signal });
    if (!d)
      throw new CutoverError(
        'ROLLOUT_FAILED',
        `Deployment ${ref.namespace}/${ref.name} disappeared during its rollout`,
      );
    const st = rolloutStatus(d);
    const shown = `${st.ready}/${st.wanted}`;
    if (shown !== last) opts.onProgress?.(st.ready, st.wanted);
    last = shown;
    if (st.done) return;
    const crash = st.failure ? undefined : await crashLooping(cluster, d);
    const failure =
      st.failure ??
      crash ??
      (Date.now() >= deadline
        ? `not ready after ${Math.round(opts.timeoutMs / 1000)} s (${shown} ready)`
        : undefined);
    if (failure) throw await rolloutError(cluster, d, failure);
    await sleep(opts.pollMs ?? 1000, opts.signal);
  }
}

export async function podsOf(cluster: Cluster, d: V1Deployment): Promise<V1Pod[]> {
  const selector = selectorOf(d.spec?.selector?.matchLabels ?? {});
  return cluster.list<V1Pod>('v1', 'Pod', {
    namespace: d.metadata!.namespace!,
    labelSelector: selector,
  });
}

async function crashLooping(cluster: Cluster, d: V1Deployment): Promise<string | undefined> {
  if ((d.status?.unavailableReplicas ?? 0) === 0) return undefined;
  for (const pod of await podsOf(cluster, d)) {
    const why = containerStuck(pod);
    if (why) return `pod ${pod.metadata?.name} ${why}`;
  }
  return undefined;
}

/** Waiting reasons no wait will end: the pod needs a fix first. */
const STUCK_WAITING = new Set([
  'CrashLoopBackOff',
  'ImagePullBackOff',
  'ErrImagePull',
  'CreateContainerConfigError',
]);

/** `container web: CrashLoopBackOff (back-off 10s ...)` when a container of the pod is stuck. */
export function containerStuck(pod: V1Pod): string | undefined {
  for (const c of pod.status?.containerStatuses ?? []) {
    const why = c.state?.waiting?.reason;
    if (why && STUCK_WAITING.has(why))
      return `container ${c.name}: ${why}${c.state?.waiting?.message ? ` (${c.state.waiting.message})` : ''}`;
  }
  return undefined;
}

/** The error, with the Deployment's conditions and the last events of it, its ReplicaSets and pods. */
export async function rolloutError(
  cluster: Cluster,
  d: V1Deployment,
  failure: string,
): Promise<CutoverError> {
  const ns = d.metadata!.namespace!;
  const name = d.metadata!.name!;
  return new CutoverError('ROLLOUT_FAILED', `Deployment ${ns}/${name}: ${failure}`, {
    details: await rolloutEvidence(cluster, d),
    hint: 'look at the pods (`kubectl describe pod`, `kubectl logs`); traffic was not moved to this color',
  });
}

/**
 * The Deployment's conditions, the last events of it, its ReplicaSets and pods, and which
 * pods are not ready. Best effort: the diagnosis must never hide the failure it explains.
 */
export async function rolloutEvidence(
  cluster: Cluster,
  d: V1Deployment,
  pods?: V1Pod[],
): Promise<ErrorDetail[]> {
  const ns = d.metadata!.namespace!;
  const name = d.metadata!.name!;
  const details: ErrorDetail[] = (d.status?.conditions ?? []).map((c) => ({
    path: `condition ${c.type}`,
    message: `${c.status}${c.reason ? ` ${c.reason}` : ''}${c.message ? `: ${c.message}` : ''}`,
  }));
  try {
    const own = pods ?? (await podsOf(cluster, d));
    const related = new Set([name, ...own.map((p) => p.metadata!.name!)]);
    const events = (await cluster.list<CoreV1Event>('v1', 'Event', { namespace: ns }))
      .filter(
        (e) =>
          related.has(e.involvedObject.name ?? '') ||
          (e.involvedObject.name ?? '').startsWith(`${name}-`),
      )
      .sort((a, b) => eventTime(a) - eventTime(b))
      .slice(-8);
    for (const e of events)
      details.push({
        path: `event ${e.involvedObject.kind}/${e.involvedObject.name}`,
        message: `${e.type ?? ''} ${e.reason ?? ''}: ${e.message ?? ''}`.trim(),
      });
    const unready = own.filter((p) => !podReady(p));
    if (unready.length > 0)
      details.push({
        path: 'pods',
        message: `${unready.length} of ${own.length} not ready: ${unready
          .slice(0, 5)
          .map((p) => p.metadata?.name)
          .join(', ')}`,
      });
  } catch {
    // The diagnosis is a courtesy: the failure itself is what must be reported.
  }
  return details;
}

export const podReady = (p: V1Pod): boolean =>
  p.status?.conditions?.find((c) => c.type === 'Ready')?.status === 'True';

function eventTime(e: CoreV1Event): number {
  const t = e.lastTimestamp ?? e.eventTime ?? e.metadata?.creationTimestamp;
  return t ? new Date(t as unknown as string).getTime() : 0;
}
