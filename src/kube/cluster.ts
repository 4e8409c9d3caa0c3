import {
  AuthorizationV1Api,
  KubeConfig,
  KubernetesObjectApi,
  PatchStrategy,
  type KubernetesObject,
} from '@kubernetes/client-node';
import { CutoverError } from '../errors.ts';
import { clusterError, httpStatus } from './errors.ts';
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

/** The cluster as cutover uses it: server-side apply, reads, deletes; retries; counted. */
export class Cluster {
  readonly kc: KubeConfig;
  readonly server: string;
  readonly stats: RequestStats = { reads: 0, writes: 0, dryRuns: 0 };
  private readonly api: KubernetesObjectApi;

  constructor(kc: KubeConfig) {
    this.kc = kc;
    this.server = kc.getCurrentCluster()!.server;
    this.api = KubernetesObjectApi.makeApiClient(kc);
  }

  static connect(target: ClusterTarget = {}): Cluster {
    return new Cluster(loadKubeConfig(target));
  }

  /** Server-side apply as field manager `cutover`, taking over fields changed by hand. */
  async apply<T extends KubernetesObject>(obj: T, opts: { dryRun?: boolean } = {}): Promise<T> {
    const what = `apply ${describe(obj)}${opts.dryRun ? ' (dry run)' : ''}`;
    if (opts.dryRun) this.stats.dryRuns++;
    else this.stats.writes++;
    return this.call(what, true, () =>
      this.api.patch(
        obj,
        undefined,
        opts.dryRun ? 'All' : undefined,
        FIELD_MANAGER,
        true,
        PatchStrategy.ServerSideApply,
      ),
    );
  }

  async get<T extends KubernetesObject>(ref: ObjectRef): Promise<T | undefined> {
    this.stats.reads++;
    try {
      return await this.call(`read ${describe(ref)}`, false, () =>
        this.api.read<T>({
          apiVersion: ref.apiVersion,
          kind: ref.kind,
          metadata: { name: ref.name, namespace: ref.namespace },
        }),
      );
    } catch (e) {
      if (e instanceof CutoverError && notFound(e)) return undefined;
      throw e;
    }
  }

  async list<T extends KubernetesObject>(
    apiVersion: string,
    kind: string,
    opts: { namespace?: string; labelSelector?: string } = {},
  ): Promise<T[]> {
    this.stats.reads++;
    const where = opts.namespace ? ` in ${opts.namespace}` : '';
    const list = await this.call(`list ${kind}${where}`, false, () =>
      this.api.list<T>(
        apiVersion,
        kind,
        opts.namespace,
        undefined,
        undefined,
        undefined,
        undefined,
        opts.labelSelector,
      ),
    );
    // List items come without apiVersion/kind; put them back so callers can treat them alike.
    return list.items.map((item) => ({ ...item, apiVersion, kind }));
  }

  async delete(ref: ObjectRef): Promise<void> {
    this.stats.writes++;
    try {
      await this.call(`delete ${describe(ref)}`, false, () =>
        this.api.delete(
          {
            apiVersion: ref.apiVersion,
            kind: ref.kind,
            metadata: { name: ref.name, namespace: ref.namespace },
          },
          undefined,
          undefined,
          undefined,
          undefined,
          'Background',
        ),
      );
    } catch (e) {
      if (e instanceof CutoverError && notFound(e)) return;
      throw e;
    }
  }

  /** Asks the API server whether the kubeconfig's user may do each thing (no side effects). */
  async canI(questions: AccessQuestion[]): Promise<boolean[]> {
    const authz = this.kc.makeApiClient(AuthorizationV1Api);
    return Promise.all(
      questions.map(async (q) => {
        this.stats.reads++;
        const review = await this.call(`check the right to ${q.verb} ${q.resource}`, false, () =>
          authz.createSelfSubjectAccessReview({
            body: {
              spec: {
                resourceAttributes: {
                  verb: q.verb,
                  group: q.group,
                  resource: q.resource,
                  namespace: q.namespace,
                },
              },
            },
          }),
        );
        return review.status?.allowed === true;
      }),
    );
  }

  private async call<T>(what: string, idempotent: boolean, fn: () => Promise<T>): Promise<T> {
    try {
      return await withRetry(fn, { retryConflicts: idempotent });
    } catch (e) {
      if (httpStatus(e) === 404)
        throw new CutoverError('CLUSTER_ERROR', `${what}: not found`, { cause: e });
      throw clusterError(e, what, this.server);
    }
  }
}

function notFound(e: CutoverError): boolean {
  return httpStatus(e.cause) === 404;
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
