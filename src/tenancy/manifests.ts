import type { KubernetesObject } from '@kubernetes/client-node';
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { parseAllDocuments } from 'yaml';
import { CutoverError, type ErrorDetail } from '../errors.ts';

/**
 * The hand-off to other infrastructure as code: a directory of plain manifests, or a
 * kustomization, applied in every tenant namespace with the same plan/apply/prune as the
 * isolation objects. `${CUTOVER_TENANT}`, `${CUTOVER_NAMESPACE}`, `${CUTOVER_RING}`,
 * `${CUTOVER_TIER}` and `${CUTOVER_APP}` are replaced per tenant before parsing.
 */
export interface ManifestSource {
  dir: string;
  /** The YAML text (concatenated files, or the kustomize output). */
  text: string;
}

export type ManifestVars = Record<'TENANT' | 'NAMESPACE' | 'RING' | 'TIER' | 'APP', string>;

const KUSTOMIZATION_FILES = ['kustomization.yaml', 'kustomization.yml', 'Kustomization'];

export async function readManifestSource(dir: string): Promise<ManifestSource> {
  if (!existsSync(dir)) {
    throw new CutoverError('CONFIG_INVALID', `app.manifests: no directory ${dir}`, {
      hint: 'the path is relative to the config file',
    });
  }
  if (KUSTOMIZATION_FILES.some((f) => existsSync(join(dir, f))))
    return { dir, text: await kustomize(dir) };
  const files = (await readdir(dir)).filter((f) => /\.(ya?ml|json)$/.test(f)).sort();
  const texts = await Promise.all(files.map((f) => readFile(join(dir, f), 'utf8')));
  return { dir, text: texts.join('\n---\n') };
}

async function kustomize(dir: string): Promise<string> {
  const run = promisify(execFile);
  try {
    return (await run('kustomize', ['build', dir], { maxBuffer: 64 << 20 })).stdout;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw kustomizeFailed(dir, e);
  }
  try {
    return (await run('kubectl', ['kustomize', dir], { maxBuffer: 64 << 20 })).stdout;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new CutoverError(
        'CONFIG_INVALID',
        `app.manifests: ${dir} is a kustomization, but neither kustomize nor kubectl is on the PATH`,
        {
          hint: 'install kustomize (or kubectl), or render the manifests to plain YAML first',
        },
      );
    }
    throw kustomizeFailed(dir, e);
  }
}

function kustomizeFailed(dir: string, e: unknown): CutoverError {
  const stderr = (e as { stderr?: string }).stderr?.trim();
  return new CutoverError(
    'CONFIG_INVALID',
    `app.manifests: kustomize build ${dir} failed: ${stderr || String(e)}`,
  );
}

/** The objects for one tenant: placeholders replaced, namespace set, ownership labels added. */
export function renderManifests(
  source: ManifestSource,
  vars: ManifestVars,
  labels: Record<string, string>,
): KubernetesObject[] {
  const text = source.text.replace(/\$\{CUTOVER_([A-Z]+)\}/g, (whole, name: string) =>
    name in vars ? vars[name as keyof ManifestVars] : whole,
  );
  const problems: ErrorDetail[] = [];
  const objects: KubernetesObject[] = [];
  parseAllDocuments(text).forEach((doc, i) => {
    if (doc.errors.length > 0) {
      problems.push({ path: `document ${i + 1}`, message: doc.errors[0]!.message });
      return;
    }
    const obj = doc.toJS() as KubernetesObject | null;
    if (obj === null) return; // an empty document
    if (typeof obj !== 'object' || !obj.apiVersion || !obj.kind || !obj.metadata?.name) {
      problems.push({
        path: `document ${i + 1}`,
        message: 'expected a Kubernetes object with apiVersion, kind and metadata.name',
      });
      return;
    }
    const ns = obj.metadata.namespace;
    if (ns && ns !== vars.NAMESPACE) {
      problems.push({
        path: `${obj.kind} ${obj.metadata.name}`,
        message: `sets namespace ${ns}; tenant manifests go to the tenant's namespace (${vars.NAMESPACE})`,
        hint: 'remove metadata.namespace, or use ${CUTOVER_NAMESPACE}',
      });
      return;
    }
    objects.push({
      ...obj,
      metadata: {
        ...obj.metadata,
        namespace: vars.NAMESPACE,
        labels: { ...obj.metadata.labels, ...labels },
      },
    });
  });
  if (problems.length > 0) {
    throw new CutoverError(
      'CONFIG_INVALID',
      `app.manifests (${source.dir}): ${problems.length} problem(s)`,
      {
        details: problems,
      },
    );
  }
  return objects;
}

/** `apiVersion/Kind` keys of the kinds in a set of objects, sorted, for the namespace annotation. */
export function kindKeys(objects: KubernetesObject[]): string[] {
  return [...new Set(objects.map((o) => `${o.apiVersion}/${o.kind}`))].sort();
}

export function parseKindKey(key: string): { apiVersion: string; kind: string } {
  const i = key.lastIndexOf('/');
  return { apiVersion: key.slice(0, i), kind: key.slice(i + 1) };
}
