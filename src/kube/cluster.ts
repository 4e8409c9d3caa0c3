import { KubeConfig, type KubernetesObject } from '@kubernetes/client-node';
import { CutoverError } from '../errors.ts';
import { kubeConfigCredentials, type CredentialOptions } from './credentials.ts';
import { Discovery, type KindAbsence } from './discovery.ts';
import { clusterError } from './errors.ts';
import { loadKubeConfig, type ClusterTarget } from './kubeconfig.ts';
import { ApiError, RestClient, type RawResponse, type RestRequest } from './rest.ts';
import { describe, refOf, type ObjectRef } from './refs.ts';
import { withRetry } from './retry.ts';
import { watchUntil, type WatchEvent, type WatchOptions } from './watch.ts';

export { loadKubeConfig, type ClusterTarget } from './kubeconfig.ts';
export { describe, type ObjectRef } from './refs.ts';
export const FIELD_MANAGER = 'cutover';

/** Counts of API requests, so re-runs can prove they wrote nothing and benchmarks can report. */
export interface RequestStats {
  reads: number;
  writes: number;
  dryRuns: number;
}

/** A question for SelfSubjectAccessReview: may the current user do this? */
export interface AccessQuestion {
  verb: string;
  group: string;
  resource: string;
  namespace?: string;
}

/** Options every call takes: a deadline for each request and a way to cancel the whole call. */
export interface CallOptions {
  /** Per-request deadline (each retry gets its own), default 60 s. */
  timeoutMs?: number;
  signal?: AbortSignal;
}

export interface ListOptions extends CallOptions {
  namespace?: string;
  labelSelector?: string;
  fieldSelector?: string;
  /** Page size: the server returns at most this many items per request (default 500). */
  limit?: number;
}

export interface Scale {
  replicas: number;
  /** Replicas the controller sees (status). */
  current: number;
  selector?: string;
}

/** A port of a Service, reached through the API server (`services/<name>/proxy`). */
export interface ServiceProxyTarget {
  namespace: string;
  service: string;
  /** The Service port's number or name. */
  port: number | string;
  /** How the API server talks to the endpoint; unset is the Service port's default (http). */
  scheme?: 'http' | 'https';
}

export interface ProxyGetOptions extends CallOptions {
  query?: Record<string, string>;
  headers?: Record<string, string>;
}

const PAGE_SIZE = 500;

/**
 * The cluster as cutover uses it: server-side apply, reads, paginated lists, watches,
 * merge patches, guarded updates, the scale subresource, deletes. Every request is
 * counted, retried when transient (honouring Retry-After) and turned into a CutoverError.
 */
export class Cluster {
  readonly kc: KubeConfig;
  readonly server: string;
  readonly stats: RequestStats = { reads: 0, writes: 0, dryRuns: 0 };
  private readonly rest: RestClient;
  private readonly discovery: Discovery;

  constructor(kc: KubeConfig, opts: CredentialOptions = {}) {
    this.kc = kc;
    this.server = kc.getCurrentCluster()!.server;
    this.rest = new RestClient(kubeConfigCredentials(kc, opts));
    this.discovery = new Discovery(<T>(req: RestRequest) => this.send<T>('discover the API', req));
  }

  /** Counted also in the `stats` of a view made by `counted()`, so its parent sees the total. */
  private parent: Cluster | undefined;

  /**
   * The same client with its own request counts (added to this one's too): what one
   * tenant's work cost, while tenants run concurrently over one connection.
   */
  counted(): Cluster {
    const view = Object.create(this) as Cluster;
    Object.defineProperty(view, 'stats', { value: { reads: 0, writes: 0, dryRuns: 0 } });
    view.parent = this;
    return view;
  }

  private count(counter: keyof RequestStats): void {
    this.stats[counter]++;
    this.parent?.count(counter);
  }

  static connect(target: ClusterTarget = {}): Cluster {
    const { kc, tokenFile } = loadKubeConfig(target);
    return new Cluster(kc, tokenFile ? { tokenFile } : {});
  }

  /** Server-side apply as field manager `cutover`, taking over fields changed by hand. */
  async apply<T extends KubernetesObject>(
    obj: T,
    opts: CallOptions & { dryRun?: boolean } = {},
  ): Promise<T> {
    const what = `apply ${describe(obj)}${opts.dryRun ? ' (dry run)' : ''}`;
    const path = await this.objectPath(what, refOf(obj));
    return this.send<T>(what, {
      ...call(opts),
      method: 'PATCH',
      path,
      query: {
        fieldManager: FIELD_MANAGER,
        force: 'true',
        dryRun: opts.dryRun ? 'All' : undefined,
      },
      body: obj,
      contentType: 'application/apply-patch+yaml',
    });
  }

