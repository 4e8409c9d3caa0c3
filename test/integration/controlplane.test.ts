/**
 * The local control plane is a real one: each test needs a component that a fake API
 * (a mock server, an API server alone, a client-side stub) does not have: controllers,
 * the scheduler, kwok's kubelets, authentication, RBAC, admission, server-side apply.
 */
import * as k8s from '@kubernetes/client-node';

import { LOCAL_READY_ANNOTATION } from '../../src/local/index.ts';
import { apiFailure, eventually, tokenKubeConfig, useTestCluster } from './helpers.ts';

const cluster = useTestCluster('controlplane');
const { core, apps, rbac, discovery } = cluster;

// Each test waits on controllers; on 2 cores under load that can take a while.
const TIMEOUT = 120_000;

function deployment(name: string, replicas: number): k8s.V1Deployment {
  return {
    metadata: { name, labels: { app: name } },
    spec: {
      replicas,
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name } },
        spec: {
          containers: [
            {
              name: 'app',
              image: 'registry.example/app:1.0.0',
              ports: [{ containerPort: 8080, name: 'http' }],
              resources: {
                requests: { cpu: '100m', memory: '64Mi' },
                limits: { cpu: '200m', memory: '128Mi' },
              },
            },
          ],
        },
      },
    },
  };
}

async function availableDeployment(
  namespace: string,
  name: string,
  replicas: number,
): Promise<k8s.V1Deployment> {
  return eventually(
    `Deployment ${namespace}/${name} Available with ${replicas} replicas`,
    async () => {
      const d = await apps.readNamespacedDeployment({ name, namespace });
      const available = d.status?.conditions?.find((c) => c.type === 'Available');
      return available?.status === 'True' && d.status?.availableReplicas === replicas
        ? d
        : undefined;
    },
    { timeoutMs: 60_000 },
  );
}

/** A pod that the restricted Pod Security profile forbids (privileged, root, host PID). */
function privilegedPod(name: string): k8s.V1Pod {
  return {
    metadata: { name },
    spec: {
      hostPID: true,
      containers: [
        {
          name: 'root',
          image: 'registry.example/tools:1',
          securityContext: { privileged: true, runAsUser: 0, allowPrivilegeEscalation: true },
        },
      ],
    },
  };
}

/** A pod that meets the restricted profile. */
function restrictedPod(name: string): k8s.V1Pod {
  return {
    metadata: { name },
    spec: {
      securityContext: {
        runAsNonRoot: true,
        runAsUser: 10001,
        seccompProfile: { type: 'RuntimeDefault' },
      },
      containers: [
        {
          name: 'app',
          image: 'registry.example/app:1.0.0',
          securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } },
        },
      ],
    },
  };
}

