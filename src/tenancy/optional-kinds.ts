import type { KubernetesObject } from '@kubernetes/client-node';
import { CutoverError, type ErrorDetail } from '../errors.ts';
import type { Cluster } from '../kube/cluster.ts';
import { kindKeys, parseKindKey } from './manifests.ts';

/** Objects of a kind whose CRD is not installed: left out of this run, and said so. */
export interface SkippedKind {
  apiVersion: string;
  kind: string;
  /** The CustomResourceDefinition that would serve it, e.g. servicemonitors.monitoring.coreos.com */
  crd: string;
  reason: string;
  /** How many objects (over all tenants) were left out. */
  objects: number;
}

/**
 * Sorts the manifest kinds the cluster does not serve. A kind of an API group nobody
 * serves (ServiceMonitor without the Prometheus Operator, HTTPRoute without Gateway API)
 * is skipped and reported, unless the config lists it in `app.requiredKinds`; a served
 * group without the kind or version is a mistake in the manifests and fails. Throws
 * before any write, listing every problem.
 */
export async function skippedKinds(
  cluster: Cluster,
  objects: KubernetesObject[],
  requiredKinds: readonly string[],
): Promise<SkippedKind[]> {
  const skipped: SkippedKind[] = [];
  const problems: ErrorDetail[] = [];
  for (const key of kindKeys(objects)) {
    const { apiVersion, kind } = parseKindKey(key);
    const absence = await cluster.absence(apiVersion, kind);
    if (!absence) continue;
    const crd = crdName(absence.group, kind);
    if (absence.reason === 'not-served') {
      problems.push({
        path: `app.manifests: ${kind} (${apiVersion})`,
        message: `the API server serves group ${absence.group || 'core'} in ${absence.servedVersions.join(', ')}, but not ${kind} in ${apiVersion}`,
        hint: 'check the apiVersion and kind of these manifests (a version may have been removed)',
      });
    } else if (requiredKinds.includes(kind)) {
      problems.push({
        path: `app.requiredKinds: ${kind}`,
        message: `${kind} (${apiVersion}) is required, but its CRD ${crd} is not installed`,
        hint: `install ${crd} (its operator's CRDs) first, or remove ${kind} from app.requiredKinds to skip its objects until it is`,
      });
    } else {
      skipped.push({
        apiVersion,
        kind,
        crd,
        reason: `CRD ${crd} is not installed`,
        objects: objects.filter((o) => o.apiVersion === apiVersion && o.kind === kind).length,
      });
    }
  }
  if (problems.length > 0) {
    throw new CutoverError(
      'PROVISION_FAILED',
      `${problems.length} manifest kind(s) cannot be applied on this cluster; nothing was applied`,
      { details: problems },
    );
  }
  return skipped;
}

/**
 * The CRD name of a kind: `<plural>.<group>`, the plural guessed the way Kubernetes itself
 * guesses it from a kind (lower case; -s, -es after s/x/z/ch/sh, -ies after a consonant + y).
 */
export function crdName(group: string, kind: string): string {
  const k = kind.toLowerCase();
  let plural: string;
  if (/(s|x|z|ch|sh)$/.test(k)) plural = `${k}es`;
  else if (/[^aeiou]y$/.test(k)) plural = `${k.slice(0, -1)}ies`;
  else plural = `${k}s`;
  return group ? `${plural}.${group}` : plural;
}