  async get<T extends KubernetesObject>(
    ref: ObjectRef,
    opts: CallOptions = {},
  ): Promise<T | undefined> {
    const what = `read ${describe(ref)}`;
    const path = await this.objectPath(what, ref);
    return this.send<T>(what, { ...call(opts), method: 'GET', path }, { missingOk: true });
  }

  /** Creates an object; a 409 (it exists) is a CLUSTER_CONFLICT for the caller to handle. */
  async create<T extends KubernetesObject>(obj: T, opts: CallOptions = {}): Promise<T> {
    const what = `create ${describe(obj)}`;
    const path = await this.objectPath(what, { ...refOf(obj), name: undefined });
    return this.send<T>(what, {
      ...call(opts),
      method: 'POST',
      path,
      query: { fieldManager: FIELD_MANAGER },
      body: obj,
    });
  }

  /**
   * Replaces an object, guarded by its `metadata.resourceVersion`: the server refuses it
   * (CLUSTER_CONFLICT) when the object changed since it was read. Never retried blindly.
   */
  async replace<T extends KubernetesObject>(obj: T, opts: CallOptions = {}): Promise<T> {
    const what = `update ${describe(obj)}`;
    if (!obj.metadata?.resourceVersion) {
      throw new CutoverError('CLUSTER_ERROR', `${what}: no resourceVersion to guard the update`, {
        hint: 'read the object first and change that copy',
      });
    }
    const path = await this.objectPath(what, refOf(obj));
    return this.send<T>(what, {
      ...call(opts),
      method: 'PUT',
      path,
      query: { fieldManager: FIELD_MANAGER },
      body: obj,
    });
  }

  /**
   * Read, change, write back guarded by resourceVersion; on a conflict read again and
   * change that. For lists that server-side apply treats as atomic (HTTPRoute `rules`,
   * VirtualService `http`) in objects another tool owns: `mutate` edits only our entries.
   * `mutate` returns false when nothing needs to change (then nothing is written).
   */
  async update<T extends KubernetesObject>(
    ref: ObjectRef,
    mutate: (live: T) => boolean,
    opts: CallOptions & { attempts?: number; start?: T } = {},
  ): Promise<T> {
    const attempts = opts.attempts ?? 5;
    for (let attempt = 1; ; attempt++) {
      // A copy the caller read just before saves the first read; a stale one only conflicts.
      const live =
        attempt === 1 && opts.start ? structuredClone(opts.start) : await this.get<T>(ref, opts);
      if (!live) {
        throw new CutoverError('CLUSTER_ERROR', `update ${describe(ref)}: it does not exist`, {
          hint: 'create it first, or check its name and namespace',
        });
      }
      if (!mutate(live)) return live;
      try {
        return await this.replace(live, opts);
      } catch (e) {
        if (!(e instanceof CutoverError && e.code === 'CLUSTER_CONFLICT') || attempt >= attempts)
          throw e;
      }
    }
  }

  /** A JSON merge patch (RFC 7386): `null` deletes a key; lists are replaced whole. */
  async mergePatch<T extends KubernetesObject>(
    ref: ObjectRef,
    patch: unknown,
    opts: CallOptions & { subresource?: string } = {},
  ): Promise<T> {
    const what = `patch ${describe(ref)}${opts.subresource ? `/${opts.subresource}` : ''}`;
    const path = await this.objectPath(what, ref);
    return this.send<T>(what, {
      ...call(opts),
      method: 'PATCH',
      path: opts.subresource ? `${path}/${opts.subresource}` : path,
      query: { fieldManager: FIELD_MANAGER },
      body: patch,
      contentType: 'application/merge-patch+json',
    });
  }

  /** The scale subresource of a Deployment (or any scalable kind). */
  async getScale(ref: ObjectRef, opts: CallOptions = {}): Promise<Scale | undefined> {
    const what = `read the scale of ${describe(ref)}`;
    const path = await this.objectPath(what, ref);
    const s = await this.send<ScaleObject | undefined>(
      what,
      { ...call(opts), method: 'GET', path: `${path}/scale` },
      { missingOk: true },
    );
    return s && scaleOf(s);
  }

