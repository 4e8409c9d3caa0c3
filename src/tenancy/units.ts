import type { CutoverConfig, Tenant, Tier } from '../config/index.ts';
import { renderNamespace, tenantUnit } from '../config/index.ts';

/**
 * What provisioning works on: one namespace and the tenants in it. A tenant alone is its
 * own unit; the tenants of a `group` share one.
 */
export interface TenantUnit {
  /** The tenant id, or the group name for a shared namespace. */
  id: string;
  namespace: string;
  /** The earliest ring of its tenants: a shared namespace is provisioned with its first tenant. */
  ring: string;
  tierName: string;
  tier: Tier;
  tenants: string[];
  labels: Record<string, string>;
}

export function tenantUnits(config: CutoverConfig): TenantUnit[] {
  const ringOrder = new Map(config.rings.map((r, i) => [r.name, i]));
  const units = new Map<string, TenantUnit>();
  for (const t of config.tenants) {
    const id = tenantUnit(t);
    const existing = units.get(id);
    if (existing) {
      existing.tenants.push(t.id);
      if (ringOrder.get(t.ring)! < ringOrder.get(existing.ring)!) existing.ring = t.ring;
      Object.assign(existing.labels, t.labels ?? {});
      continue;
    }
    units.set(id, {
      id,
      namespace: renderNamespace(config, t),
      ring: t.ring,
      tierName: t.tier,
      tier: tierOf(config, t),
      tenants: [t.id],
      labels: { ...(t.labels ?? {}) },
    });
  }
  return [...units.values()];
}

function tierOf(config: CutoverConfig, t: Tenant): Tier {
  // The loader has checked that every tenant names a tier that exists.
  return config.isolation.tiers[t.tier]!;
}
