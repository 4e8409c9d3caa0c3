// provision-iac against the real API server of the local control plane: no mocks.
import * as k8s from '@kubernetes/client-node';
import { CutoverError } from '../../src/errors.ts';
import { Cluster } from '../../src/kube/cluster.ts';
import { provision } from '../../src/tenancy/provision.ts';
import { deployerRules } from '../../src/tenancy/deployer-role.ts';
import {
  adminCluster,
  adminConfig,
  resourceVersions,
  serviceAccountConfig,
  tenantConfig,
  rejectionOf,
  uniqueApp,
} from './tenant-fixtures.ts';

const app = uniqueApp('prov');
const config = tenantConfig(app, [
  { id: 'alpha', ring: 'canary' },
  { id: 'bravo', ring: 'main', tier: 'large' },
]);
const nsA = `${app}-alpha`;
const nsB = `${app}-bravo`;
const admin = adminConfig();
const core = admin.makeApiClient(k8s.CoreV1Api);

async function expectStatus(p: Promise<unknown>, status: number): Promise<void> {
  const e = await rejectionOf(p);
  expect(e).toBeInstanceOf(k8s.ApiException);
  expect((e as k8s.ApiException<unknown>).code).toBe(status);
}

/** The message of the API server's Status body. */
function statusMessage(e: k8s.ApiException<string> | undefined): string {
  return (JSON.parse(String(e?.body)) as { message: string }).message;
}

beforeAll(async () => {
  const report = await provision(adminCluster(), config);
  expect(report.ok).toBe(true);
});

describe('provisioning two tenants', () => {
  it('creates each namespace with Pod Security and ownership labels', async () => {
    for (const [ns, tenant] of [
      [nsA, 'alpha'],
      [nsB, 'bravo'],
    ] as const) {
      const n = await core.readNamespace({ name: ns });
      expect(n.metadata!.labels).toMatchObject({
        'pod-security.kubernetes.io/enforce': 'restricted',
        'app.kubernetes.io/managed-by': 'cutover',
        'cutover.dev/tenant': tenant,
        'cutover.dev/app': app,
      });
    }
  });

  it('gives every object the ownership labels and the tier quota', async () => {
    const quota = await core.readNamespacedResourceQuota({ name: 'cutover-quota', namespace: nsB });
    expect(quota.spec!.hard).toMatchObject({
      'requests.cpu': '8',
      'requests.memory': '16Gi',
      pods: '50',
      'limits.cpu': '16',
    });
    expect(quota.metadata!.labels).toMatchObject({
      'app.kubernetes.io/managed-by': 'cutover',
      'cutover.dev/tenant': 'bravo',
    });
    // read as plain JSON: the typed client renames `default` to `_default`
    const lr = await adminCluster().get<k8s.KubernetesObject & { spec: { limits: object[] } }>({
      apiVersion: 'v1',
      kind: 'LimitRange',
      name: 'cutover-limits',
      namespace: nsA,
    });
    expect(lr!.spec.limits[0]).toEqual({
      type: 'Container',
      default: { cpu: '500m', memory: '512Mi' },
      defaultRequest: { cpu: '100m', memory: '128Mi' },
    });
  });

  it('writes NetworkPolicies with default deny and the allowances (rules checked: no network plugin enforces them here)', async () => {
    // read as plain JSON, exactly as stored (the typed client renames `from` to `_from`)
    type Peer = { from?: object[]; to?: object[]; ports?: object[] };
    type Spec = { podSelector: object; policyTypes: string[]; ingress?: Peer[]; egress?: Peer[] };
    const list = await adminCluster().list<k8s.KubernetesObject & { spec: Spec }>(
      'networking.k8s.io/v1',
      'NetworkPolicy',
      {
        namespace: nsA,
      },
    );
    const byName = Object.fromEntries(list.map((p) => [p.metadata!.name!, p.spec]));
    expect(Object.keys(byName).sort()).toEqual([
      'cutover-allow-dns',
      'cutover-allow-ingress',
      'cutover-allow-monitoring',
      'cutover-allow-same-namespace',
      'cutover-default-deny',
    ]);
    expect(byName['cutover-default-deny']).toMatchObject({
      podSelector: {},
      policyTypes: ['Ingress', 'Egress'],
    });
    expect(byName['cutover-default-deny']!.ingress).toBeUndefined();
    expect(byName['cutover-allow-dns']!.egress![0]!.ports).toEqual([
      { protocol: 'UDP', port: 53 },
      { protocol: 'TCP', port: 53 },
    ]);
    expect(byName['cutover-allow-ingress']!.ingress![0]).toEqual({
      from: [
        { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'ingress-nginx' } } },
      ],
      ports: [{ protocol: 'TCP', port: 8080 }],
    });
    expect(byName['cutover-allow-monitoring']!.ingress![0]!.from).toEqual([
      { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'monitoring' } } },
    ]);
  });
});

