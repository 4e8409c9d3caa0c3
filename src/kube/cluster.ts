import { KubeConfig, type KubernetesObject } from '@kubernetes/client-node';
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { CutoverError } from '../errors.ts';
import { Discovery } from './discovery.ts';
import { clusterError } from './errors.ts';
import { ApiError, RestClient, type RestRequest } from './rest.ts';
import { withRetry } from './retry.ts';

export const FIELD_MANAGER = 'cutover';

/** Where the credentials come from: kubeconfig text (an action input), a file, or the default. */
export interface ClusterTarget {
  /** Kubeconfig content (YAML). A secret: never logged. */
  kubeconfig?: string;
  /** Path of a kubeconfig file; default: $KUBECONFIG or ~/.kube/config. */
  kubeconfigPath?: string;
  context?: string;
}

/** Counts of API requests, so re-runs can prove they wrote nothing and benchmarks can report. */
export interface RequestStats {
  reads: number;
  writes: number;
  dryRuns: number;
}

export interface ObjectRef {
  apiVersion: string;
  kind: string;
  name: string;
  namespace?: string;
}

/** A question for SelfSubjectAccessReview: may the current user do this? */
export interface AccessQuestion {
  verb: string;
  group: string;
  resource: string;
  namespace?: string;
}

export function loadKubeConfig(target: ClusterTarget = {}): KubeConfig {
  if (!target.kubeconfig && !target.kubeconfigPath && !defaultKubeconfigExists()) {
    // The client would fall back to http://localhost:8080: say what is missing instead.
    throw new CutoverError('INPUT_MISSING', 'no kubeconfig: nothing says which cluster to use', {
      hint: 'pass the `kubeconfig` input (a secret) or --kubeconfig FILE, or set KUBECONFIG',
    });
  }
  const kc = new KubeConfig();
  try {
    if (target.kubeconfig) kc.loadFromString(target.kubeconfig);
    else if (target.kubeconfigPath) kc.loadFromFile(target.kubeconfigPath);
    else kc.loadFromDefault();
    if (target.context) kc.setCurrentContext(target.context);
  } catch (e) {
    // The parser's message may quote the file: do not pass it on, it can hold a token.
    throw new CutoverError('INPUT_INVALID', 'the kubeconfig could not be read', {
      hint: 'pass a kubeconfig file (YAML) with a cluster, a user and a current context',
      cause: e,
    });
  }
  const cluster = kc.getCurrentCluster();
  if (!cluster?.server) {
    throw new CutoverError('INPUT_INVALID', 'the kubeconfig names no cluster server', {
      hint: 'set current-context to a context whose cluster has a `server:` address',
    });
  }
  return kc;
}

function defaultKubeconfigExists(): boolean {
  if (process.env.KUBECONFIG) return true;
  if (process.env.KUBERNETES_SERVICE_HOST) return true; // in a pod: the service account
  return existsSync(join(homedir(), '.kube', 'config'));
}

/** The cluster as cutover uses it: server-side apply, reads, deletes; retries; counted. */
export class Cluster {
  readonly kc: KubeConfig;
  readonly server: string;
  readonly stats: RequestStats = { reads: 0, writes: 0, dryRuns: 0 };
  private readonly rest: RestClient;
  private readonly discovery: Discovery;

  constructor(kc: KubeConfig) {
    this.kc = kc;
    this.server = kc.getCurrentCluster()!.server;
    this.rest = new RestClient(kc);
    this.discovery = new Discovery({
      request: <T>(req: RestRequest) => this.send<T>('discover the API', req),
    } as RestClient);
  }

  static connect(target: ClusterTarget = {}): Cluster {
    return new Cluster(loadKubeConfig(target));
  }

  /** Server-side apply as field manager `cutover`, taking over fields changed by hand. */
  async apply<T extends KubernetesObject>(obj: T, opts: { dryRun?: boolean } = {}): Promise<T> {
    const what = `apply ${describe(obj)}${opts.dryRun ? ' (dry run)' : ''}`;
    const path = await this.objectPath(
      what,
      obj.apiVersion!,
      obj.kind!,
      obj.metadata?.namespace,
      obj.metadata!.name!,
    );
    return this.send<T>(what, {
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

  async get<T extends KubernetesObject>(ref: ObjectRef): Promise<T | undefined> {
    const what = `read ${describe(ref)}`;
    const path = await this.objectPath(what, ref.apiVersion, ref.kind, ref.namespace, ref.name);
    return this.send<T>(what, { method: 'GET', path }, { missingOk: true });
  }

  async list<T extends KubernetesObject>(
    apiVersion: string,
    kind: string,
    opts: { namespace?: string; labelSelector?: string } = {},
  ): Promise<T[]> {
    const what = `list ${kind}${opts.namespace ? ` in ${opts.namespace}` : ''}`;
    const path = await this.objectPath(what, apiVersion, kind, opts.namespace);
    const list = await this.send<{ items: T[] }>(what, {
      method: 'GET',
      path,
      query: { labelSelector: opts.labelSelector },
    });
    // List items come without apiVersion/kind; put them back so callers can treat them alike.
    return list.items.map((item) => ({ ...item, apiVersion, kind }));
  }

  async delete(ref: ObjectRef): Promise<void> {
    const what = `delete ${describe(ref)}`;
    const path = await this.objectPath(what, ref.apiVersion, ref.kind, ref.namespace, ref.name);
    await this.send(
      what,
      { method: 'DELETE', path, body: { propagationPolicy: 'Background' } },
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
    apiVersion: string,
    kind: string,
    namespace?: string,
    name?: string,
  ) {
    try {
      return await this.discovery.path(apiVersion, kind, namespace, name);
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
          this.stats[counter]++;
          return this.rest.request<T>(req);
        },
        { retryConflicts: req.method === 'PATCH' },
      );
    } catch (e) {
      if (opts.missingOk && e instanceof ApiError && e.status === 404) return undefined as T;
      throw clusterError(e, what, this.server);
    }
  }
}

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