  /** Sets the replicas through the scale subresource, leaving the rest of the spec alone. */
  async scale(ref: ObjectRef, replicas: number, opts: CallOptions = {}): Promise<Scale> {
    const s = await this.mergePatch<ScaleObject & KubernetesObject>(
      ref,
      { spec: { replicas } },
      { ...opts, subresource: 'scale' },
    );
    return scaleOf(s);
  }

  /** Every item, page by page (`limit`/`continue`), so a large list never comes in one answer. */
  async list<T extends KubernetesObject>(
    apiVersion: string,
    kind: string,
    opts: ListOptions = {},
  ): Promise<T[]> {
    return (await this.listWithVersion<T>(apiVersion, kind, opts)).items;
  }

  /** A list and the resourceVersion it was read at (where a watch starts). */
  async listWithVersion<T extends KubernetesObject>(
    apiVersion: string,
    kind: string,
    opts: ListOptions = {},
  ): Promise<{ items: T[]; resourceVersion: string }> {
    const what = `list ${kind}${opts.namespace ? ` in ${opts.namespace}` : ''}`;
    const path = await this.objectPath(what, { apiVersion, kind, namespace: opts.namespace });
    for (let restart = 0; ; restart++) {
      const items: T[] = [];
      let token: string | undefined;
      let resourceVersion = '';
      try {
        do {
          const page = await this.send<ListObject<T>>(what, {
            ...call(opts),
            method: 'GET',
            path,
            query: {
              labelSelector: opts.labelSelector,
              fieldSelector: opts.fieldSelector,
              limit: String(opts.limit ?? PAGE_SIZE),
              continue: token,
            },
          });
          // List items come without apiVersion/kind; put them back so callers treat them alike.
          for (const item of page.items) items.push({ ...item, apiVersion, kind });
          token = page.metadata?.continue || undefined;
          resourceVersion = page.metadata?.resourceVersion ?? resourceVersion;
        } while (token);
        return { items, resourceVersion };
      } catch (e) {
        // A continue token expires (410) when the list takes longer than etcd keeps it.
        if (!(restart === 0 && token && isGone(e))) throw e;
      }
    }
  }

  /**
   * Lists, then watches from that point, calling `onEvent` for each object (the listed
   * ones as ADDED first) until it returns true: the wait for a rollout, a condition, a
   * deletion. Reconnects on a dropped stream and lists again when the server has
   * forgotten the version (410). Resolves true when done, false on timeout.
   */
  async watch<T extends KubernetesObject>(
    apiVersion: string,
    kind: string,
    opts: WatchOptions,
    onEvent: (event: WatchEvent<T>) => boolean | void,
  ): Promise<boolean> {
    const what = `watch ${kind}${opts.namespace ? ` in ${opts.namespace}` : ''}`;
    const path = await this.objectPath(what, { apiVersion, kind, namespace: opts.namespace });
    try {
      return await watchUntil<T>(
        {
          kc: this.kc,
          path,
          list: () => this.listWithVersion<T>(apiVersion, kind, opts),
          countRead: () => this.count('reads'),
        },
        opts,
        onEvent,
      );
    } catch (e) {
      throw clusterError(e, what, this.server);
    }
  }

  async delete(
    ref: ObjectRef,
    opts: CallOptions & { resourceVersion?: string } = {},
  ): Promise<void> {
    const what = `delete ${describe(ref)}`;
    const path = await this.objectPath(what, ref);
    const preconditions = opts.resourceVersion
      ? { preconditions: { resourceVersion: opts.resourceVersion } }
      : {};
    await this.send(
      what,
      {
        ...call(opts),
        method: 'DELETE',
        path,
        body: { propagationPolicy: 'Background', ...preconditions },
      },
      { missingOk: true },
    );
  }

  /** Whether a kind lives in namespaces; an error names a kind the server does not serve. */
  async isNamespaced(apiVersion: string, kind: string): Promise<boolean> {
    try {
      return (await this.discovery.resource(apiVersion, kind)).namespaced;
    } catch (e) {
      throw clusterError(e, `look up ${kind} (${apiVersion})`, this.server);
    }
  }

  /** Whether the API server serves a kind at all (its CRD is installed). */
  async serves(apiVersion: string, kind: string): Promise<boolean> {
    try {
      return (await this.discovery.find(apiVersion, kind)) !== undefined;
    } catch (e) {
      throw clusterError(e, `look up ${kind} (${apiVersion})`, this.server);
    }
  }

