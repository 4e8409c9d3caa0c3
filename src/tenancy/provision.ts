import type { KubernetesObject, V1Namespace } from '@kubernetes/client-node';
import type { CutoverConfig } from '../config/index.ts';
import { CutoverError } from '../errors.ts';
import type { Cluster, RequestStats } from '../kube/cluster.ts';
import { applyChanges, planSet, type Change, type OwnedKind } from '../kube/converge.ts';
import { ISOLATION_KINDS, isolationObjects } from './isolation.ts';
import {
  APP_LABEL,
  ENVIRONMENT_LABEL,
  MANAGED_BY,
  MANAGER,
  MANIFEST_KINDS_ANNOTATION,
  TENANT_LABEL,
  ownerLabels,
  selectorOf,
} from './labels.ts';
import { kindKeys, parseKindKey, readManifestSource, renderManifests } from './manifests.ts';
import { skippedKinds, type SkippedKind } from './optional-kinds.ts';
import { prometheusRules } from '../observability/alert-rules.ts';
import { checkRights, provisionRights } from './preflight.ts';
import { runInRings, type RingResult } from './rings.ts';
import { tenantUnits, type TenantUnit } from './units.ts';

export interface ProvisionOptions {
  /** Plan only: reads and server-side dry runs, no writes. */
  dryRun?: boolean;
  /** Allow deleting the namespace of a tenant removed from the config (also `isolation.allowNamespaceDeletion`). */
  allowNamespaceDeletion?: boolean;
  /** A directory of manifests (or a kustomization) to apply in every tenant namespace. */
  manifestsDir?: string;
  /** Kinds (`ServiceMonitor`) whose manifests must be applied: a missing CRD fails the run instead of skipping them. */
  requiredKinds?: readonly string[];
  /**
   * The section of `environments` the config was loaded for. Its namespaces carry it, so
   * staging and production of one app can share a cluster without pruning each other.
   */
  environment?: string | undefined;
  onProgress?: (message: string) => void;
}

export interface RemovedTenant {
  unit: string;
  namespace: string;
}

export interface ProvisionReport {
  dryRun: boolean;
  results: RingResult<TenantUnit, Change[]>[];
  /** Namespaces of tenants no longer in the config, deleted (or to be deleted, in a dry run). */
  removed: RemovedTenant[];
  /** Manifest kinds left out because their CRD is not installed. */
  skippedKinds: SkippedKind[];
  stats: RequestStats;
  ok: boolean;
}

/**
 * Converges every tenant's isolation objects, ring by ring: plan with server-side dry
 * runs, apply only the difference, prune what cutover made that the config no longer
 * declares. Refuses, before any write, to delete a removed tenant's namespace unless allowed.
 */
