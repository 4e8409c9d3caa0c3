import { CutoverError } from '../errors.ts';
import type { AccessQuestion, Cluster } from '../kube/cluster.ts';

/**
 * The rights provisioning needs, checked before anything is applied, so a kubeconfig
 * without them fails with the list of what is missing and changes nothing.
 */
const NAMESPACED: [group: string, resource: string][] = [
  ['', 'serviceaccounts'],
  ['rbac.authorization.k8s.io', 'roles'],
  ['rbac.authorization.k8s.io', 'rolebindings'],
  ['', 'resourcequotas'],
  ['', 'limitranges'],
  ['networking.k8s.io', 'networkpolicies'],
];

export function provisionRights(opts: { prune: boolean }): AccessQuestion[] {
  const questions: AccessQuestion[] = [
    { verb: 'list', group: '', resource: 'namespaces' },
    { verb: 'create', group: '', resource: 'namespaces' },
    { verb: 'patch', group: '', resource: 'namespaces' },
  ];
  if (opts.prune) questions.push({ verb: 'delete', group: '', resource: 'namespaces' });
  for (const [group, resource] of NAMESPACED) {
    for (const verb of ['list', 'patch', 'delete']) questions.push({ verb, group, resource });
  }
  return questions;
}

export async function checkRights(cluster: Cluster, questions: AccessQuestion[]): Promise<void> {
  const answers = await cluster.canI(questions);
  const missing = questions.filter((_, i) => !answers[i]);
  if (missing.length === 0) return;
  throw new CutoverError(
    'CLUSTER_FORBIDDEN',
    `the kubeconfig user may not provision tenants: ${missing.length} rights are missing; nothing was applied`,
    {
      details: missing.map((q) => ({
        message: `${q.verb} ${q.group ? `${q.resource}.${q.group}` : q.resource} (cluster-wide)`,
      })),
      hint: 'provision with a platform-admin kubeconfig; see "Cluster rights" in the README',
    },
  );
}
