/**
 * The checks that span fields: names that must exist or be unique, namespaces after
 * templating, routing settings that go with a method, resources that must fit a quota.
 *
 * They read the raw document (not the parsed config) so they run even when some other part
 * of the file is invalid, and the user gets every problem in one pass. Each check looks only
 * at values of the right type and leaves anything else to the schema's own messages.
 */
import { isRecord, type ConfigIssue, type Path } from './issues.ts';
import { APP_NAME_MAX, DEFAULT_NAMESPACE_TEMPLATE } from './schema/index.ts';
import { namespaceFor } from './namespace.ts';
import { hostTemplates } from './schema/routing.ts';
import { didYouMean } from './suggest.ts';
import { checkTemplateProblem, renderTemplate, templateProblem } from './templates.ts';
import {
  DNS1035_LABEL,
  DNS1123_LABEL,
  MAX_LABEL_LENGTH,
  isDns1123Label,
  parseDuration,
  parseQuantity,
} from './units.ts';

type Raw = Record<string, unknown>;

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
const obj = (v: unknown): Raw | undefined => (isRecord(v) ? v : undefined);
const list = (v: unknown): unknown[] | undefined => (Array.isArray(v) ? v : undefined);
const int = (v: unknown): number | undefined =>
  typeof v === 'number' && Number.isInteger(v) ? v : undefined;
const quantity = (v: unknown): number | undefined =>
  typeof v === 'string' || typeof v === 'number' ? parseQuantity(v) : undefined;
const code = (s: string) => `\`${s}\``;

interface TenantView {
  index: number;
  raw: Raw;
  id?: string;
  ring?: string;
  tier?: string;
  group?: string;
  namespace?: string;
  version?: string;
}

export function crossChecks(root: Raw): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  const add = (path: Path, message: string, hint?: string) => issues.push({ path, message, hint });

  const rawRings = list(root.rings);
  const rawTenants = list(root.tenants);
  const isolation = obj(root.isolation);
  const tiers = obj(isolation?.tiers);
  const app = obj(root.app);
  const routing = root.routing === undefined ? {} : obj(root.routing);
  const health = root.health === undefined ? {} : obj(root.health);

  // Rings: unique names.
  const ringIndex = new Map<string, number>();
  rawRings?.forEach((r, i) => {
    const name = str(obj(r)?.name);
    if (name === undefined) return;
    const first = ringIndex.get(name);
    if (first !== undefined) {
      add(
        ['rings', i, 'name'],
        `duplicate ring name ${code(name)}: rings[${first}] has it too`,
        'give each ring its own name',
      );
    } else ringIndex.set(name, i);
  });

  // Tenants: unique ids; ring and tier exist.
  const tenants: TenantView[] = [];
  rawTenants?.forEach((t, index) => {
    const raw = obj(t);
    if (!raw) return;
    tenants.push({
      index,
      raw,
      id: str(raw.id),
      ring: str(raw.ring),
      tier: str(raw.tier),
      group: str(raw.group),
      namespace: str(raw.namespace),
      version: str(raw.version),
    });
  });
  const tenantIndex = new Map<string, number>();
  for (const t of tenants) {
    if (t.id === undefined) continue;
    const first = tenantIndex.get(t.id);
    if (first !== undefined) {
      add(
        ['tenants', t.index, 'id'],
        `duplicate tenant id ${code(t.id)}: tenants[${first}] has it too`,
        'tenant ids are unique',
      );
    } else tenantIndex.set(t.id, t.index);
  }
  const ringsKnown =
    rawRings !== undefined && rawRings.every((r) => str(obj(r)?.name) !== undefined);
  if (ringsKnown) {
    const names = [...ringIndex.keys()];
    for (const t of tenants) {
      if (t.ring !== undefined && !ringIndex.has(t.ring)) {
        add(
          ['tenants', t.index, 'ring'],
          `expected the name of a ring (${names.map(code).join(', ')}), found ${code(t.ring)}`,
          didYouMean(t.ring, names) ?? 'add the ring under `rings`, or use one of the names there',
        );
      }
    }
  }
  if (tiers) {
    const names = Object.keys(tiers);
    for (const t of tenants) {
      if (t.tier !== undefined && !Object.hasOwn(tiers, t.tier)) {
        add(
          ['tenants', t.index, 'tier'],
          `expected the name of a tier in isolation.tiers (${names.map(code).join(', ')}), found ${code(t.tier)}`,
          didYouMean(t.tier, names) ??
            'add the tier under `isolation.tiers`, or use one of the names there',
        );
      }
    }
  }
  // Every ring deploys someone (only when every tenant's ring could be read).
  if (
    rawTenants &&
    tenants.length === rawTenants.length &&
    tenants.every((t) => t.ring !== undefined)
  ) {
    const used = new Set(tenants.map((t) => t.ring));
    for (const [name, i] of ringIndex) {
      if (!used.has(name)) {
        add(
          ['rings', i, 'name'],
          `ring ${code(name)} has no tenants`,
          `give some tenants \`ring: ${name}\`, or remove the ring`,
        );
      }
    }
  }

  const ns = namespaces(app, isolation, tenants);
  checkNamespaces(ns, tenants, add);
  checkGroups(ns.byTenant, tenants, add);
  checkRouting(routing, app, tenants, ns.byTenant, add);
  checkHealth(health, root, add);
  checkResources(app, tiers, tenants, add);

  const receivers = list(obj(root.observability)?.alertReceivers);
  const seen = new Map<string, number>();
  receivers?.forEach((r, i) => {
    const name = str(obj(r)?.name);
    if (name === undefined) return;
    if (seen.has(name))
      add(
        ['observability', 'alertReceivers', i, 'name'],
        `duplicate receiver name ${code(name)}: alertReceivers[${seen.get(name)}] has it too`,
      );
    else seen.set(name, i);
  });
  return issues;
}

