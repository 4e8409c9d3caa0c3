import type { CutoverConfig, Tenant } from './schema/index.ts';
import { hostTemplates } from './schema/routing.ts';
import { renderTemplate } from './templates.ts';

type TenantRef = Pick<Tenant, 'id' | 'ring' | 'group' | 'namespace'>;

function findTenant(config: CutoverConfig, tenant: TenantRef | string): TenantRef {
  if (typeof tenant !== 'string') return tenant;
  const t = config.tenants.find((x) => x.id === tenant);
  if (!t) throw new Error(`renderNamespace: no tenant \`${tenant}\` in the config`);
  return t;
}

/**
 * The deployment unit of a tenant: its group when it has one (the tenants of a group share
 * a namespace and a deployment), else its id. `{tenant}` in templates renders to this.
 */
export function tenantUnit(tenant: Pick<Tenant, 'id' | 'group'>): string {
  return tenant.group ?? tenant.id;
}

/**
 * The namespace a tenant deploys into: its explicit `namespace`, else
 * `isolation.namespaceTemplate` with {app}, {tenant} (the group, when it has one) and {ring}.
 * The loader has checked that every tenant's namespace is a valid, non-colliding name.
 */
export function renderNamespace(config: CutoverConfig, tenant: TenantRef | string): string {
  return namespaceFor(
    findTenant(config, tenant),
    config.isolation.namespaceTemplate,
    config.app.name,
  );
}

/** The one rule for a tenant's namespace, also used by the cross-checks on the raw file. */
export function namespaceFor(
  t: { id: string; ring: string; group?: string; namespace?: string },
  template: string,
  app: string,
): string {
  if (t.namespace) return t.namespace;
  return renderTemplate(template, { app, tenant: tenantUnit(t), ring: t.ring });
}

/**
 * The hosts a tenant is served at: the router's host templates (`routing.host`,
 * `hostnames` or `hosts`) rendered with {app}, {tenant} as the tenant id, and {ring}. Empty
 * when the router sets none.
 */
export function renderHosts(config: CutoverConfig, tenant: TenantRef | string): string[] {
  const t = findTenant(config, tenant);
  return hostTemplates(config.routing).map((h) =>
    renderTemplate(h, { app: config.app.name, tenant: t.id, ring: t.ring }),
  );
}
