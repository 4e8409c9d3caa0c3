/**
 * Config an earlier cutover accepted and this one refuses, with the reason and what to
 * write instead: the loader reports these in place of a bare "unknown key" or "expected
 * one of".
 */
export interface Retired {
  message: string;
  hint: string;
}

/** By the key's path, like `routing.gateway`. */
const RETIRED_KEYS: Record<string, Retired> = {
  'routing.gateway': {
    message: '`routing.gateway` is now `parentRefs`, a list (an HTTPRoute may attach to several)',
    hint: 'write `parentRefs: [{ name: <gateway>, namespace: <its namespace> }]` (with `sectionName` when you set one)',
  },
};

/** By the key's path, then the value. */
const RETIRED_VALUES: Record<string, Record<string, Retired>> = {
  'routing.method': {
    smi: {
      message:
        'method `smi` is no longer supported: the SMI project is archived and its TrafficSplit CRDs are apiextensions.k8s.io/v1beta1, which no current API server accepts',
      hint: 'use `method: gateway-api`, which Linkerd and other meshes implement, with `parentRefs` naming the Gateway or the Service',
    },
  },
};

export function retiredPath(path: readonly PropertyKey[]): string {
  return path.filter((p) => typeof p === 'string').join('.');
}

/**
 * The retirement of a key, or of a value at a path. Own properties only: a key or value
 * like `__proto__` in a config must never find Object.prototype.
 */
export function retiredKey(path: readonly PropertyKey[]): Retired | undefined {
  const at = retiredPath(path);
  return Object.hasOwn(RETIRED_KEYS, at) ? RETIRED_KEYS[at] : undefined;
}

export function retiredValue(path: readonly PropertyKey[], value: string): Retired | undefined {
  const at = retiredPath(path);
  const values = Object.hasOwn(RETIRED_VALUES, at) ? RETIRED_VALUES[at]! : {};
  return Object.hasOwn(values, value) ? values[value] : undefined;
}