type Add = (path: Path, message: string, hint?: string) => void;

interface Namespaces {
  /** The template, when it is usable. */
  template: string | undefined;
  /** Tenant index -> namespace, for the tenants whose namespace can be known. */
  byTenant: Map<number, string>;
}

/** The namespace of each tenant, when it can be known from the raw document. */
function namespaces(
  app: Raw | undefined,
  isolation: Raw | undefined,
  tenants: TenantView[],
): Namespaces {
  const appName = str(app?.name);
  const rawTemplate = isolation?.namespaceTemplate;
  const template = rawTemplate === undefined ? DEFAULT_NAMESPACE_TEMPLATE : str(rawTemplate);
  const templateOk =
    template !== undefined &&
    templateProblem(template) === undefined &&
    template.includes('{tenant}');
  const appOk =
    appName !== undefined && appName.length <= APP_NAME_MAX && DNS1035_LABEL.test(appName);
  const byTenant = new Map<number, string>();
  for (const t of tenants) {
    if (t.namespace !== undefined) {
      if (isDns1123Label(t.namespace)) byTenant.set(t.index, t.namespace);
      continue;
    }
    const unit = t.group ?? t.id;
    if (!templateOk || !appOk || unit === undefined || !isDns1123Label(unit)) continue;
    if (template.includes('{ring}') && (t.ring === undefined || !isDns1123Label(t.ring))) continue;
    byTenant.set(t.index, namespaceFor({ id: unit, ring: t.ring ?? '' }, template, appName));
  }
  return { template: templateOk ? template : undefined, byTenant };
}

function unitField(t: TenantView): 'namespace' | 'group' | 'id' {
  return t.namespace !== undefined ? 'namespace' : t.group !== undefined ? 'group' : 'id';
}

