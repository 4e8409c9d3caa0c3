import type { CutoverConfig, Tenant } from './schema/index.ts';
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
  const t = findTenant(config, tenant);
  if (t.namespace) return t.namespace;
  return renderTemplate(config.isolation.namespaceTemplate, {
    app: config.app.name,
    tenant: tenantUnit(t),
    ring: t.ring,
  });
}

/**
 * The host a tenant is served at (`routing.host` rendered with {app}, {tenant} as the tenant
 * id, {ring}), or undefined when the config sets no host.
 */
export function renderHost(config: CutoverConfig, tenant: TenantRef | string): string | undefined {
  if (config.routing.host === undefined) return undefined;
  const t = findTenant(config, tenant);
  return renderTemplate(config.routing.host, { app: config.app.name, tenant: t.id, ring: t.ring });
}
