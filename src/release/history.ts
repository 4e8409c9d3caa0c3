/**
 * A tenant's release history: the ConfigMap `<app>-releases`, newest first, the last
 * HISTORY_LIMIT records. A rollback after promotion reads the previous release here, so
 * a rollback started by hand days later knows what to go back to.
 */
import type { V1ConfigMap } from '@kubernetes/client-node';
import type { Cluster } from '../kube/cluster.ts';
import { releaseNames, type Color } from './names.ts';

export const HISTORY_LIMIT = 20;
const KEY = 'history.json';

export type ReleaseResult = 'deployed' | 'live' | 'promoted' | 'rolled-back' | 'restored';

export interface ReleaseRecord {
  version: string;
  image: string;
  color: Color;
  result: ReleaseResult;
  at: string;
  /** The Actions run (or host:pid) that wrote it. */
  by: string;
  reason?: string;
}

export function parseHistory(cm: V1ConfigMap | undefined): ReleaseRecord[] {
  const raw = cm?.data?.[KEY];
  if (!raw) return [];
  try {
    const v = JSON.parse(raw) as unknown;
    return Array.isArray(v) ? (v as ReleaseRecord[]) : [];
  } catch {
    return [];
  }
}

/** Records `record` on top, or changes the top record when it is the same release moving on. */
export function withRecord(history: ReleaseRecord[], record: ReleaseRecord): ReleaseRecord[] {
  const top = history[0];
  if (top && top.image === record.image && top.color === record.color) {
    if (top.result === record.result) return history;
    return [{ ...top, ...record }, ...history.slice(1)].slice(0, HISTORY_LIMIT);
  }
  return [record, ...history].slice(0, HISTORY_LIMIT);
}

export async function writeHistory(
  cluster: Cluster,
  o: { app: string; namespace: string; labels: Record<string, string> },
  before: ReleaseRecord[],
  after: ReleaseRecord[],
): Promise<boolean> {
  if (JSON.stringify(before) === JSON.stringify(after)) return false;
  await cluster.apply<V1ConfigMap>({
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: releaseNames(o.app).history, namespace: o.namespace, labels: o.labels },
    data: { [KEY]: JSON.stringify(after, null, 1) },
  });
  return true;
}

/** The release to go back to: the newest one that was live, other than the live image. */
/** A release that served (promoted, first live, or restored), not one rolled back. */
const served = (r: ReleaseRecord) =>
  r.result === 'promoted' || r.result === 'live' || r.result === 'restored';

/**
 * The newest release in the history that `wanted` names: its version (`1.4.2`), its image,
 * or its digest (`sha256:...`).
 */
export function releaseNamed(history: ReleaseRecord[], wanted: string): ReleaseRecord | undefined {
  return history.find(
    (r) =>
      served(r) && (r.version === wanted || r.image === wanted || r.image.endsWith(`@${wanted}`)),
  );
}

/** The versions a `to` could name, newest first, each once. */
export function servedVersions(history: ReleaseRecord[]): string[] {
  return [...new Set(history.filter(served).map((r) => r.version))];
}

export function previousRelease(
  history: ReleaseRecord[],
  liveImage: string | undefined,
): ReleaseRecord | undefined {
  return history.find((r) => served(r) && r.image !== liveImage);
}