function checkNamespaces(ns: Namespaces, tenants: TenantView[], add: Add) {
  const template = ns.template;
  // The template itself: a sample rendering must be a label (else one message, not one per tenant).
  if (template !== undefined) {
    const sample = renderTemplate(template, { app: 'a', tenant: 't', ring: 'r' });
    if (!DNS1123_LABEL.test(sample)) return; // the schema reports the template
  }
  const owner = new Map<string, TenantView>();
  for (const t of tenants) {
    const name = ns.byTenant.get(t.index);
    if (name === undefined) continue;
    if (
      t.namespace === undefined &&
      (name.length > MAX_LABEL_LENGTH || !DNS1123_LABEL.test(name))
    ) {
      const field = unitField(t);
      add(
        ['tenants', t.index, field],
        `expected a namespace of at most ${MAX_LABEL_LENGTH} characters, found ${code(name)} (${name.length} characters, from isolation.namespaceTemplate ${code(template ?? '')})`,
        `shorten the tenant ${field === 'group' ? 'group' : 'id'}, use a shorter isolation.namespaceTemplate, or set \`namespace:\` on this tenant`,
      );
      continue;
    }
    const first = owner.get(name);
    if (first === undefined) {
      owner.set(name, t);
      continue;
    }
    if (first.group !== undefined && first.group === t.group) continue;
    const duplicateId =
      t.group === undefined && first.group === undefined && t.id !== undefined && t.id === first.id;
    if (duplicateId) continue; // reported as a duplicate id
    const who = (x: TenantView) =>
      x.id !== undefined ? `tenant ${code(x.id)}` : `tenants[${x.index}]`;
    add(
      ['tenants', t.index, unitField(t)],
      `namespace ${code(name)} of ${who(t)} is also the namespace of ${who(first)} (tenants[${first.index}])`,
      'tenants need their own namespaces; to share one on purpose, give both the same `group`',
    );
  }
}

function checkGroups(namespaceOf: Map<number, string>, tenants: TenantView[], add: Add) {
  const firstOfGroup = new Map<string, TenantView>();
  for (const t of tenants) {
    if (t.group === undefined) continue;
    const first = firstOfGroup.get(t.group);
    if (!first) {
      firstOfGroup.set(t.group, t);
      continue;
    }
    const other = `tenant ${code(first.id ?? `tenants[${first.index}]`)}`;
    const why = `tenants of group ${code(t.group)} share one namespace and deployment`;
    const a = namespaceOf.get(first.index);
    const b = namespaceOf.get(t.index);
    if (a !== undefined && b !== undefined && a !== b) {
      add(
        ['tenants', t.index, t.namespace !== undefined ? 'namespace' : 'group'],
        `expected namespace ${code(a)} like ${other} of the same group, found ${code(b)}`,
        `${why}: give them the same \`namespace\` (or none), and no {ring} in the template unless they share a ring`,
      );
    }
    for (const field of ['ring', 'tier', 'version'] as const) {
      if (t[field] !== first[field]) {
        const show = (v: string | undefined) => (v === undefined ? 'none' : code(v));
        add(
          ['tenants', t.index, t[field] === undefined ? 'group' : field],
          `expected ${field} ${show(first[field])} like ${other} of the same group, found ${show(t[field])}`,
          `${why}, so they need the same ${field}`,
        );
      }
    }
    if (JSON.stringify(t.raw.overrides) !== JSON.stringify(first.raw.overrides)) {
      add(
        ['tenants', t.index, t.raw.overrides === undefined ? 'group' : 'overrides'],
        `expected the same overrides as ${other} of the same group`,
        `${why}, so they need the same overrides`,
      );
    }
  }
}

/**
 * Hosts of different namespaces must differ, or their routes fight over the same host. The
 * rest of `routing` (which keys go with which method) is the schema's union.
 */
function checkRouting(
  routing: Raw | undefined,
  app: Raw | undefined,
  tenants: TenantView[],
  namespaceOf: Map<number, string>,
  add: Add,
) {
  if (!routing) return;
  const appName = str(app?.name);
  if (appName === undefined) return;
  const method = routing.method ?? 'service';
  const key = method === 'ingress-nginx' ? 'host' : method === 'istio' ? 'hosts' : 'hostnames';
  hostTemplates({ ...routing, method }).forEach((host, i) => {
    if (templateProblem(host) !== undefined) return;
    const at: Path = key === 'host' ? ['routing', key] : ['routing', key, i];
    const owner = new Map<string, { t: TenantView; ns: string }>();
    for (const t of tenants) {
      const name = namespaceOf.get(t.index);
      if (name === undefined || t.id === undefined || t.ring === undefined) continue;
      const rendered = renderTemplate(host, { app: appName, tenant: t.id, ring: t.ring });
      const first = owner.get(rendered);
      if (!first) owner.set(rendered, { t, ns: name });
      else if (first.ns !== name) {
        add(
          at,
          `expected a host per tenant, found ${code(rendered)} for both tenant ${code(first.t.id!)} and tenant ${code(t.id)}`,
          'put `{tenant}` in the host, like `{tenant}.shop.example.com`',
        );
        return;
      }
    }
  });
}