export async function provision(
  cluster: Cluster,
  config: CutoverConfig,
  opts: ProvisionOptions = {},
): Promise<ProvisionReport> {
  const dryRun = opts.dryRun ?? false;
  const progress = opts.onProgress ?? (() => {});
  const allowDeletion = opts.allowNamespaceDeletion || config.isolation.allowNamespaceDeletion;
  const units = tenantUnits(config);

  progress(`checking rights on ${cluster.server}`);
  await checkRights(cluster, provisionRights({ prune: allowDeletion }));

  // Every namespace, once: which exist, which are ours, which another app's cutover owns.
  const namespaces = await cluster.list<V1Namespace>('v1', 'Namespace');
  const managedFor = (ns: V1Namespace) =>
    ns.metadata?.labels?.[MANAGED_BY] === MANAGER ? ns.metadata.labels[APP_LABEL] : undefined;
  const environmentOf = (ns: V1Namespace) => ns.metadata?.labels?.[ENVIRONMENT_LABEL];
  const ours = namespaces.filter((ns) => managedFor(ns) === config.app.name);
  const existing = ours.filter((ns) => environmentOf(ns) === opts.environment);
  const named = (e: string | undefined) => (e ? `environment \`${e}\`` : 'the file as written');
  refuseTaken(
    units,
    holders(
      ours.filter((ns) => environmentOf(ns) !== opts.environment),
      (ns) => `provisioned for ${named(environmentOf(ns))}, not ${named(opts.environment)}`,
    ),
    'another environment of this app',
    'give the environment its own namespaces (isolation.namespaceTemplate under environments.<name>, e.g. "{app}-staging-{tenant}") or its own cluster (environments.<name>.context)',
  );
  const declared = new Set(units.map((u) => u.namespace));
  const removed = existing
    .filter((ns) => !declared.has(ns.metadata!.name!))
    .map((ns) => ({
      namespace: ns.metadata!.name!,
      unit: ns.metadata?.labels?.[TENANT_LABEL] ?? '?',
    }));
  if (removed.length > 0 && !allowDeletion) throw pruneRefused(removed);
  refuseTaken(
    units,
    holders(
      namespaces.filter((ns) => managedFor(ns) !== undefined && managedFor(ns) !== config.app.name),
      (ns) => `managed by cutover for app \`${managedFor(ns)}\``,
    ),
    'another app',
    'change isolation.namespaceTemplate (e.g. "{app}-{tenant}") so the namespaces do not collide',
  );

  const { extras, skipped } = await tenantManifests(cluster, config, units, opts);
  for (const k of skipped)
    progress(`skipping ${k.objects} ${k.kind} object(s) (${k.apiVersion}): ${k.reason}`);
  const existingNames = new Set(namespaces.map((ns) => ns.metadata!.name!));
  const liveObjects = await listOwned(cluster, config.app.name, [
    ...ISOLATION_KINDS,
    ...(await servedOnly(cluster, manifestKinds(existing, [...extras.values()].flat()))),
  ]);
  const rings = config.rings.map((r) => ({
    name: r.name,
    concurrency: r.concurrency,
    items: units.filter((u) => u.ring === r.name),
  }));
  const results = await runInRings(rings, async (unit, ring) => {
    const owned = (liveObjects.get(unit.namespace) ?? []).filter(
      (o) => o.metadata?.labels?.[TENANT_LABEL] === unit.id,
    );
    const changes = await planSet(
      cluster,
      withManifestKinds(
        isolationObjects(config, unit, opts.environment),
        extras.get(unit.id) ?? [],
      ),
      owned,
      existingNames.has(unit.namespace),
      { checkCreates: dryRun },
    );
    if (!dryRun) await applyChanges(cluster, changes);
    progress(`[${ring}] ${unit.id} (${unit.namespace}): ${summarize(changes, dryRun)}`);
    return changes;
  });

  const ok = results.every((r) => r.status === 'ok');
  if (ok && !dryRun) {
    for (const r of removed) {
      progress(`deleting namespace ${r.namespace} of removed tenant ${r.unit}`);
      await cluster.delete({ apiVersion: 'v1', kind: 'Namespace', name: r.namespace });
    }
  }
  return { dryRun, results, removed, skippedKinds: skipped, stats: { ...cluster.stats }, ok };
}

/**
 * Renders the manifests for every tenant up front: a bad manifest fails before any write.
 * Objects of kinds whose CRD is not installed are left out (see optional-kinds.ts).
 */
async function tenantManifests(
  cluster: Cluster,
  config: CutoverConfig,
  units: TenantUnit[],
  opts: ProvisionOptions,
): Promise<{ extras: Map<string, KubernetesObject[]>; skipped: SkippedKind[] }> {
  const result = new Map<string, KubernetesObject[]>(units.map((u) => [u.id, []]));
  const dir = opts.manifestsDir;
  if (dir) {
    const source = await readManifestSource(dir);
    for (const unit of units) {
      const vars = {
        TENANT: unit.id,
        NAMESPACE: unit.namespace,
        RING: unit.ring,
        TIER: unit.tierName,
        APP: config.app.name,
      };
      result.set(unit.id, renderManifests(source, vars, ownerLabels(config.app.name, unit.id)));
    }
  }
  // observability.alerts: each tenant's PrometheusRule, applied (and pruned) like a
  // manifest of its own, left out with a warning where the Prometheus Operator is not.
  if (config.observability.alerts) {
    const byNamespace = new Map(
      prometheusRules(config, opts.environment).map((r) => [r.metadata!.namespace!, r]),
    );
    for (const unit of units) {
      const rule = byNamespace.get(unit.namespace);
      if (rule) result.get(unit.id)!.push(rule);
    }
  }
  if ([...result.values()].every((objects) => objects.length === 0))
    return { extras: result, skipped: [] };
  const skipped = await skippedKinds(
    cluster,
    [...result.values()].flat(),
    opts.requiredKinds ?? [],
  );
  const left = new Set(skipped.map((k) => `${k.apiVersion}/${k.kind}`));
  for (const [id, objects] of result)
    result.set(
      id,
      objects.filter((o) => !left.has(`${o.apiVersion}/${o.kind}`)),
    );
  const clusterScoped: string[] = [];
  for (const key of kindKeys([...result.values()].flat())) {
    const { apiVersion, kind } = parseKindKey(key);
    if (!(await cluster.isNamespaced(apiVersion, kind)))
      clusterScoped.push(`${kind} (${apiVersion})`);
  }
  if (clusterScoped.length > 0) {
    throw new CutoverError(
      'CONFIG_INVALID',
      `app.manifests: cluster-scoped objects cannot be tenant manifests: ${clusterScoped.join(', ')}`,
      {
        hint: 'a tenant gets namespaced objects only; apply cluster-wide objects with your platform tooling',
      },
    );
  }
  return { extras: result, skipped };
}