describe('isolation between tenants', () => {
  let deployerA: k8s.KubeConfig;
  beforeAll(async () => {
    deployerA = await serviceAccountConfig(nsA, 'cutover-deployer');
  });

  it("tenant A's deployer token gets 403 for every verb on tenant B's namespace (real requests)", async () => {
    const coreA = deployerA.makeApiClient(k8s.CoreV1Api);
    const appsA = deployerA.makeApiClient(k8s.AppsV1Api);
    const cm = { metadata: { name: 'x' }, data: { a: 'b' } };
    await expectStatus(coreA.listNamespacedPod({ namespace: nsB }), 403);
    await expectStatus(coreA.listNamespacedConfigMap({ namespace: nsB }), 403);
    await expectStatus(coreA.createNamespacedConfigMap({ namespace: nsB, body: cm }), 403);
    await expectStatus(
      coreA.readNamespacedResourceQuota({ name: 'cutover-quota', namespace: nsB }),
      403,
    );
    await expectStatus(
      coreA.deleteNamespacedResourceQuota({ name: 'cutover-quota', namespace: nsB }),
      403,
    );
    await expectStatus(appsA.listNamespacedDeployment({ namespace: nsB }), 403);
    await expectStatus(coreA.listNamespacedSecret({ namespace: nsB }), 403);
    // and on cluster-scoped objects
    await expectStatus(coreA.listNamespace(), 403);
    await expectStatus(coreA.listNode(), 403);
    await expectStatus(coreA.deleteNamespace({ name: nsB }), 403);
    await expectStatus(deployerA.makeApiClient(k8s.RbacAuthorizationV1Api).listClusterRole(), 403);
    // while in its own namespace it works: the denials above are about tenancy, not a broken token
    await expect(
      coreA.createNamespacedConfigMap({ namespace: nsA, body: cm }),
    ).resolves.toBeDefined();
    await expect(appsA.listNamespacedDeployment({ namespace: nsA })).resolves.toBeDefined();
  });

  it('SubjectAccessReview: the full verb x resource matrix is denied outside its namespace and allowed exactly as the Role says inside', async () => {
    const authz = admin.makeApiClient(k8s.AuthorizationV1Api);
    const user = `system:serviceaccount:${nsA}:cutover-deployer`;
    const verbs = [
      'get',
      'list',
      'watch',
      'create',
      'update',
      'patch',
      'delete',
      'deletecollection',
    ];
    const resources: [string, string][] = [
      ['', 'pods'],
      ['', 'services'],
      ['', 'configmaps'],
      ['', 'secrets'],
      ['', 'serviceaccounts'],
      ['', 'resourcequotas'],
      ['', 'limitranges'],
      ['apps', 'deployments'],
      ['apps', 'replicasets'],
      ['coordination.k8s.io', 'leases'],
      ['networking.k8s.io', 'networkpolicies'],
      ['networking.k8s.io', 'ingresses'],
      ['rbac.authorization.k8s.io', 'roles'],
      ['rbac.authorization.k8s.io', 'rolebindings'],
      ['gateway.networking.k8s.io', 'httproutes'],
    ];
    const clusterScoped: [string, string][] = [
      ['', 'namespaces'],
      ['', 'nodes'],
      ['rbac.authorization.k8s.io', 'clusterroles'],
      ['rbac.authorization.k8s.io', 'clusterrolebindings'],
      ['apiextensions.k8s.io', 'customresourcedefinitions'],
    ];
    const allowedByRole = (group: string, resource: string, verb: string) =>
      deployerRules(config.routing).some(
        (r) =>
          r.apiGroups!.includes(group) && r.resources!.includes(resource) && r.verbs.includes(verb),
      );
    const ask = async (verb: string, group: string, resource: string, namespace?: string) => {
      const r = await authz.createSubjectAccessReview({
        body: {
          spec: {
            user,
            groups: ['system:serviceaccounts', `system:serviceaccounts:${nsA}`],
            resourceAttributes: { verb, group, resource, namespace },
          },
        },
      });
      return r.status!.allowed;
    };
    const wrong: string[] = [];
    for (const verb of verbs) {
      for (const [group, resource] of resources) {
        if (await ask(verb, group, resource, nsB)) wrong.push(`${verb} ${resource} in B allowed`);
        if ((await ask(verb, group, resource, nsA)) !== allowedByRole(group, resource, verb)) {
          wrong.push(`${verb} ${resource} in A: expected ${allowedByRole(group, resource, verb)}`);
        }
      }
      for (const [group, resource] of clusterScoped) {
        if (await ask(verb, group, resource))
          wrong.push(`${verb} ${resource} cluster-wide allowed`);
      }
    }
    expect(wrong).toEqual([]);
    // the matrix is not vacuous: the deployer may deploy in its own namespace, and never read secrets
    expect(await ask('patch', 'apps', 'deployments', nsA)).toBe(true);
    expect(await ask('get', '', 'secrets', nsA)).toBe(false);
  });

  it('rejects a privileged Pod in a tenant namespace (Pod Security admission)', async () => {
    const e = await rejectionOf<k8s.ApiException<string>>(
      core.createNamespacedPod({
        namespace: nsA,
        body: {
          metadata: { name: 'privileged' },
          spec: {
            containers: [{ name: 'c', image: 'busybox', securityContext: { privileged: true } }],
          },
        },
      }),
    );
    expect(e?.code).toBe(403);
    expect(statusMessage(e)).toContain('violates PodSecurity "restricted:latest"');
  });

  it('rejects a Pod over the tenant quota', async () => {
    const e = await rejectionOf<k8s.ApiException<string>>(
      core.createNamespacedPod({
        namespace: nsA,
        body: {
          metadata: { name: 'greedy' },
          spec: {
            securityContext: { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } },
            containers: [
              {
                name: 'c',
                image: 'busybox',
                securityContext: {
                  allowPrivilegeEscalation: false,
                  capabilities: { drop: ['ALL'] },
                  runAsUser: 1000,
                },
                resources: {
                  requests: { cpu: '3', memory: '128Mi' },
                  limits: { cpu: '3', memory: '128Mi' },
                },
              },
            ],
          },
        },
      }),
    );
    expect(e?.code).toBe(403);
    expect(statusMessage(e)).toContain('exceeded quota: cutover-quota');
  });
});

