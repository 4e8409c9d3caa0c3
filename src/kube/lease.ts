import type { KubernetesObject } from '@kubernetes/client-node';
import { hostname } from 'node:os';
import { CutoverError } from '../errors.ts';
import type { Cluster } from './cluster.ts';
import { sleep } from './retry.ts';

/**
 * A per-tenant lock: a coordination.k8s.io Lease in the tenant's namespace. One run holds
 * it while it works on the tenant and renews it; another run waits for it, and takes it
 * over only once the holder stopped renewing (a job killed mid-run). Every change is an
 * update guarded by resourceVersion, so two runs never both believe they hold it.
 */
export interface LeaseOptions {
  namespace: string;
  /** Default `cutover-<app>`. */
  name: string;
  /** Who holds it: a run URL in Actions, host and pid in a terminal. */
  holder?: string;
  /** How long the lease lasts without renewal (default 30 s); renewed every third of it. */
  durationSeconds?: number;
  /** How long to wait for another holder before failing (default 5 min). */
  waitTimeoutMs?: number;
  /** Told while waiting for another holder. */
  onWait?: (holder: string, expiresInMs: number) => void;
  signal?: AbortSignal;
}

export interface HeldLease {
  readonly holder: string;
  /** Aborted when the lease was lost (taken over, deleted): stop writing at once. */
  readonly lost: AbortSignal;
  release(): Promise<void>;
}

interface LeaseObject extends KubernetesObject {
  spec?: {
    holderIdentity?: string;
    leaseDurationSeconds?: number;
    acquireTime?: string;
    renewTime?: string;
    leaseTransitions?: number;
  };
}

/** The identity of this run: the Actions run (and attempt, and job), or host and pid. */
export function defaultHolder(env: NodeJS.ProcessEnv = process.env): string {
  if (env.GITHUB_SERVER_URL && env.GITHUB_REPOSITORY && env.GITHUB_RUN_ID) {
    const attempt = env.GITHUB_RUN_ATTEMPT ? `/attempts/${env.GITHUB_RUN_ATTEMPT}` : '';
    const job = env.GITHUB_JOB ? `#${env.GITHUB_JOB}` : '';
    return `${env.GITHUB_SERVER_URL}/${env.GITHUB_REPOSITORY}/actions/runs/${env.GITHUB_RUN_ID}${attempt}${job}`;
  }
  return `${hostname()}:${process.pid}`;
}

/** MicroTime as the API server writes it: RFC 3339 with microseconds. */
const microTime = (ms: number) => new Date(ms).toISOString().replace(/Z$/, '000Z');

