import type { KubernetesObject } from '@kubernetes/client-node';
import { execFile } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { parseAllDocuments } from 'yaml';
import { CutoverError } from '../errors.ts';
import type { Cluster } from '../kube/cluster.ts';
import { waitFor } from './wait.ts';

/**
 * CRDs as their projects publish them, taken from the projects' Go modules (the module
 * proxy serves them; the Go module cache keeps them, so a second install is offline).
 * The versions are pinned here; the routers' tests run against exactly these.
 */
export const CRD_SETS = {
  // The Gateway API version Traefik v3.6 implements; the standard channel only.
  'gateway-api': {
    module: 'sigs.k8s.io/gateway-api',
    version: 'v1.4.1',
    path: 'config/crd/standard',
    probe: { apiVersion: 'gateway.networking.k8s.io/v1', kind: 'HTTPRoute' },
  },
  // Istio's CRDs only (VirtualService, DestinationRule, ...): no data plane runs here.
  istio: {
    module: 'istio.io/api',
    version: 'v1.32.0',
    path: 'kubernetes/customresourcedefinitions.gen.yaml',
    probe: { apiVersion: 'networking.istio.io/v1', kind: 'VirtualService' },
  },
  // The Prometheus Operator's CRDs (PrometheusRule, ServiceMonitor, ...): no operator runs.
  'prometheus-operator': {
    module: 'github.com/prometheus-operator/prometheus-operator',
    version: 'v0.85.0',
    path: 'example/prometheus-operator-crd',
    probe: { apiVersion: 'monitoring.coreos.com/v1', kind: 'PrometheusRule' },
  },
} as const;

export type CrdSetName = keyof typeof CRD_SETS;

export function isCrdSetName(name: string): name is CrdSetName {
  return Object.hasOwn(CRD_SETS, name);
}

/** The CRDs of a set, read from its module in the Go module cache (downloaded when missing). */
export async function readCrdSet(name: CrdSetName): Promise<KubernetesObject[]> {
  const set = CRD_SETS[name];
  const at = `${set.module}@${set.version}`;
  let dir: string;
  try {
    const { stdout } = await promisify(execFile)('go', ['mod', 'download', '-json', at], {
      maxBuffer: 1 << 20,
    });
    dir = (JSON.parse(stdout) as { Dir: string }).Dir;
  } catch (e) {
    const err = e as NodeJS.ErrnoException & { stdout?: string };
    throw new CutoverError('LOCAL_CLUSTER', `cannot fetch the ${name} CRDs (${at})`, {
      hint:
        err.code === 'ENOENT'
          ? 'Go is needed to fetch CRDs from their modules: source scripts/setup.sh'
          : `go mod download said: ${(err.stdout ?? err.message).trim().slice(0, 300)}`,
    });
  }
  // A directory of CRD files, or one file holding them all.
  const root = join(dir, set.path);
  const files = root.endsWith('.yaml')
    ? [root]
    : (await readdir(root))
        .filter((f) => f.endsWith('.yaml'))
        .sort()
        .map((f) => join(root, f));
  const texts = await Promise.all(files.map((f) => readFile(f, 'utf8')));
  return texts.flatMap((t) =>
    parseAllDocuments(t)
      .map((d) => d.toJS() as KubernetesObject | null)
      .filter((o): o is KubernetesObject => o?.kind === 'CustomResourceDefinition'),
  );
}

/**
 * Applies a set's CRDs server-side (the HTTPRoute CRD is over the size limit of a
 * client-side apply's annotation) and waits until the API server serves its kinds.
 */
export async function installCrdSet(
  cluster: Cluster,
  name: CrdSetName,
  progress: (m: string) => void = () => {},
): Promise<string[]> {
  const crds = await readCrdSet(name);
  const set = CRD_SETS[name];
  progress(`applying ${crds.length} ${name} CRDs (${set.module} ${set.version})`);
  for (const crd of crds) await cluster.apply(crd);
  await waitFor(
    `${set.probe.kind} (${set.probe.apiVersion}) to be served`,
    () => cluster.serves(set.probe.apiVersion, set.probe.kind),
    { timeoutMs: 30_000, watch: [], logOf: undefined, progress },
  );
  return crds.map((c) => c.metadata!.name!);
}
