/**
 * Helpers for integration tests against the control plane that the global setup started
 * (or the one it was told to reuse): a KubeConfig, API clients, and namespaces of the
 * test file's own (unique names, deleted after the file's tests).
 *
 *   const cluster = useTestCluster('deploy');          // at the top of a test file
 *   const ns = await cluster.namespace();               // in a test: a fresh namespace
 *   await cluster.apps.createNamespacedDeployment({ namespace: ns, body });
 */
import { randomBytes } from 'node:crypto';

import * as k8s from '@kubernetes/client-node';

/** The kubeconfig of the test cluster, as the global setup published it. */
export function testKubeconfigPath(): string {
  const path = process.env.CUTOVER_TEST_KUBECONFIG;
  if (!path) {
    throw new Error(
      'CUTOVER_TEST_KUBECONFIG is not set: run integration tests through jest (its global setup ' +
        'test/integration/global-setup.ts starts a local control plane and sets it)',
    );
  }
  return path;
}

/**
 * The traffic entry of the test cluster (the global setup starts it with traffic): send
 * requests with sendTraffic(testTrafficUrl(), { host, path, headers }) from src/local.
 */
export function testTrafficUrl(): string {
  const url = process.env.CUTOVER_TEST_TRAFFIC_URL;
  if (!url) {
    throw new Error(
      'CUTOVER_TEST_TRAFFIC_URL is not set: the global setup starts the cluster with traffic, which ' +
        'needs root (a network namespace); with a reused cluster, set it from `cutover local env`',
    );
  }
  return url;
}

/** An admin KubeConfig for the test cluster. */
export function testKubeConfig(): k8s.KubeConfig {
  const kc = new k8s.KubeConfig();
  kc.loadFromFile(testKubeconfigPath());
  return kc;
}

/** A KubeConfig for the same cluster that authenticates with a bearer token. */
export function tokenKubeConfig(admin: k8s.KubeConfig, token: string): k8s.KubeConfig {
  const cluster = admin.getCurrentCluster();
  if (!cluster) throw new Error('the test kubeconfig has no current cluster');
  const kc = new k8s.KubeConfig();
  kc.loadFromOptions({
    clusters: [cluster],
    users: [{ name: 'token-user', token }],
    contexts: [{ name: 'token', cluster: cluster.name, user: 'token-user' }],
    currentContext: 'token',
  });
  return kc;
}

/** A DNS-1123 name that no other test (or run) uses: `<prefix>-<time>-<random>`. */
export function uniqueName(prefix: string): string {
  const suffix = `${Date.now().toString(36)}-${randomBytes(3).toString('hex')}`;
  const head = prefix
    .toLowerCase()
    .replace(/[^a-z0-9-]/g, '-')
    .slice(0, 63 - suffix.length - 1)
    .replace(/-+$/, '');
  return `${head || 'test'}-${suffix}`;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/**
 * Polls fn until it returns a value other than undefined/false; fails after timeoutMs
 * with what it was waiting for and the last thing fn said (a thrown error's message).
 */
export async function eventually<T>(
  what: string,
  fn: () => Promise<T | undefined | false>,
  opts: { timeoutMs?: number; intervalMs?: number } = {},
): Promise<T> {
  const deadline = Date.now() + (opts.timeoutMs ?? 30_000);
  let last = '';
  for (;;) {
    try {
      const v = await fn();
      if (v !== undefined && v !== false) return v;
    } catch (e) {
      last = (e as Error).message;
    }
    if (Date.now() > deadline)
      throw new Error(`timed out waiting for ${what}${last ? `: ${last}` : ''}`);
    await sleep(opts.intervalMs ?? 200);
  }
}

/** The HTTP status and the API server's Status object of a failed call. */
export interface ApiFailure {
  code: number;
  status: { reason?: string; message?: string; code?: number; details?: unknown } | undefined;
  message: string;
}

/** Awaits a call that must fail with an API error; returns its status code and Status body. */
export async function apiFailure(call: Promise<unknown>): Promise<ApiFailure> {
  try {
    await call;
  } catch (e) {
    if (e instanceof k8s.ApiException) {
      const body: unknown = e.body;
      let status: ApiFailure['status'];
      try {
        status = (typeof body === 'string' ? JSON.parse(body) : body) as ApiFailure['status'];
      } catch {
        status = undefined;
      }
      return { code: e.code, status, message: status?.message ?? String(body) };
    }
    throw e;
  }
  throw new Error('expected the API call to fail, but it succeeded');
}

export interface TestCluster {
  kc: k8s.KubeConfig;
  core: k8s.CoreV1Api;
  apps: k8s.AppsV1Api;
  rbac: k8s.RbacAuthorizationV1Api;
  discovery: k8s.DiscoveryV1Api;
  /**
   * Creates a namespace with a unique name (prefix from useTestCluster) and waits for
   * its `default` ServiceAccount, so pods can be created at once. Deleted after the file.
   */
  namespace(opts?: { labels?: Record<string, string>; prefix?: string }): Promise<string>;
}

/**
 * The test cluster for one test file. Call at the top level of the file: it registers an
 * afterAll hook that deletes the namespaces the file created.
 */
export function useTestCluster(prefix: string): TestCluster {
  const kc = testKubeConfig();
  const core = kc.makeApiClient(k8s.CoreV1Api);
  const created: string[] = [];

  afterAll(async () => {
    // Deletion finishes in the background (the namespace controller and kwok remove what
    // is inside); nothing waits for it.
    await Promise.allSettled(created.map((name) => core.deleteNamespace({ name })));
  });

  return {
    kc,
    core,
    apps: kc.makeApiClient(k8s.AppsV1Api),
    rbac: kc.makeApiClient(k8s.RbacAuthorizationV1Api),
    discovery: kc.makeApiClient(k8s.DiscoveryV1Api),
    async namespace(opts = {}) {
      const name = uniqueName(opts.prefix ?? prefix);
      await core.createNamespace({
        body: {
          metadata: { name, labels: { 'cutover.dev/test': 'true', ...opts.labels } },
        },
      });
      created.push(name);
      await eventually(`ServiceAccount ${name}/default`, async () =>
        core.readNamespacedServiceAccount({ name: 'default', namespace: name }),
      );
      return name;
    },
  };
}
