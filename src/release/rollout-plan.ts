import type { CutoverConfig } from '../config/index.ts';
import { renderHosts, renderNamespace } from '../config/index.ts';
import { renderTemplate } from '../config/templates.ts';

/** The order a rollout takes: rings in config order, each ring's tenants and traffic steps. */
export interface RolloutPlan {
  app: string;
  image: string | undefined;
  method: string;
  steps: number[];
  rings: RingPlan[];
  /** Where the release can be seen: the environment's URL at its first moving tenant. */
  url: string | undefined;
}

export interface RingPlan {
  name: string;
  concurrency: number;
  pauseForApproval: boolean;
  /** The GitHub environment the ring deploys in, when it names one. */
  environment: string | undefined;
  /** The environment's URL at the ring's first moving tenant. */
  url: string | undefined;
  tenants: TenantPlan[];
}

export interface TenantPlan {
  id: string;
  namespace: string;
  tier: string;
  /** Set when the tenant pins a version: the rollout leaves it where it is. */
  pinned: string | undefined;
  steps: number[];
}

/**
 * `urlTemplate`: the environment's `url` ({app}, {tenant}, {ring}); without one, the
 * tenant's first host over https, when the router names hosts.
 */
export function buildRolloutPlan(
  config: CutoverConfig,
  image?: string,
  urlTemplate?: string,
): RolloutPlan {
  const steps = [...config.routing.steps];
  const urlOf = (tenant: CutoverConfig['tenants'][number] | undefined) => {
    if (!tenant) return undefined;
    if (urlTemplate)
      return renderTemplate(urlTemplate, {
        app: config.app.name,
        tenant: tenant.id,
        ring: tenant.ring,
      });
    const host = renderHosts(config, tenant)[0];
    return host ? `https://${host}` : undefined;
  };
  const moving = config.tenants.filter((t) => !t.version);
  return {
    app: config.app.name,
    image: image ?? configImage(config),
    method: config.routing.method,
    steps,
    url: urlOf(moving[0]),
    rings: config.rings.map((ring) => ({
      name: ring.name,
      concurrency: ring.concurrency,
      pauseForApproval: ring.pauseForApproval,
      environment: ring.environment,
      url: urlOf(moving.find((t) => t.ring === ring.name)),
      tenants: config.tenants
        .filter((t) => t.ring === ring.name)
        .map((t) => ({
          id: t.id,
          namespace: renderNamespace(config, t),
          tier: t.tier,
          pinned: t.version,
          steps: t.version ? [] : steps,
        })),
    })),
  };
}

/**
 * One job of the cd workflow's ring matrix: a ring's traffic step, gated. The first phase of
 * a ring also deploys the new color; the phase after the first step (testers and a slice of
 * traffic on the new version) waits for approval when the ring asks for one.
 */
export interface WorkflowPhase {
  name: string;
  ring: string;
  weight: number;
  deploy: boolean;
  approval: boolean;
  environment: string | undefined;
  url: string | undefined;
}

/** The rings' phases in order; a ring whose tenants all pin a version has none. */
export function workflowPhases(plan: RolloutPlan): WorkflowPhase[] {
  const last = plan.steps.length - 1;
  return plan.rings
    .filter((ring) => ring.tenants.some((t) => !t.pinned))
    .flatMap((ring) =>
      plan.steps.map((weight, i) => ({
        name: `${ring.name} ${weight}%`,
        ring: ring.name,
        weight,
        deploy: i === 0,
        // With a single step (straight to 100%) the approval comes before the ring starts.
        approval: ring.pauseForApproval && i === Math.min(1, last),
        environment: ring.environment,
        url: ring.url,
      })),
    );
}

export function configImage(config: CutoverConfig): string | undefined {
  const { repository, tag, digest } = config.image;
  if (digest) return `${repository}@${digest}`;
  if (tag) return `${repository}:${tag}`;
  return undefined;
}

export function movingTenantCount(plan: RolloutPlan): number {
  return plan.rings.reduce((n, r) => n + r.tenants.filter((t) => !t.pinned).length, 0);
}

/** Rows for a table: one per tenant, in rollout order. */
export function planRows(plan: RolloutPlan): string[][] {
  return plan.rings.flatMap((ring, i) =>
    ring.tenants.map((t) => [
      `${i + 1}. ${ring.name}`,
      t.id,
      t.namespace,
      t.tier,
      t.pinned ? `pinned at ${t.pinned}` : t.steps.map((s) => `${s}%`).join(' → '),
    ]),
  );
}

export const planHeaders = ['ring', 'tenant', 'namespace', 'tier', 'traffic steps'];