export async function acquireLease(cluster: Cluster, opts: LeaseOptions): Promise<HeldLease> {
  const holder = opts.holder ?? defaultHolder();
  const duration = opts.durationSeconds ?? 30;
  const ref = {
    apiVersion: 'coordination.k8s.io/v1',
    kind: 'Lease',
    namespace: opts.namespace,
    name: opts.name,
  };
  const deadline = Date.now() + (opts.waitTimeoutMs ?? 300_000);
  let current: LeaseObject;
  for (let attempt = 0; ; attempt++) {
    opts.signal?.throwIfAborted();
    const taken = await tryTake(cluster, ref, holder, duration, attempt === 0);
    if (taken.ok) {
      current = taken.lease;
      break;
    }
    const other = taken.lease?.spec?.holderIdentity ?? 'another run';
    const expiresIn = taken.lease ? expiresAt(taken.lease) - Date.now() : 0;
    if (Date.now() >= deadline) {
      throw new CutoverError(
        'LEASE_HELD',
        `Lease ${opts.namespace}/${opts.name} is held by ${other}; waited ${Math.round((opts.waitTimeoutMs ?? 300_000) / 1000)} s`,
        {
          hint: `another cutover run is working on this tenant; wait for it to end, or, if it died, the lease expires ${Math.max(0, Math.ceil(expiresIn / 1000))} s after its last renewal`,
        },
      );
    }
    opts.onWait?.(other, expiresIn);
    await sleep(Math.min(1_000, Math.max(100, expiresIn)), opts.signal);
  }

  const lost = new AbortController();
  let released = false;
  const renew = async () => {
    try {
      current = await cluster.replace<LeaseObject>({
        ...current,
        spec: { ...current.spec, renewTime: microTime(Date.now()) },
      });
    } catch (e) {
      if (released) return;
      // Lost to a conflict means someone else changed it: it is no longer ours.
      if (e instanceof CutoverError && (e.code === 'CLUSTER_CONFLICT' || e.httpStatus === 404))
        lost.abort(
          new CutoverError(
            'LEASE_LOST',
            `Lease ${opts.namespace}/${opts.name} was taken by another run`,
            {
              hint: 'another run took over this tenant; re-run once it is done',
            },
          ),
        );
      // Other failures are retried on the next tick; the lease lasts three ticks.
    }
  };
  const timer = setInterval(() => void renew(), (duration * 1000) / 3);
  timer.unref();
  return {
    holder,
    lost: lost.signal,
    async release() {
      released = true;
      clearInterval(timer);
      if (lost.signal.aborted) return;
      // Only our own version is deleted: a lease someone took over stays theirs.
      await cluster
        .delete(ref, { resourceVersion: current.metadata!.resourceVersion! })
        .catch((e: unknown) => {
          if (!(e instanceof CutoverError && e.code === 'CLUSTER_CONFLICT')) throw e;
        });
    },
  };
}

type TakeResult = { ok: true; lease: LeaseObject } | { ok: false; lease: LeaseObject | undefined };

/** One try: create it, renew our own, or take over an expired one; else report the holder. */
async function tryTake(
  cluster: Cluster,
  ref: { apiVersion: string; kind: string; namespace: string; name: string },
  holder: string,
  duration: number,
  assumeFree = false,
): Promise<TakeResult> {
  const now = Date.now();
  // A released lease is deleted, so the first try just creates it: a read only on conflict.
  const live = assumeFree ? undefined : await cluster.get<LeaseObject>(ref);
  try {
    if (!live) {
      const lease = await cluster.create<LeaseObject>({
        apiVersion: ref.apiVersion,
        kind: ref.kind,
        metadata: {
          name: ref.name,
          namespace: ref.namespace,
          labels: { 'app.kubernetes.io/managed-by': 'cutover' },
        },
        spec: {
          holderIdentity: holder,
          leaseDurationSeconds: duration,
          acquireTime: microTime(now),
          renewTime: microTime(now),
          leaseTransitions: 0,
        },
      });
      return { ok: true, lease };
    }
    const spec = live.spec ?? {};
    const ours = spec.holderIdentity === holder;
    if (!ours && spec.holderIdentity && expiresAt(live) > now) return { ok: false, lease: live };
    const lease = await cluster.replace<LeaseObject>({
      ...live,
      spec: {
        holderIdentity: holder,
        leaseDurationSeconds: duration,
        acquireTime: ours ? spec.acquireTime : microTime(now),
        renewTime: microTime(now),
        leaseTransitions: (spec.leaseTransitions ?? 0) + (ours ? 0 : 1),
      },
    });
    return { ok: true, lease };
  } catch (e) {
    // Another run created or changed it between our read and write: read again.
    if (e instanceof CutoverError && e.code === 'CLUSTER_CONFLICT')
      return assumeFree ? tryTake(cluster, ref, holder, duration) : { ok: false, lease: live };
    throw e;
  }
}

function expiresAt(lease: LeaseObject): number {
  const renewed = Date.parse(lease.spec?.renewTime ?? lease.spec?.acquireTime ?? '');
  if (Number.isNaN(renewed)) return 0;
  return renewed + (lease.spec?.leaseDurationSeconds ?? 0) * 1000;
}
