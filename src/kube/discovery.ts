import type { RestRequest } from './rest.ts';
import { CutoverError } from '../errors.ts';

export interface ResourceInfo {
  /** `/api/v1` or `/apis/<group>/<version>` */
  base: string;
  plural: string;
  namespaced: boolean;
}

/** Why a kind is not served: no API group at all (its CRD is not installed), or not that version or kind. */
export type KindAbsence =
  | { reason: 'no-group'; group: string }
  | { reason: 'not-served'; group: string; servedVersions: string[] };

interface ApiGroup {
  versions: { version: string }[];
}

interface ApiResourceList {
  resources: { name: string; kind: string; namespaced: boolean }[];
}

type Send = <T>(req: RestRequest) => Promise<T>;

const isNotFound = (e: unknown) => (e as { httpStatus?: number }).httpStatus === 404;

/** Maps apiVersion + kind to the REST path, asking the API server once per group version. */
export class Discovery {
  private readonly cache = new Map<string, Promise<ApiResourceList | undefined>>();
  private readonly send: Send;
  constructor(send: Send) {
    this.send = send;
  }

  /** The resource serving a kind, or undefined when the server does not serve it (no CRD). */
  async find(apiVersion: string, kind: string): Promise<ResourceInfo | undefined> {
    const base = apiVersion.includes('/') ? `/apis/${apiVersion}` : `/api/${apiVersion}`;
    let list = this.cache.get(base);
    if (!list) {
      list = this.send<ApiResourceList>({ method: 'GET', path: base }).catch((e: unknown) => {
        // A group version nobody serves is a 404: the kind is simply not there.
        if (isNotFound(e)) return undefined;
        this.cache.delete(base);
        throw e;
      });
      this.cache.set(base, list);
    }
    const found = (await list)?.resources.find((r) => r.kind === kind && !r.name.includes('/'));
    // A miss (no group version, or no such kind in it) is asked again next time: a CRD may
    // be installed any moment, and a group's other CRDs may be established first.
    if (!found) this.cache.delete(base);
    return found && { base, plural: found.name, namespaced: found.namespaced };
  }

  /**
   * Why a kind the server does not serve is missing. A group nobody serves means an
   * uninstalled CRD (an optional extra); a served group without the kind is more likely
   * a typo or a removed version, which the caller should not skip quietly.
   */
  async absence(apiVersion: string, kind: string): Promise<KindAbsence | undefined> {
    if (await this.find(apiVersion, kind)) return undefined;
    const slash = apiVersion.indexOf('/');
    if (slash < 0) return { reason: 'not-served', group: '', servedVersions: ['v1'] };
    const group = apiVersion.slice(0, slash);
    try {
      const g = await this.send<ApiGroup>({ method: 'GET', path: `/apis/${group}` });
      return { reason: 'not-served', group, servedVersions: g.versions.map((v) => v.version) };
    } catch (e) {
      if (isNotFound(e)) return { reason: 'no-group', group };
      throw e;
    }
  }

  async resource(apiVersion: string, kind: string): Promise<ResourceInfo> {
    const found = await this.find(apiVersion, kind);
    if (!found) {
      throw new CutoverError(
        'CLUSTER_ERROR',
        `the API server does not serve ${kind} in ${apiVersion}`,
        { hint: 'install the CRD that defines it, or check apiVersion and kind' },
      );
    }
    return found;
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