/** A kind of the last run whose CRD is gone since has no objects left to prune. */
async function servedOnly(cluster: Cluster, kinds: OwnedKind[]): Promise<OwnedKind[]> {
  const served = await Promise.all(kinds.map((k) => cluster.serves(k.apiVersion, k.kind)));
  return kinds.filter((_, i) => served[i]);
}

/** Records on the namespace which kinds came from manifests, so a later run can prune them all. */
function withManifestKinds(
  objects: KubernetesObject[],
  manifests: KubernetesObject[],
): KubernetesObject[] {
  const [ns, ...rest] = objects;
  const annotations = {
    ...ns!.metadata!.annotations,
    [MANIFEST_KINDS_ANNOTATION]: kindKeys(manifests).join(','),
  };
  return [{ ...ns!, metadata: { ...ns!.metadata, annotations } }, ...rest, ...manifests];
}

/**
 * Everything of this app that cutover made, one list per kind across all namespaces
 * (rather than one per kind per tenant): a re-run of N tenants reads a handful of lists.
 */
async function listOwned(
  cluster: Cluster,
  app: string,
  kinds: OwnedKind[],
): Promise<Map<string, KubernetesObject[]>> {
  const selector = selectorOf({ [MANAGED_BY]: MANAGER, [APP_LABEL]: app });
  const lists = await Promise.all(
    kinds.map((k) => cluster.list(k.apiVersion, k.kind, { labelSelector: selector })),
  );
  const byNamespace = new Map<string, KubernetesObject[]>();
  for (const obj of lists.flat()) {
    const ns = obj.metadata!.namespace!;
    byNamespace.set(ns, [...(byNamespace.get(ns) ?? []), obj]);
  }
  return byNamespace;
}

/** The kinds to look in for manifest objects to prune: those declared now and those of the last run. */
function manifestKinds(namespaces: V1Namespace[], manifests: KubernetesObject[]): OwnedKind[] {
  const before = namespaces.flatMap(
    (ns) => ns.metadata?.annotations?.[MANIFEST_KINDS_ANNOTATION]?.split(',').filter(Boolean) ?? [],
  );
  const isolation = new Set(ISOLATION_KINDS.map((k) => `${k.apiVersion}/${k.kind}`));
  return [...new Set([...before, ...kindKeys(manifests)])]
    .filter((k) => !isolation.has(k))
    .map(parseKindKey);
}

/** Namespace name → who holds it, in words. */
function holders(
  namespaces: V1Namespace[],
  whom: (ns: V1Namespace) => string,
): Map<string, string> {
  return new Map(namespaces.map((ns) => [ns.metadata!.name!, whom(ns)]));
}

/**
 * A namespace another app's cutover manages, or this app's in another environment, is
 * never pruned or taken over: a tenant declared into one fails the run before any write.
 */
function refuseTaken(
  units: TenantUnit[],
  taken: Map<string, string>,
  whose: string,
  hint: string,
): void {
  const clashes = units.filter((u) => taken.has(u.namespace));
  if (clashes.length === 0) return;
  throw new CutoverError(
    'PROVISION_FAILED',
    `tenant namespaces belong to ${whose}; nothing was applied`,
    {
      details: clashes.map((u) => ({
        path: `tenants[${u.id}]`,
        message: `namespace ${u.namespace} is ${taken.get(u.namespace)}`,
      })),
      hint,
    },
  );
}

function pruneRefused(removed: RemovedTenant[]): CutoverError {
  return new CutoverError(
    'PRUNE_REFUSED',
    `${removed.length} tenant namespace(s) exist that the config no longer declares; nothing was applied or deleted`,
    {
      details: removed.map((r) => ({
        message: `tenant ${r.unit}: namespace ${r.namespace} would be deleted`,
      })),
      hint: 'put the tenants back, or allow the deletion (and its data loss) with `isolation.allowNamespaceDeletion: true` or the `allow-namespace-deletion` input / `--allow-namespace-deletion` flag',
    },
  );
}

export function countChanges(changes: Change[]): Record<Change['action'], number> {
  const counts = { create: 0, update: 0, delete: 0, unchanged: 0 };
  for (const c of changes) counts[c.action]++;
  return counts;
}

export function summarize(changes: Change[], dryRun: boolean): string {
  const c = countChanges(changes);
  const [create, update, del] = dryRun
    ? ['to create', 'to update', 'to delete']
    : ['created', 'updated', 'deleted'];
  return `${c.create} ${create}, ${c.update} ${update}, ${c.delete} ${del}, ${c.unchanged} unchanged`;
}
