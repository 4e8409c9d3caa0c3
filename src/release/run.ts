/**
 * Runs one release operation over the selected tenants, ring by ring: the router's kind
 * and the workload are checked before anything is written, pinned tenants are skipped,
 * and each tenant is worked on under its Lease, so two runs never interleave on it.
 */
import type { V1PodTemplateSpec } from '@kubernetes/client-node';
import { resolve, dirname } from 'node:path';
import type { CutoverConfig } from '../config/index.ts';
import { CutoverError } from '../errors.ts';
import type { Cluster } from '../kube/cluster.ts';
import { acquireLease, defaultHolder } from '../kube/lease.ts';
import { checkRouterServed, routerFor } from '../routing/index.ts';
import { runInRings, type RingResult } from '../tenancy/rings.ts';
import { tenantUnits, type TenantUnit } from '../tenancy/units.ts';
import { tenantContext, type TenantContext } from './tenant.ts';
import { loadWorkload, podTemplate } from './workload.ts';

export interface ReleaseRunOptions {
  cluster: Cluster;
  config: CutoverConfig;
  /** The config file: `app.workload` is relative to it. */
  configFile: string;
  /** A workload manifest given to this run, instead of `app.workload`. */
  workloadFile?: string | undefined;
  /** Tenant ids (or group names) to act on; default all. */
  tenants?: string[] | undefined;
  /** Only this ring. */
  ring?: string | undefined;
  /** Stop the later rings when a tenant fails (rollouts do; a rollback goes on). */
  haltOnFailure?: boolean;
  by?: string;
  leaseWaitMs?: number;
  progress: (message: string) => void;
  signal?: AbortSignal;
}

export type TenantOutcome<R> = RingResult<TenantUnit, R>;

export type TenantOp<R> = (
  ctx: TenantContext,
  template: () => Promise<V1PodTemplateSpec>,
) => Promise<R>;

export async function runReleaseOp<R>(
  o: ReleaseRunOptions,
  op: TenantOp<R>,
): Promise<TenantOutcome<R>[]> {
  const { cluster, config } = o;
  const units = selectUnits(config, o.tenants, o.ring);
  await checkRouterServed(cluster, config.routing.method);
  const workload =
    o.workloadFile ??
    (config.app.workload ? resolve(dirname(o.configFile), config.app.workload) : undefined);
  const base = workload
    ? await loadWorkload(workload, o.workloadFile ? 'workload' : 'app.workload')
    : undefined;
  const by = o.by ?? defaultHolder();

  const pinned = new Map<string, string>();
  for (const u of units) {
    const pin = config.tenants.find((t) => t.id === u.tenants[0])?.version;
    if (pin) pinned.set(u.id, pin);
  }
  const rings = config.rings
    .map((r) => ({
      name: r.name,
      concurrency: r.concurrency,
      items: units.filter((u) => u.ring === r.name && !pinned.has(u.id)),
    }))
    .filter((r) => r.items.length > 0);

  const results = await runInRings(
    rings,
    async (unit) => {
      // Each tenant counts its own requests (its result's `writes`); the run's cluster sees all.
      const own = cluster.counted();
      const ctx = tenantContext({
        cluster: own,
        config,
        router: routerFor(own, config.routing),
        unit,
        by,
        progress: o.progress,
        signal: o.signal,
      });
      const template = () =>
        Promise.resolve(
          podTemplate(base, {
            name: config.app.name,
            port: config.app.port,
            env: ctx.env,
            resources: ctx.resources,
          }),
        );
      const lease = await acquireLease(own, {
        namespace: unit.namespace,
        name: ctx.names.lease,
        holder: by,
        waitTimeoutMs: o.leaseWaitMs ?? 300_000,
        onWait: (holder, ms) =>
          o.progress(
            `[${unit.ring}] ${unit.id}: waiting for ${holder} (lease expires in ${Math.ceil(ms / 1000)} s at most)`,
          ),
        ...(o.signal ? { signal: o.signal } : {}),
      });
      try {
        return await op(
          { ...ctx, signal: o.signal ? AbortSignal.any([o.signal, lease.lost]) : lease.lost },
          template,
        );
      } finally {
        await lease.release();
      }
    },
    { haltOnFailure: o.haltOnFailure ?? true },
  );
  const skipped: TenantOutcome<R>[] = units
    .filter((u) => pinned.has(u.id))
    .map((u) => ({
      ring: u.ring,
      item: u,
      status: 'skipped',
      reason: `pinned to ${pinned.get(u.id)}`,
    }));
  const order = new Map(units.map((u, i) => [u.id, i]));
  return [...results, ...skipped].sort((a, b) => order.get(a.item.id)! - order.get(b.item.id)!);
}

/** The units named by `tenants` (ids or group names) and `ring`; an unknown name is an error. */
export function selectUnits(
  config: CutoverConfig,
  tenants: string[] | undefined,
  ring: string | undefined,
): TenantUnit[] {
  const all = tenantUnits(config);
  if (ring !== undefined && !config.rings.some((r) => r.name === ring))
    throw new CutoverError('INPUT_INVALID', `ring \`${ring}\` is not in the config`, {
      hint: `rings: ${config.rings.map((r) => r.name).join(', ')}`,
    });
  const wanted = tenants?.filter((t) => t !== 'all');
  if (wanted && wanted.length > 0) {
    const known = new Set(all.flatMap((u) => [u.id, ...u.tenants]));
    const unknown = wanted.filter((t) => !known.has(t));
    if (unknown.length > 0)
      throw new CutoverError(
        'INPUT_INVALID',
        `tenants: ${unknown.map((t) => `\`${t}\``).join(', ')} not in the config`,
        {
          hint: `tenant ids: ${config.tenants.map((t) => t.id).join(', ')}`,
        },
      );
  }
  // A unit's ring is the ring of its tenants (the loader checks a group agrees on it).
  return all.filter(
    (u) =>
      (!ring || u.ring === ring) &&
      (!wanted?.length || wanted.includes(u.id) || u.tenants.some((t) => wanted.includes(t))),
  );
}
