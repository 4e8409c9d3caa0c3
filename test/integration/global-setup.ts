/**
 * Jest global setup of the integration and e2e projects: starts one local control plane
 * for the whole run (etcd, kube-apiserver, kube-controller-manager, kube-scheduler, kwok
 * with 3 fake nodes) and publishes its kubeconfig to the tests as
 * CUTOVER_TEST_KUBECONFIG (test/integration/helpers.ts reads it).
 *
 *   - The cluster runs with traffic (a network namespace, pod responders, Traefik behind
 *     the Gateway gateway-system/cutover-local); its entry is published as
 *     CUTOVER_TEST_TRAFFIC_URL. The run needs root for that; Traefik is built by
 *     scripts/traefik-build.sh when missing (about 5 minutes cold).
 *
 *   - The binaries come from scripts/k8s-build.sh's cache; when missing or stale they are
 *     built first (15-30 minutes cold, seconds when cached).
 *   - The cluster is named `test-<jest pid>` with its state under
 *     ~/.cache/cutover/local/; a watchdog tears it down if jest dies without the global
 *     teardown (Ctrl-C, SIGKILL), and state left by such runs is removed here.
 *   - To run against a cluster that is already up (e.g. `cutover local up --traffic` once,
 *     then quick test runs): CUTOVER_TEST_KUBECONFIG=/path/to/kubeconfig, or
 *     CUTOVER_TEST_REUSE_KUBECONFIG=1 to use $KUBECONFIG, and CUTOVER_TEST_TRAFFIC_URL from
 *     `cutover local env`. Nothing is started or stopped then.
 *   - CUTOVER_TEST_KEEP_STATE=1 keeps the state directory (logs) after the run.
 */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

import { cacheRoot, localDown, localUp } from '../../src/local/index.ts';

declare global {
  var __cutoverTestCluster: string | undefined;
}

const log = (msg: string): void => {
  process.stderr.write(`[local] ${msg}\n`);
};

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Removes the clusters of earlier test runs whose jest process is gone. */
async function pruneStaleTestClusters(): Promise<void> {
  const dir = join(cacheRoot(), 'local');
  if (!existsSync(dir)) return;
  for (const name of readdirSync(dir)) {
    const pid = /^test-(\d+)$/.exec(name)?.[1];
    if (pid && Number(pid) !== process.pid && !pidAlive(Number(pid))) {
      await localDown({ name, purge: true });
    }
  }
}

export default async function globalSetup(): Promise<void> {
  // Set already: by the caller, or by this setup for another project of the same run.
  if (process.env.CUTOVER_TEST_KUBECONFIG) {
    if (!globalThis.__cutoverTestCluster)
      log(`using the cluster of CUTOVER_TEST_KUBECONFIG=${process.env.CUTOVER_TEST_KUBECONFIG}`);
    return;
  }
  if (process.env.CUTOVER_TEST_REUSE_KUBECONFIG === '1') {
    const kubeconfig = process.env.KUBECONFIG;
    if (!kubeconfig)
      throw new Error('CUTOVER_TEST_REUSE_KUBECONFIG=1 needs KUBECONFIG to name a kubeconfig file');
    log(`using the cluster of KUBECONFIG=${kubeconfig}`);
    process.env.CUTOVER_TEST_KUBECONFIG = kubeconfig;
    return;
  }
  await pruneStaleTestClusters();
  const name = `test-${process.pid}`;
  const cluster = await localUp({
    name,
    ownerPid: process.pid,
    build: true,
    nodes: 3,
    traffic: true,
    onProgress: log,
  });
  globalThis.__cutoverTestCluster = name;
  process.env.CUTOVER_TEST_KUBECONFIG = cluster.kubeconfig;
  if (cluster.traffic) process.env.CUTOVER_TEST_TRAFFIC_URL = cluster.traffic.url;
}
