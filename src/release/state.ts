/**
 * What a tenant's release is, read from its objects: the two color Deployments, the
 * stable and preview Services, the history. The stable Service's selector is the truth
 * of which color is live; the preview Service's is the color under test.
 */
import type { V1ConfigMap, V1Deployment, V1Service } from '@kubernetes/client-node';
import type { Cluster } from '../kube/cluster.ts';
import { parseHistory, type ReleaseRecord } from './history.ts';
import { IMAGE_ANNOTATION, releaseNames, type Color } from './names.ts';
import { selectedColor } from './services.ts';

export interface TenantRelease {
  deployments: Partial<Record<Color, V1Deployment>>;
  stable: V1Service | undefined;
  preview: V1Service | undefined;
  historyMap: V1ConfigMap | undefined;
  history: ReleaseRecord[];
  live: Color | undefined;
  previewColor: Color | undefined;
}

export async function readRelease(
  cluster: Cluster,
  namespace: string,
  app: string,
): Promise<TenantRelease> {
  const n = releaseNames(app);
  const get = <T>(apiVersion: string, kind: string, name: string) =>
    cluster.get<T & { apiVersion?: string; kind?: string }>({ apiVersion, kind, namespace, name });
  const [blue, green, stable, preview, historyMap] = await Promise.all([
    get<V1Deployment>('apps/v1', 'Deployment', n.deployment('blue')),
    get<V1Deployment>('apps/v1', 'Deployment', n.deployment('green')),
    get<V1Service>('v1', 'Service', n.stable),
    get<V1Service>('v1', 'Service', n.preview),
    get<V1ConfigMap>('v1', 'ConfigMap', n.history),
  ]);
  return {
    deployments: { ...(blue ? { blue } : {}), ...(green ? { green } : {}) },
    stable,
    preview,
    historyMap,
    history: parseHistory(historyMap),
    live: selectedColor(stable),
    previewColor: selectedColor(preview),
  };
}

export const imageOf = (d: V1Deployment | undefined): string | undefined =>
  d?.metadata?.annotations?.[IMAGE_ANNOTATION];
export const replicasOf = (d: V1Deployment | undefined): number => d?.spec?.replicas ?? 0;

/** The color deployed beside the live one and still running: the candidate. */
export function candidateOf(r: TenantRelease): Color | undefined {
  const c = r.previewColor;
  return c && c !== r.live && replicasOf(r.deployments[c]) > 0 ? c : undefined;
}