function checkHealth(health: Raw | undefined, root: Raw, add: Add) {
  if (!health) return;
  const prometheus = obj(obj(root.observability)?.prometheus);
  list(health.checks)?.forEach((c, i) => {
    const check = obj(c);
    const kind = str(check?.kind);
    if ((kind === 'prometheus' || kind === 'compare') && prometheus === undefined) {
      add(
        ['health', 'checks', i, 'kind'],
        `expected observability.prometheus to be set for a ${kind} check, found none`,
        'add `observability: { prometheus: { url: http://prometheus.monitoring:9090 } }`',
      );
    }
    for (const field of ['query', 'url'] as const) {
      const t = str(check?.[field]);
      const problem = t === undefined ? undefined : checkTemplateProblem(t, field);
      if (problem) add(['health', 'checks', i, field], problem);
    }
    if (kind === 'compare') {
      const window = durationOf(check?.window, '5m');
      const step = durationOf(check?.step, '15s');
      if (window !== undefined && step !== undefined && step > window / 2)
        add(
          ['health', 'checks', i, 'step'],
          `expected step to be at most half the window, found step ${str(check?.step) ?? '15s'} and window ${str(check?.window) ?? '5m'}`,
          'the comparison needs several samples of each color: a shorter step or a longer window',
        );
    }
  });
  const interval = durationOf(health.interval, '10s');
  const timeout = durationOf(health.timeout, '5m');
  const span = durationOf(health.duration, undefined);
  const shown = (field: string, fallback: string) => str(health[field]) ?? fallback;
  if (interval !== undefined && timeout !== undefined && interval > timeout) {
    add(
      ['health', health.interval === undefined ? 'timeout' : 'interval'],
      `expected health.interval (${shown('interval', '10s')}) to be at most health.timeout (${shown('timeout', '5m')})`,
      'the gate needs time for at least one round of checks',
    );
  }
  if (interval !== undefined && span !== undefined && interval > span) {
    add(
      ['health', 'interval'],
      `expected health.interval (${shown('interval', '10s')}) to be at most health.duration (${shown('duration', '')})`,
      'the gate runs a round every interval for the duration: a shorter interval or a longer duration',
    );
  }
  if (health.count !== undefined && health.duration !== undefined) {
    add(
      ['health', 'duration'],
      'expected `count` or `duration`, found both',
      'say how many rounds (`count: 5`) or for how long (`duration: 2m`), not both',
    );
  }
}

function durationOf(v: unknown, fallback: string | undefined): number | undefined {
  const s = v === undefined ? fallback : str(v);
  return s === undefined ? undefined : parseDuration(s);
}

// ---------------------------------------------------------------------------------------
// Resources: requests <= limits, LimitRange order, and each tenant fitting its tier's quota
// while blue and green both run (a cutover needs twice the pods for a while).

const RESOURCES = ['cpu', 'memory'] as const;

function checkRequestsWithinLimits(res: Raw | undefined, at: Path, add: Add) {
  const requests = obj(res?.requests);
  const limits = obj(res?.limits);
  for (const r of RESOURCES) {
    const req = quantity(requests?.[r]);
    const lim = quantity(limits?.[r]);
    if (req !== undefined && lim !== undefined && lim < req) {
      add(
        [...at, 'limits', r],
        `expected a ${r} limit of at least the request (${String(requests![r])}), found ${String(limits![r])}`,
        'a container cannot be limited below what it requests: raise the limit or lower the request',
      );
    }
  }
}