describe('local control plane', () => {
  test(
    'a Deployment of 3 replicas becomes Available on the kwok nodes',
    async () => {
      const ns = await cluster.namespace();
      await apps.createNamespacedDeployment({ namespace: ns, body: deployment('web', 3) });
      const d = await availableDeployment(ns, 'web', 3);
      expect(d.status?.readyReplicas).toBe(3);

      const nodes = await core.listNode();
      const fake = new Set(
        nodes.items
          .filter((n) => n.metadata?.annotations?.['kwok.x-k8s.io/node'] === 'fake')
          .map((n) => n.metadata?.name),
      );
      expect(fake.size).toBeGreaterThanOrEqual(3);

      const pods = await core.listNamespacedPod({ namespace: ns, labelSelector: 'app=web' });
      expect(pods.items).toHaveLength(3);
      for (const p of pods.items) {
        // The scheduler bound it to a fake node; kwok ran it; the ReplicaSet controller made it.
        expect(fake.has(p.spec?.nodeName)).toBe(true);
        expect(p.status?.phase).toBe('Running');
        expect(p.status?.conditions?.find((c) => c.type === 'Ready')?.status).toBe('True');
        expect(p.status?.podIP).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
        expect(p.metadata?.ownerReferences?.[0]?.kind).toBe('ReplicaSet');
      }
      const rs = await apps.listNamespacedReplicaSet({ namespace: ns });
      expect(rs.items.map((r) => r.metadata?.ownerReferences?.[0]?.name)).toEqual(['web']);
    },
    TIMEOUT,
  );

  test(
    'a Service gets EndpointSlices with the ready pods of its selector',
    async () => {
      const ns = await cluster.namespace();
      await apps.createNamespacedDeployment({ namespace: ns, body: deployment('api', 3) });
      const svc = await core.createNamespacedService({
        namespace: ns,
        body: {
          metadata: { name: 'api' },
          spec: {
            selector: { app: 'api' },
            ports: [{ name: 'http', port: 80, targetPort: 'http' }],
          },
        },
      });
      // A cluster IP from the API server's service range.
      expect(svc.spec?.clusterIP).toMatch(/^10\.96\.\d+\.\d+$/);
      await availableDeployment(ns, 'api', 3);

      const pods = await core.listNamespacedPod({ namespace: ns, labelSelector: 'app=api' });
      const podIPs = pods.items.map((p) => p.status?.podIP).sort();
      const addresses = await eventually(
        'EndpointSlices of Service api with 3 ready endpoints',
        async () => {
          const slices = await discovery.listNamespacedEndpointSlice({
            namespace: ns,
            labelSelector: 'kubernetes.io/service-name=api',
          });
          const ready = slices.items
            .flatMap((s) => s.endpoints ?? [])
            .filter((e) => e.conditions?.ready === true)
            .flatMap((e) => e.addresses)
            .sort();
          return ready.length === 3 ? { ready, slices } : undefined;
        },
        { timeoutMs: 30_000 },
      );
      expect(addresses.ready).toEqual(podIPs);
      const slice = addresses.slices.items[0];
      expect(slice?.ports?.[0]).toMatchObject({ name: 'http', port: 8080 });
      expect(slice?.metadata?.labels?.['endpointslice.kubernetes.io/managed-by']).toBe(
        'endpointslice-controller.k8s.io',
      );
    },
    TIMEOUT,
  );

  test(
    'a ServiceAccount token bound to a namespace Role is denied in another namespace',
    async () => {
      const home = await cluster.namespace({ prefix: 'rbac-home' });
      const other = await cluster.namespace({ prefix: 'rbac-other' });
      await core.createNamespacedServiceAccount({
        namespace: home,
        body: { metadata: { name: 'deployer' } },
      });
      await rbac.createNamespacedRole({
        namespace: home,
        body: {
          metadata: { name: 'configmaps' },
          rules: [{ apiGroups: [''], resources: ['configmaps'], verbs: ['get', 'list', 'create'] }],
        },
      });
      await rbac.createNamespacedRoleBinding({
        namespace: home,
        body: {
          metadata: { name: 'deployer-configmaps' },
          roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'configmaps' },
          subjects: [{ kind: 'ServiceAccount', name: 'deployer', namespace: home }],
        },
      });
      const tr = await core.createNamespacedServiceAccountToken({
        name: 'deployer',
        namespace: home,
        body: { spec: { audiences: [], expirationSeconds: 600 } },
      });
      const token = tr.status?.token;
      expect(token).toBeTruthy();

      const asDeployer = tokenKubeConfig(cluster.kc, token ?? '');
      const deployerCore = asDeployer.makeApiClient(k8s.CoreV1Api);

      // The API server authenticates the token as the service account.
      const review = await asDeployer
        .makeApiClient(k8s.AuthenticationV1Api)
        .createSelfSubjectReview({
          body: { apiVersion: 'authentication.k8s.io/v1', kind: 'SelfSubjectReview' },
        });
      expect(review.status?.userInfo?.username).toBe(`system:serviceaccount:${home}:deployer`);

      // Allowed at home (RBAC caches settle within a moment of the binding).
      await eventually('the deployer to list configmaps at home', async () => {
        await deployerCore.listNamespacedConfigMap({ namespace: home });
        return true;
      });
      await deployerCore.createNamespacedConfigMap({
        namespace: home,
        body: { metadata: { name: 'made-by-deployer' }, data: { ok: 'yes' } },
      });

      // Denied elsewhere: a real 403 from the RBAC authorizer.
      const denied = await apiFailure(deployerCore.listNamespacedConfigMap({ namespace: other }));
      expect(denied.code).toBe(403);
      expect(denied.status?.reason).toBe('Forbidden');
      expect(denied.message).toContain(`system:serviceaccount:${home}:deployer`);
      expect(denied.message).toContain(`in the namespace "${other}"`);
      // Denied at home too, for a verb the Role does not grant.
      const noDelete = await apiFailure(
        deployerCore.deleteNamespacedConfigMap({ name: 'made-by-deployer', namespace: home }),
      );
      expect(noDelete.code).toBe(403);

      // And a token the API server did not sign is not a user at all.
      const forged = tokenKubeConfig(cluster.kc, `${token ?? ''}x`).makeApiClient(k8s.CoreV1Api);
      expect((await apiFailure(forged.listNamespacedConfigMap({ namespace: home }))).code).toBe(
        401,
      );
    },
    TIMEOUT,
  );

  test(
    'Pod Security admission rejects a privileged pod in a restricted namespace',
    async () => {
      const restricted = await cluster.namespace({
        prefix: 'psa-restricted',
        labels: { 'pod-security.kubernetes.io/enforce': 'restricted' },
      });
      const rejected = await apiFailure(
        core.createNamespacedPod({ namespace: restricted, body: privilegedPod('root') }),
      );
      expect(rejected.code).toBe(403);
      expect(rejected.message).toContain('violates PodSecurity "restricted:latest"');
      expect(rejected.message).toMatch(/privileged/);

      // The same cluster admits a pod that meets the profile...
      await core.createNamespacedPod({ namespace: restricted, body: restrictedPod('compliant') });
      // ...and the privileged pod where the namespace allows it: the label made the difference.
      const open = await cluster.namespace({
        prefix: 'psa-privileged',
        labels: { 'pod-security.kubernetes.io/enforce': 'privileged' },
      });
      const created = await core.createNamespacedPod({
        namespace: open,
        body: privilegedPod('root'),
      });
      expect(created.spec?.containers[0]?.securityContext?.privileged).toBe(true);
    },
    TIMEOUT,
  );

  test(
    'a Pod over the ResourceQuota is rejected',
    async () => {
      const ns = await cluster.namespace({ prefix: 'quota' });
      await core.createNamespacedResourceQuota({
        namespace: ns,
        body: { metadata: { name: 'small' }, spec: { hard: { pods: '2', 'requests.cpu': '1' } } },
      });
      // The resourcequota controller computes the quota's status before admission enforces it.
      await eventually('ResourceQuota small to have a status', async () => {
        const q = await core.readNamespacedResourceQuota({ name: 'small', namespace: ns });
        return q.status?.hard?.pods === '2' && q.status.used?.pods === '0';
      });
      const pod = (name: string, cpu: string): k8s.V1Pod => ({
        metadata: { name },
        spec: {
          containers: [
            { name: 'app', image: 'registry.example/app:1', resources: { requests: { cpu } } },
          ],
        },
      });
      await core.createNamespacedPod({ namespace: ns, body: pod('one', '400m') });

      const tooMuchCpu = await apiFailure(
        core.createNamespacedPod({ namespace: ns, body: pod('big', '700m') }),
      );
      expect(tooMuchCpu.code).toBe(403);
      expect(tooMuchCpu.message).toContain('exceeded quota: small');
      expect(tooMuchCpu.message).toContain('requests.cpu');

      await core.createNamespacedPod({ namespace: ns, body: pod('two', '100m') });
      const tooMany = await apiFailure(
        core.createNamespacedPod({ namespace: ns, body: pod('three', '100m') }),
      );
      expect(tooMany.code).toBe(403);
      expect(tooMany.message).toContain('exceeded quota: small');
      expect(tooMany.message).toMatch(/pods=2/);
    },
    TIMEOUT,
  );

  test(
    'server-side apply conflicts between field managers return 409 unless forced',
    async () => {
      const ns = await cluster.namespace({ prefix: 'ssa' });
      const apply = (manager: string, color: string, force = false): Promise<k8s.V1ConfigMap> =>
        core.patchNamespacedConfigMap(
          {
            name: 'settings',
            namespace: ns,
            fieldManager: manager,
            force,
            body: {
              apiVersion: 'v1',
              kind: 'ConfigMap',
              metadata: { name: 'settings', namespace: ns },
              data: { color },
            },
          },
          k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.ServerSideApply),
        );

      const created = await apply('alice', 'blue');
      expect(created.data).toEqual({ color: 'blue' });
      // Re-applying your own field is no conflict.
      await apply('alice', 'blue');

      const conflict = await apiFailure(apply('bob', 'green'));
      expect(conflict.code).toBe(409);
      expect(conflict.status?.reason).toBe('Conflict');
      expect(conflict.message).toContain('conflict with "alice"');
      expect(conflict.message).toContain('.data.color');
      const unchanged = await core.readNamespacedConfigMap({ name: 'settings', namespace: ns });
      expect(unchanged.data?.color).toBe('blue');

      const forced = await apply('bob', 'green', true);
      expect(forced.data?.color).toBe('green');
      const owners = (forced.metadata?.managedFields ?? [])
        .filter((f) => JSON.stringify(f.fieldsV1 ?? {}).includes('f:color'))
        .map((f) => f.manager);
      expect(owners).toEqual(['bob']);

      // Now alice is the one in conflict.
      expect((await apiFailure(apply('alice', 'blue'))).code).toBe(409);
    },
    TIMEOUT,
  );

  test(
    `a pod annotated ${LOCAL_READY_ANNOTATION}=false runs but never becomes Ready`,
    async () => {
      const ns = await cluster.namespace({ prefix: 'unready' });
      const body = deployment('broken', 2);
      body.spec!.template.metadata!.annotations = { [LOCAL_READY_ANNOTATION]: 'false' };
      body.spec!.progressDeadlineSeconds = 600;
      await apps.createNamespacedDeployment({ namespace: ns, body });
      const pods = await eventually('2 running pods of broken', async () => {
        const list = await core.listNamespacedPod({ namespace: ns, labelSelector: 'app=broken' });
        const running = list.items.filter((p) => p.status?.phase === 'Running');
        return running.length === 2 ? running : undefined;
      });
      for (const p of pods) {
        expect(p.status?.conditions?.find((c) => c.type === 'Ready')?.status).toBe('False');
        expect(p.status?.containerStatuses?.[0]?.state?.running).toBeDefined();
        expect(p.status?.containerStatuses?.[0]?.ready).toBe(false);
      }
      const d = await apps.readNamespacedDeployment({ name: 'broken', namespace: ns });
      expect(d.status?.availableReplicas ?? 0).toBe(0);
      expect(d.status?.conditions?.find((c) => c.type === 'Available')?.status).toBe('False');
    },
    TIMEOUT,
  );

  test(
    'deleting a namespace removes its pods and the namespace (namespace controller and kwok)',
    async () => {
      const ns = await cluster.namespace({ prefix: 'teardown' });
      await apps.createNamespacedDeployment({ namespace: ns, body: deployment('web', 2) });
      await availableDeployment(ns, 'web', 2);
      await core.deleteNamespace({ name: ns });
      await eventually(
        `namespace ${ns} to be gone`,
        async () => {
          const failure = await apiFailure(core.readNamespace({ name: ns }));
          return failure.code === 404;
        },
        { timeoutMs: 60_000, intervalMs: 500 },
      );
    },
    TIMEOUT,
  );
});
