/**
 * `cutover rollout`: a whole rollout from a terminal, composed of the stage
 * implementations the way cd.yml composes the actions: ring by ring, deploy-color, then
 * testers first (weight 0, when a tester header is configured) and each of routing.steps,
 * with a health gate before each step; on any failure the ring is rolled back at once and the
 * later rings are not started. With a traffic URL (a local cluster's `--traffic`
 * entry), requests flow through the router all along and each step prints the share that
 * reached the new color.
 */
import { resolve } from 'node:path';
import { loadConfig, renderHosts, type CutoverConfig } from '../config/index.ts';
import { CutoverError, isCutoverError } from '../errors.ts';
import { deployColorStage, rollbackStage, shiftTrafficStage } from '../stages/catalog.ts';
import type { OutputSpec } from '../stages/outputs.ts';
import type { StageDef, StageInputs } from '../stages/stage.ts';
import type { InputSpec } from '../github/inputs.ts';
import { tenantUnits } from '../tenancy/units.ts';
import type { Cluster } from '../kube/cluster.ts';
import { clusterFromInputs } from '../stages/cluster-input.ts';
import { runGateOp } from '../health/run.ts';
import { roundLine, verdictRows } from '../health/report.ts';
import { defaultHolder } from '../kube/lease.ts';
import { releaseFailure } from '../release/report.ts';
import { terminalIO } from './terminal-io.ts';
import { describeSample, sample, steadyFlow } from './traffic-sampler.ts';

export interface RolloutOptions {
  config: string;
  /** An environment of the config: every stage of the rollout runs with it. */
  environment: string | undefined;
  image: string | undefined;
  workload: string | undefined;
  kubeconfigFile: string | undefined;
  context: string | undefined;
  timeout: string;
  trafficUrl: string | undefined;
  /** Requests per tenant per step for the printed share. */
  samples: number;
  out: (text: string) => void;
  err: (text: string) => void;
}

export interface TenantLine {
  ring: string;
  tenant: string;
  result: string;
  live: string;
  version: string;
}

