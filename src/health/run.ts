/**
 * The gate over the selected tenants, ring by ring: for each tenant unit the color under
 * test (the candidate beside the live one, or the live one when there is none) is judged
 * by every configured check, round after round. A gate that does not pass stops the later
 * rings, as a failed deploy does; its evidence travels with the error.
 */
import type { V1Deployment } from '@kubernetes/client-node';
import type { CutoverConfig } from '../config/index.ts';
import { renderHosts } from '../config/index.ts';
import { CutoverError } from '../errors.ts';
import type { Cluster } from '../kube/cluster.ts';
import { VERSION_LABEL, otherColor, type Color } from '../release/names.ts';
import { selectUnits } from '../release/run.ts';
import { candidateOf, readRelease, replicasOf } from '../release/state.ts';
import { routeTarget, tenantContext } from '../release/tenant.ts';
import { routerFor } from '../routing/index.ts';
import { runInRings, type RingResult } from '../tenancy/rings.ts';
import type { TenantUnit } from '../tenancy/units.ts';
import { buildChecks, serviceFor } from './checks/index.ts';
import { runGate, type GateSchedule } from './gate.ts';
import { judgeCompares } from './judge-round.ts';
import { prometheusFor } from './prometheus/source.ts';
import type { GateResult, GateTarget, Round } from './types.ts';

export interface GateRunOptions {
  cluster: Cluster;
  config: CutoverConfig;
  tenants?: string[] | undefined;
  ring?: string | undefined;
  /** The color to judge; default the candidate, or the live color when there is none. */
  color?: Color | undefined;
  /** Changes to the config's schedule (a CLI flag, an action input). */
  schedule?: Partial<GateSchedule>;
  by: string;
  progress: (message: string) => void;
  onRound?: (unit: TenantUnit, round: Round) => void;
  signal?: AbortSignal | undefined;
}

export interface TenantGate {
  target: GateTarget;
  result: GateResult;
  /** Whether the stage takes it as passed: `pass`, or `inconclusive` with onInconclusive pass. */
  passed: boolean;
}

export type GateOutcome = RingResult<TenantUnit, TenantGate>;

/** A gate that did not pass, with its evidence: the tenant's result is failed, the rings stop. */
export class GateNotPassed extends CutoverError {
  readonly gate: TenantGate;
  constructor(gate: TenantGate) {
    super(
      'GATE_FAILED',
      `health gate ${gate.result.verdict} for the ${gate.target.color} color: ${gate.result.reason}`,
      {
        hint:
          gate.result.verdict === 'inconclusive'
            ? 'the checks could not tell (no data, no answer): look at the evidence; `health.onInconclusive: pass` lets such a gate pass'
            : 'roll back (`cutover rollback`), then look at the evidence of the failed checks',
      },
    );
    this.gate = gate;
  }
}

export function scheduleOf(
  config: CutoverConfig,
  overrides: Partial<GateSchedule> = {},
): GateSchedule {
  const h = config.health;
  return {
    initialDelayMs: h.initialDelay,
    intervalMs: h.interval,
    count: h.count,
    durationMs: h.duration,
    timeoutMs: h.timeout,
    failureLimit: h.failureLimit,
    ...overrides,
  };
}

export async function runGateOp(o: GateRunOptions): Promise<GateOutcome[]> {
  const { cluster, config } = o;
  const units = selectUnits(config, o.tenants, o.ring);
  const prometheus = prometheusFor(config, cluster);
  const schedule = scheduleOf(config, o.schedule);
  const rings = config.rings
    .map((r) => ({
      name: r.name,
      concurrency: r.concurrency,
      items: units.filter((u) => u.ring === r.name),
    }))
    .filter((r) => r.items.length > 0);

  return runInRings(rings, async (unit) => {
    const own = cluster.counted();
    const { target, service } = await gateTarget(own, config, unit, o);
    const checks = buildChecks(config, target, { cluster: own, prometheus, service });
    o.progress(
      `[${unit.ring}] ${unit.id}: gate on ${target.color} (${target.versions[target.color] ?? 'unknown version'}), ${checks.length} checks`,
    );
    const result = await runGate(checks, schedule, {
      combine: judgeCompares(config.health.judge, config.health.noData),
      onRound: (round) => o.onRound?.(unit, round),
      signal: o.signal,
    });
    const passed =
      result.verdict === 'pass' ||
      (result.verdict === 'inconclusive' && config.health.onInconclusive === 'pass');
    const gate = { target, result, passed };
    if (!passed) throw new GateNotPassed(gate);
    return gate;
  });
}

/** What a tenant's gate looks at, read from its release objects and its route. */
async function gateTarget(
  cluster: Cluster,
  config: CutoverConfig,
  unit: TenantUnit,
  o: GateRunOptions,
): Promise<{ target: GateTarget; service: string }> {
  const app = config.app.name;
  const state = await readRelease(cluster, unit.namespace, app);
  const candidate = candidateOf(state);
  const color = o.color ?? candidate ?? state.live;
  if (!color || !state.deployments[color])
    throw new CutoverError(
      'RELEASE_STATE',
      `${unit.id}: nothing to judge in ${unit.namespace}: ${color ? `no ${color} Deployment` : 'no release deployed'}`,
      { hint: 'deploy first (`cutover deploy`), or name the color to judge' },
    );
  const other = otherColor(color);
  const baseline =
    state.live && state.live !== color
      ? state.live
      : replicasOf(state.deployments[other]) > 0
        ? other
        : undefined;
  const versions: Partial<Record<Color, string>> = {};
  for (const c of [color, other] as const) {
    const v = versionOf(state.deployments[c]);
    if (v) versions[c] = v;
  }
  let weight = color === state.live ? 100 : 0;
  let testers = false;
  if (state.live && candidate) {
    const ctx = tenantContext({
      cluster,
      config,
      router: routerFor(cluster, config.routing),
      unit,
      by: o.by,
      progress: o.progress,
    });
    const route = await ctx.router.getWeights(routeTarget(ctx, state.live, candidate));
    if (route) {
      weight = color === candidate ? route.weight : 100 - route.weight;
      testers = color === candidate && route.testers;
    }
  }
  const tenant = unit.tenants[0]!;
  return {
    target: {
      unit: unit.id,
      ring: unit.ring,
      tenant,
      namespace: unit.namespace,
      app,
      color,
      baseline,
      versions,
      weight,
      testers,
      hosts: [...new Set(unit.tenants.flatMap((id) => renderHosts(config, id)))],
      runUrl: o.by,
    },
    service: serviceFor(app, color, state.previewColor),
  };
}

const versionOf = (d: V1Deployment | undefined): string | undefined =>
  d?.spec?.template?.metadata?.labels?.[VERSION_LABEL] ?? d?.metadata?.labels?.[VERSION_LABEL];
