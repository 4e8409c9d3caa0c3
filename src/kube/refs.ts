import type { KubernetesObject } from '@kubernetes/client-node';

/** Which object: enough to find its path on the API server. */
export interface ObjectRef {
  apiVersion: string;
  kind: string;
  name: string;
  namespace?: string;
}

export function refOf(obj: KubernetesObject): ObjectRef {
  const ref = { apiVersion: obj.apiVersion!, kind: obj.kind!, name: obj.metadata!.name! };
  return obj.metadata?.namespace ? { ...ref, namespace: obj.metadata.namespace } : ref;
}

/** `Kind namespace/name`, for messages. */
export function describe(o: {
  kind?: string;
  metadata?: { name?: string; namespace?: string };
  name?: string;
  namespace?: string;
}): string {
  const name = o.metadata?.name ?? o.name;
  const ns = o.metadata?.namespace ?? o.namespace;
  return `${o.kind} ${ns ? `${ns}/` : ''}${name}`;
}
