import type { KubernetesObject } from '@kubernetes/client-node';
import { alreadyApplied } from './already-applied.ts';
import type { Cluster } from './cluster.ts';
import { refOf } from './refs.ts';

export { refOf } from './refs.ts';

/**
 * Converging a set of objects that cutover owns: compare what is with what should be
 * (from the live object when that is certain, else by a server-side dry-run apply, so
 * defaults and quantity forms are the server's own), then
 * apply only the difference and delete what cutover created that is no longer declared.
 */
export type ChangeAction = 'create' | 'update' | 'delete' | 'unchanged';

export interface Change {
  action: ChangeAction;
  kind: string;
  apiVersion: string;
  name: string;
  namespace?: string;
  /** For updates: the fields that differ, `path: live → desired`. */
  fields: string[];
  /** The object to apply (create/update). */
  desired?: KubernetesObject;
}

export interface OwnedKind {
  apiVersion: string;
  kind: string;
}

const key = (o: { kind: string; name: string; namespace?: string | undefined }) =>
  `${o.kind}/${o.namespace ?? ''}/${o.name}`;

/**
 * What applying `desired` would change, given `owned`: the live objects of this set (found
 * by the caller with one label-selected list per kind, for all sets at once). Objects owned
 * but no longer desired are deleted. Reads and dry runs only; with `checkCreates` (for a
 * plan) the objects to create are dry-run too, so the server's refusals show in the plan.
 */
export async function planSet(
  cluster: Cluster,
  desired: KubernetesObject[],
  owned: KubernetesObject[],
  namespaceExists: boolean,
  opts: { checkCreates?: boolean } = {},
): Promise<Change[]> {
  const changes: Change[] = [];
  const live = new Map(owned.map((o) => [key(refOf(o)), o]));
  for (const obj of desired) {
    const ref = refOf(obj);
    const namespaced = ref.namespace !== undefined;
    let current = live.get(key(ref));
    live.delete(key(ref));
    if (!current && (!namespaced || namespaceExists)) current = await cluster.get(ref);
    if (!current) {
      // A plan has the server check what it can: not objects of a namespace still to come.
      if (opts.checkCreates && (!namespaced || namespaceExists))
        await cluster.apply(obj, { dryRun: true });
      changes.push({ action: 'create', ...ref, fields: [], desired: obj });
      continue;
    }
    if (alreadyApplied(obj, current)) {
      changes.push({ action: 'unchanged', ...ref, fields: [], desired: obj });
      continue;
    }
    const after = await cluster.apply(obj, { dryRun: true });
    const fields = diffObjects(normalize(current), normalize(after));
    changes.push({ action: fields.length ? 'update' : 'unchanged', ...ref, fields, desired: obj });
  }
  for (const obj of live.values()) changes.push({ action: 'delete', ...refOf(obj), fields: [] });
  return changes;
}

/** Applies a plan: creates and updates in the given order, then deletions. */
export async function applyChanges(cluster: Cluster, changes: Change[]): Promise<void> {
  for (const c of changes) {
    if ((c.action === 'create' || c.action === 'update') && c.desired)
      await cluster.apply(c.desired);
  }
  for (const c of changes) {
    if (c.action === 'delete') await cluster.delete(c);
  }
}

const VOLATILE_METADATA = [
  'managedFields',
  'resourceVersion',
  'generation',
  'creationTimestamp',
  'uid',
  'selfLink',
];

/** The object without what the server changes on its own. */
function normalize(obj: KubernetesObject): Record<string, unknown> {
  const { status: _status, ...rest } = obj as KubernetesObject & { status?: unknown };
  const metadata = { ...(rest.metadata ?? {}) } as Record<string, unknown>;
  for (const k of VOLATILE_METADATA) delete metadata[k];
  return { ...rest, metadata };
}

/** Field paths whose values differ, as `path: before → after`. */
export function diffObjects(before: unknown, after: unknown, path = ''): string[] {
  if (isPlainObject(before) && isPlainObject(after)) {
    const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
    return [...keys]
      .sort()
      .flatMap((k) => diffObjects(before[k], after[k], path ? `${path}.${k}` : k));
  }
  if (JSON.stringify(before) === JSON.stringify(after)) return [];
  return [`${path}: ${show(before)} → ${show(after)}`];
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function show(v: unknown): string {
  if (v === undefined) return '(none)';
  const s = JSON.stringify(v);
  return s.length > 60 ? `${s.slice(0, 57)}...` : s;
}