function checkResources(
  app: Raw | undefined,
  tiers: Raw | undefined,
  tenants: TenantView[],
  add: Add,
) {
  checkRequestsWithinLimits(obj(app?.resources), ['app', 'resources'], add);
  for (const t of tenants) {
    checkRequestsWithinLimits(
      obj(obj(t.raw.overrides)?.resources),
      ['tenants', t.index, 'overrides', 'resources'],
      add,
    );
  }
  if (!tiers) return;
  for (const [name, rawTier] of Object.entries(tiers)) {
    const lr = obj(obj(rawTier)?.limitRange);
    if (!lr) continue;
    const at: Path = ['isolation', 'tiers', name, 'limitRange'];
    for (const r of RESOURCES) {
      const dReq = quantity(obj(lr.defaultRequest)?.[r]);
      const dLim = quantity(obj(lr.default)?.[r]);
      const max = quantity(obj(lr.max)?.[r]);
      if (dReq !== undefined && dLim !== undefined && dLim < dReq) {
        add(
          [...at, 'default', r],
          `expected a default ${r} limit of at least defaultRequest.${r}, found a smaller one`,
          'Kubernetes rejects a LimitRange whose default limit is below its default request',
        );
      }
      if (dLim !== undefined && max !== undefined && max < dLim) {
        add(
          [...at, 'max', r],
          `expected max.${r} of at least default.${r}, found a smaller one`,
          'Kubernetes rejects a LimitRange whose max is below its default limit',
        );
      }
    }
  }

  // Quota fit, once per namespace (tenants of a group share one deployment).
  // One report per distinct problem: many tenants of one tier would otherwise repeat it.
  const reported = new Set<string>();
  const report: Add = (path, message, hint) => {
    if (reported.has(message)) return;
    reported.add(message);
    add(path, message, hint);
  };
  const appReplicas = app?.replicas === undefined ? 2 : int(app.replicas);
  const appRes = obj(app?.resources);
  const seenUnits = new Set<string>();
  for (const t of tenants) {
    const unit = t.group ?? t.id;
    if (unit === undefined || seenUnits.has(unit) || t.tier === undefined) continue;
    seenUnits.add(unit);
    const tier = obj(tiers[t.tier]);
    const quota = obj(tier?.quota);
    if (!quota) continue;
    const overrides = obj(t.raw.overrides);
    const replicas = overrides?.replicas !== undefined ? int(overrides.replicas) : appReplicas;
    if (replicas === undefined || replicas < 1) continue;
    const res = obj(overrides?.resources) ?? appRes;
    const lr = obj(tier?.limitRange);
    const pods = 2 * replicas;
    const where: Path = ['tenants', t.index, 'tier'];
    const quotaPods = int(quota.pods);
    if (quotaPods !== undefined && pods > quotaPods) {
      report(
        where,
        `expected tier ${code(t.tier)} to allow the ${pods} pods a cutover runs (2 colors × ${replicas} replicas), found quota.pods ${quotaPods}`,
        `raise isolation.tiers.${t.tier}.quota.pods, or lower the replicas`,
      );
    }
    const kinds = [
      { kind: 'requests', quota: quota, fallback: obj(lr?.defaultRequest) },
      { kind: 'limits', quota: obj(quota.limits), fallback: obj(lr?.default) },
    ] as const;
    for (const k of kinds) {
      if (!k.quota) continue;
      for (const r of RESOURCES) {
        const limit = quantity(k.quota[r]);
        if (limit === undefined) continue;
        const rawPer = obj(res?.[k.kind])?.[r] ?? k.fallback?.[r];
        if (rawPer === undefined) {
          report(
            where,
            `expected ${k.kind}.${r} for the pods of tier ${code(t.tier)}, whose quota limits ${k.kind}.${r}, found none`,
            `Kubernetes rejects pods without ${k.kind}.${r} in such a namespace: set app.resources.${k.kind}.${r} or give the tier a limitRange`,
          );
          continue;
        }
        const per = quantity(rawPer);
        if (per === undefined) continue;
        if (per * pods > limit * (1 + 1e-9)) {
          report(
            where,
            `expected tier ${code(t.tier)} to fit ${pods} pods × ${String(rawPer)} ${k.kind}.${r} during a cutover, found a quota of ${String(k.quota[r])}`,
            `raise isolation.tiers.${t.tier}.quota${k.kind === 'limits' ? '.limits' : ''}.${r}, or lower the replicas or the ${k.kind}`,
          );
        }
      }
    }
  }
}
