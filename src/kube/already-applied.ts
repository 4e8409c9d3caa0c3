import type { KubernetesObject } from '@kubernetes/client-node';
import { FIELD_MANAGER } from './cluster.ts';

/**
 * Whether applying `desired` would change nothing, decided from the live object alone, so
 * that a re-run with nothing to do sends no request per object. True only when both hold:
 *   1. every field of `desired` has the same value live (lists compared element by element);
 *   2. cutover's own managed fields live are all still declared (else apply would remove some).
 * False means "not sure": the caller asks the API server with a dry run. Values the server
 * spells differently (`1000m` for `1`) only cost that dry run, never a wrong answer.
 */
export function alreadyApplied(desired: KubernetesObject, live: KubernetesObject): boolean {
  const { apiVersion: _a, kind: _k, ...fields } = desired;
  if (!contains(live, fields)) return false;
  const mine = live.metadata?.managedFields?.find(
    (m) => m.manager === FIELD_MANAGER && m.operation === 'Apply',
  );
  if (!mine?.fieldsV1) return false;
  const declared = new Set(fieldPaths(fields));
  return ownedPaths(mine.fieldsV1 as Record<string, unknown>).every((p) => declared.has(p));
}

function contains(live: unknown, want: unknown): boolean {
  if (Array.isArray(want)) {
    return (
      Array.isArray(live) &&
      live.length === want.length &&
      want.every((w, i) => contains(live[i], w))
    );
  }
  if (isObject(want)) {
    return isObject(live) && Object.entries(want).every(([k, v]) => contains(live[k], v));
  }
  return live === want;
}

/** Paths of the fields of an object, stopping at lists (`spec.ports`, `metadata.labels.app`). */
function fieldPaths(obj: Record<string, unknown>, prefix = ''): string[] {
  return Object.entries(obj).flatMap(([k, v]) => {
    const path = prefix ? `${prefix}.${k}` : k;
    return isObject(v) && Object.keys(v).length > 0 ? [path, ...fieldPaths(v, path)] : [path];
  });
}

/** The same paths from a managedFields `fieldsV1` set (`f:` keys; list items end the path). */
function ownedPaths(set: Record<string, unknown>, prefix = ''): string[] {
  return Object.entries(set).flatMap(([k, v]) => {
    if (!k.startsWith('f:')) return []; // `.` (the node itself), or list items `k:`/`v:`/`i:`
    const path = prefix ? `${prefix}.${k.slice(2)}` : k.slice(2);
    const children = isObject(v) ? Object.keys(v).some((c) => c.startsWith('f:')) : false;
    return children ? [path, ...ownedPaths(v as Record<string, unknown>, path)] : [path];
  });
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
