import type { RestClient } from './rest.ts';
import { CutoverError } from '../errors.ts';

export interface ResourceInfo {
  /** `/api/v1` or `/apis/<group>/<version>` */
  base: string;
  plural: string;
  namespaced: boolean;
}

interface ApiResourceList {
  resources: { name: string; kind: string; namespaced: boolean }[];
}

/** Maps apiVersion + kind to the REST path, asking the API server once per group version. */
export class Discovery {
  private readonly cache = new Map<string, Promise<ApiResourceList>>();
  private readonly rest: RestClient;
  constructor(rest: RestClient) {
    this.rest = rest;
  }

  async resource(apiVersion: string, kind: string): Promise<ResourceInfo> {
    const base = apiVersion.includes('/') ? `/apis/${apiVersion}` : `/api/${apiVersion}`;
    let list = this.cache.get(base);
    if (!list) {
      list = this.rest.request<ApiResourceList>({ method: 'GET', path: base });
      this.cache.set(base, list);
      list.catch(() => this.cache.delete(base));
    }
    const found = (await list).resources.find((r) => r.kind === kind && !r.name.includes('/'));
    if (!found) {
      throw new CutoverError(
        'CLUSTER_ERROR',
        `the API server does not serve ${kind} in ${apiVersion}`,
        {
          hint: 'install the CRD that defines it, or check apiVersion and kind',
        },
      );
    }
    return { base, plural: found.name, namespaced: found.namespaced };
  }

  /** Path of one object, or of the collection when `name` is undefined. */
  async path(
    apiVersion: string,
    kind: string,
    namespace: string | undefined,
    name?: string,
  ): Promise<string> {
    const r = await this.resource(apiVersion, kind);
    const ns = r.namespaced && namespace ? `/namespaces/${encodeURIComponent(namespace)}` : '';
    return `${r.base}${ns}/${r.plural}${name ? `/${encodeURIComponent(name)}` : ''}`;
  }
}