export async function rollout(o: RolloutOptions): Promise<{ ok: boolean; lines: TenantLine[] }> {
  const file = resolve(o.config);
  const { config, environment } = await loadConfig(file, { environment: o.environment });
  const common = {
    config: o.config,
    environment: o.environment,
    kubeconfig: undefined,
    kubeconfigFile: o.kubeconfigFile,
    context: o.context,
    tenants: 'all',
  };
  const units = tenantUnits(config);
  const hostOf = (unit: string) =>
    renderHosts(config, units.find((u) => u.id === unit)!.tenants[0]!)[0];
  const hosts = units.map((u) => hostOf(u.id)).filter((h): h is string => Boolean(h));
  const flow = o.trafficUrl && hosts.length ? steadyFlow(o.trafficUrl, hosts) : undefined;
  const header = config.routing.method !== 'service' ? config.routing.testerHeader : undefined;
  const steps = [...(header ? [0] : []), ...config.routing.steps];
  const lines = new Map<string, TenantLine>();
  const cluster = clusterFromInputs(common, environment);
  let ok = true;

  const stage = async <S extends InputSpec, O extends OutputSpec>(
    def: StageDef<S, O>,
    inputs: StageInputs<S>,
  ) => {
    const io = terminalIO<O>({ out: o.err, err: o.err });
    await (await def.load()).run(inputs, io);
    return io.outputs as Record<string, unknown>;
  };
  const record = (ring: string, outputs: Record<string, unknown>, result?: string) => {
    for (const r of (outputs['tenant-results'] as
      | {
          tenant: string;
          unit: string;
          status: string;
          action?: string;
          live?: string;
          version?: string;
        }[]
      | undefined) ?? [])
      lines.set(r.tenant, {
        ring,
        tenant: r.tenant,
        result: result ?? r.action ?? r.status,
        live: r.live ?? lines.get(r.tenant)?.live ?? '',
        version: r.version ?? lines.get(r.tenant)?.version ?? '',
      });
  };

  try {
    for (const ring of config.rings) {
      const ringUnits = units.filter((u) => u.ring === ring.name);
      if (ringUnits.length === 0) continue;
      const inRing = { ...common, ring: ring.name };
      o.out(`\n== ring ${ring.name}: ${ringUnits.map((u) => u.id).join(', ')}`);
      let candidate: string | undefined;
      try {
        o.out(`-- deploy-color ${o.image ?? '(config image)'}`);
        const deployed = await stage(deployColorStage, {
          ...inRing,
          image: o.image,
          workload: o.workload,
          timeout: o.timeout,
        });
        record(ring.name, deployed);
        candidate = deployed.color as string | undefined;
        const fresh = ((deployed['tenant-results'] as { action?: string }[]) ?? []).every(
          (r) =>
            r.action === 'first-release' || r.action === 'already-live' || r.action === undefined,
        );
        if (fresh) continue;
        for (const weight of steps) {
          o.out(
            `-- health-gate, then shift-traffic ${weight}%${weight === 0 ? ' (testers only)' : ''}`,
          );
          await gateRing(o, cluster, config, ring.name, candidate);
          const shifted = await stage(shiftTrafficStage, {
            ...inRing,
            weight: String(weight),
            image: undefined,
          });
          record(ring.name, shifted);
          if (o.trafficUrl) {
            for (const u of ringUnits) {
              const host = hostOf(u.id);
              if (!host) continue;
              const s = await sample(o.trafficUrl, host, o.samples);
              let line = `   ${u.id}: ${describeSample(s, candidate)}`;
              if (header && weight < 100) {
                const t = await sample(o.trafficUrl, host, 20, { [header.name]: header.value });
                line += `; testers ${describeSample(t, candidate)}`;
              }
              o.out(line);
            }
          }
        }
      } catch (e) {
        ok = false;
        const why = isCutoverError(e) ? e.message : String(e);
        o.out(`-- ring ${ring.name} failed: ${why}`);
        o.out(`-- rollback ${ring.name} (automatic)`);
        try {
          const back = await stage(rollbackStage, {
            ...inRing,
            reason: `rollout failed: ${why}`.slice(0, 500),
            timeout: o.timeout,
            to: undefined,
          });
          record(ring.name, back);
        } catch (re) {
          o.err(`rollback failed too: ${isCutoverError(re) ? re.message : String(re)}`);
        }
        for (const later of config.rings.slice(config.rings.indexOf(ring) + 1))
          for (const u of units.filter((x) => x.ring === later.name))
            for (const t of u.tenants)
              lines.set(t, {
                ring: later.name,
                tenant: t,
                result: `not started (ring ${ring.name} failed)`,
                live: lines.get(t)?.live ?? '',
                version: lines.get(t)?.version ?? '',
              });
        break;
      }
    }
  } finally {
    if (flow) {
      const total = await flow.stop();
      o.out(
        `\nrequests through the router during the rollout: ${total.requests}, failed: ${total.failed}${total.failures.length ? ` (${total.failures.slice(0, 3).join(', ')})` : ''}`,
      );
      if (total.failed > 0) ok = false;
    }
  }
  if (lines.size === 0)
    throw new CutoverError('RELEASE_FAILED', 'the rollout did nothing: no tenant in any ring');
  return { ok, lines: [...lines.values()] };
}

/** The health gate on the ring's new color: each round printed, a failure thrown for the rollback. */
async function gateRing(
  o: RolloutOptions,
  cluster: Cluster,
  config: CutoverConfig,
  ring: string,
  color: string | undefined,
): Promise<void> {
  const outcomes = await runGateOp({
    cluster,
    config,
    ring,
    color: color === 'blue' || color === 'green' ? color : undefined,
    by: defaultHolder(),
    progress: () => {},
    onRound: (unit, round) => o.out(`   ${roundLine(unit, round)}`),
  });
  for (const row of verdictRows(outcomes)) o.out(`   gate ${row[1]}: ${row[4]}, ${row[6]}`);
  const failure = releaseFailure(outcomes, 'health-gate');
  if (failure) throw failure;
}