  /** Why the API server does not serve a kind, or undefined when it does. */
  async absence(apiVersion: string, kind: string): Promise<KindAbsence | undefined> {
    try {
      return await this.discovery.absence(apiVersion, kind);
    } catch (e) {
      throw clusterError(e, `look up ${kind} (${apiVersion})`, this.server);
    }
  }

  /**
   * One GET to a Service's endpoint through the API server's service proxy: whatever the
   * endpoint (or the API server, when it cannot reach one) answered, any status, no retry,
   * so the caller judges the answer and times it. Needs `get` on `services/proxy` in the
   * namespace. Only a failure to reach the API server itself throws (a CutoverError).
   */
  async proxyGet(
    target: ServiceProxyTarget,
    path: string,
    opts: ProxyGetOptions = {},
  ): Promise<RawResponse> {
    // `[scheme:]name:port`, each part encoded on its own: the colons must stay colons.
    const name = [target.scheme ?? '', target.service, String(target.port)]
      .filter((part) => part !== '')
      .map((part) => encodeURIComponent(part))
      .join(':');
    const proxy = `/api/v1/namespaces/${encodeURIComponent(target.namespace)}/services/${name}/proxy`;
    const what = `GET ${path} of Service ${target.namespace}/${target.service}:${target.port} through the API server`;
    this.count('reads');
    try {
      return await this.rest.send({
        ...call(opts),
        method: 'GET',
        path: `${proxy}${path.startsWith('/') ? '' : '/'}${path}`,
        ...(opts.query ? { query: opts.query } : {}),
        ...(opts.headers ? { headers: opts.headers } : {}),
      });
    } catch (e) {
      throw clusterError(e, what, this.server);
    }
  }

  /** Asks the API server whether the kubeconfig's user may do each thing (no side effects). */
  async canI(questions: AccessQuestion[]): Promise<boolean[]> {
    return Promise.all(
      questions.map(async (q) => {
        const review = await this.send<{ status?: { allowed?: boolean } }>(
          `check the right to ${q.verb} ${q.resource}`,
          {
            method: 'POST',
            path: '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews',
            body: {
              apiVersion: 'authorization.k8s.io/v1',
              kind: 'SelfSubjectAccessReview',
              spec: {
                resourceAttributes: {
                  verb: q.verb,
                  group: q.group,
                  resource: q.resource,
                  namespace: q.namespace,
                },
              },
            },
          },
        );
        return review.status?.allowed === true;
      }),
    );
  }

  private async objectPath(
    what: string,
    ref: {
      apiVersion: string;
      kind: string;
      namespace?: string | undefined;
      name?: string | undefined;
    },
  ) {
    try {
      return await this.discovery.path(ref.apiVersion, ref.kind, ref.namespace, ref.name);
    } catch (e) {
      throw clusterError(e, what, this.server);
    }
  }

  /** One request: counted, retried when transient, failures made into CutoverErrors. */
  private async send<T>(
    what: string,
    req: RestRequest,
    opts: { missingOk?: boolean } = {},
  ): Promise<T> {
    const counter = req.query?.dryRun
      ? 'dryRuns'
      : req.method === 'GET' || req.path.endsWith('accessreviews')
        ? 'reads'
        : 'writes';
    try {
      return await withRetry(
        () => {
          this.count(counter);
          return this.rest.request<T>(req);
        },
        {
          // Only writes that are safe to repeat: apply converges, a merge patch sets values.
          retryConflicts: req.method === 'PATCH',
          ...(req.signal ? { signal: req.signal } : {}),
        },
      );
    } catch (e) {
      if (opts.missingOk && e instanceof ApiError && e.status === 404) return undefined as T;
      throw clusterError(e, what, this.server);
    }
  }
}

interface ListObject<T> {
  items: T[];
  metadata?: { continue?: string; resourceVersion?: string };
}

interface ScaleObject {
  spec?: { replicas?: number };
  status?: { replicas?: number; selector?: string };
}

function scaleOf(s: ScaleObject): Scale {
  return {
    replicas: s.spec?.replicas ?? 0,
    current: s.status?.replicas ?? 0,
    ...(s.status?.selector ? { selector: s.status.selector } : {}),
  };
}

function call(opts: CallOptions): Pick<RestRequest, 'timeoutMs' | 'signal'> {
  return {
    ...(opts.timeoutMs !== undefined ? { timeoutMs: opts.timeoutMs } : {}),
    ...(opts.signal ? { signal: opts.signal } : {}),
  };
}

function isGone(e: unknown): boolean {
  return e instanceof CutoverError && e.httpStatus === 410;
}