describe('converging', () => {
  it('a re-run writes nothing', async () => {
    const cluster = adminCluster();
    const before = await resourceVersions(cluster, [nsA, nsB]);
    const rerun = adminCluster();
    const report = await provision(rerun, config);
    expect(report.ok).toBe(true);
    expect(report.stats.writes).toBe(0);
    expect(
      report.results.every(
        (r) => r.status === 'ok' && r.value.every((c) => c.action === 'unchanged'),
      ),
    ).toBe(true);
    expect(await resourceVersions(cluster, [nsA, nsB])).toEqual(before);
  });

  it('a hand-edited quota shows in the plan and is restored by apply', async () => {
    await core.patchNamespacedResourceQuota(
      {
        name: 'cutover-quota',
        namespace: nsA,
        body: [{ op: 'replace', path: '/spec/hard/requests.cpu', value: '64' }],
      },
      k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.JsonPatch),
    );
    const plan = await provision(adminCluster(), config, { dryRun: true });
    const alpha = plan.results.find((r) => r.item.id === 'alpha')!;
    expect(alpha.status).toBe('ok');
    const changes = alpha.status === 'ok' ? alpha.value : [];
    const quota = changes.find((c) => c.kind === 'ResourceQuota')!;
    expect(quota.action).toBe('update');
    expect(quota.fields).toEqual(['spec.hard.requests.cpu: "64" → "2"']);
    expect(plan.stats.writes).toBe(0);
    expect(
      (await core.readNamespacedResourceQuota({ name: 'cutover-quota', namespace: nsA })).spec!
        .hard!['requests.cpu'],
    ).toBe('64');

    const applied = await provision(adminCluster(), config);
    expect(applied.stats.writes).toBe(1);
    expect(
      (await core.readNamespacedResourceQuota({ name: 'cutover-quota', namespace: nsA })).spec!
        .hard!['requests.cpu'],
    ).toBe('2');
  });

  it('removing a tenant without the explicit allowance fails and deletes nothing', async () => {
    const cluster = adminCluster();
    const before = await resourceVersions(cluster, [nsA, nsB]);
    const withoutBravo = tenantConfig(app, [
      { id: 'alpha', ring: 'canary' },
      { id: 'charlie', ring: 'main' },
    ]);
    const e = await rejectionOf(provision(cluster, withoutBravo));
    expect(e).toBeInstanceOf(CutoverError);
    expect((e as CutoverError).code).toBe('PRUNE_REFUSED');
    expect((e as CutoverError).details[0]!.message).toContain(`tenant bravo: namespace ${nsB}`);
    expect(cluster.stats.writes).toBe(0);
    expect(await resourceVersions(cluster, [nsA, nsB])).toEqual(before);
    expect(
      await cluster.get({ apiVersion: 'v1', kind: 'Namespace', name: `${app}-charlie` }),
    ).toBeUndefined();
  });
});

describe('removing a tenant with the allowance', () => {
  it('plans the deletion in a dry run, then deletes the namespace', async () => {
    const cluster = adminCluster();
    const withoutBravo = tenantConfig(app, [{ id: 'alpha', ring: 'canary' }], ['canary']);
    const plan = await provision(cluster, withoutBravo, {
      allowNamespaceDeletion: true,
      dryRun: true,
    });
    expect(plan.removed).toEqual([{ unit: 'bravo', namespace: nsB }]);
    expect(
      (await cluster.get({ apiVersion: 'v1', kind: 'Namespace', name: nsB }))?.metadata
        ?.deletionTimestamp,
    ).toBeUndefined();

    const report = await provision(cluster, withoutBravo, { allowNamespaceDeletion: true });
    expect(report.ok).toBe(true);
    const ns = await cluster.get({ apiVersion: 'v1', kind: 'Namespace', name: nsB });
    // gone, or on its way (the namespace controller empties it first)
    expect(ns === undefined || ns.metadata?.deletionTimestamp !== undefined).toBe(true);
    expect(await cluster.get({ apiVersion: 'v1', kind: 'Namespace', name: nsA })).toBeDefined();
  });
});

describe('bad cluster credentials', () => {
  it('an unreachable cluster is one clear error', async () => {
    const kc = new k8s.KubeConfig();
    kc.loadFromOptions({
      clusters: [{ name: 'gone', server: 'https://127.0.0.1:1', skipTLSVerify: true }],
      users: [{ name: 'u', token: 'secret-token-value' }],
      contexts: [{ name: 'c', cluster: 'gone', user: 'u' }],
      currentContext: 'c',
    });
    const e = await rejectionOf<CutoverError>(provision(new Cluster(kc), config));
    expect(e?.code).toBe('CLUSTER_UNREACHABLE');
    expect(e?.message).toContain('https://127.0.0.1:1');
    expect(e?.format()).not.toContain('secret-token-value');
  });

  it('a kubeconfig without rights fails before applying anything, listing what is missing', async () => {
    const other = tenantConfig(
      uniqueApp('norights'),
      [{ id: 'delta', ring: 'canary' }],
      ['canary'],
    );
    const cluster = new Cluster(await serviceAccountConfig(nsA, 'cutover-deployer'));
    const e = await rejectionOf<CutoverError>(provision(cluster, other));
    expect(e?.code).toBe('CLUSTER_FORBIDDEN');
    expect(e?.details.map((d) => d.message)).toContain('create namespaces (cluster-wide)');
    expect(cluster.stats.writes).toBe(0);
    expect(
      await adminCluster().get({
        apiVersion: 'v1',
        kind: 'Namespace',
        name: `${other.app.name}-delta`,
      }),
    ).toBeUndefined();
  });
});
