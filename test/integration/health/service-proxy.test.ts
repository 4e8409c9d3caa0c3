// The API server's service proxy on the local cluster: kube-apiserver runs inside the
// cluster's network namespace, where kwok's pod IPs are local addresses and a responder
// answers on each Running pod's IP and container port. So
// GET /api/v1/namespaces/<ns>/services/<svc>:<port>/proxy/<path> reaches a real process
// behind the Service's endpoints, the way it reaches a pod on a real cluster. Then a real
// Prometheus started in that namespace on a pod's IP is queried by the client through the
// proxy, as the health gate queries an in-cluster Prometheus.
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import type { KubernetesObject, V1Pod } from '@kubernetes/client-node';
import { dirname } from 'node:path';

import { CutoverError } from '../../../src/errors.ts';
import { PrometheusClient } from '../../../src/health/prometheus/client.ts';
import { Cluster } from '../../../src/kube/cluster.ts';
import { readState } from '../../../src/local/state.ts';
import { type RunningPrometheus, startPrometheus } from '../../support/prometheus.ts';
import { eventually, testKubeconfigPath, useTestCluster } from '../helpers.ts';
import { adminCluster, serviceAccountConfig } from '../tenant-fixtures.ts';

const cluster = useTestCluster('svc-proxy');
const APP = { 'app.kubernetes.io/name': 'web', 'cutover.dev/color': 'green' };

const deployment = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web' },
  spec: {
    replicas: 1,
    selector: { matchLabels: APP },
    template: {
      metadata: { labels: { ...APP, 'app.kubernetes.io/version': '1.2.3' } },
      spec: {
        containers: [
          { name: 'web', image: 'example.test/web:1.2.3', ports: [{ containerPort: 8080 }] },
        ],
      },
    },
  },
};

const service = (name: string, selector: Record<string, string>, port: number, target: number) => ({
  apiVersion: 'v1',
  kind: 'Service',
  metadata: { name },
  spec: { selector, ports: [{ name: 'http', port, targetPort: target }] },
});

interface Answer {
  pod: string;
  namespace: string;
  version: string;
  color: string;
  ready?: boolean;
}

let ns: string;
let admin: Cluster;
let webPod: string;

beforeAll(async () => {
  ns = await cluster.namespace();
  admin = adminCluster();
  for (const obj of [
    deployment,
    service('web', APP, 80, 8080),
    service('empty', { 'app.kubernetes.io/name': 'nobody' }, 80, 8080),
  ])
    await admin.apply({ ...obj, metadata: { ...obj.metadata, namespace: ns } } as KubernetesObject);
  webPod = await eventually(
    'the web pod Running with an IP',
    async () => {
      const pods = await admin.list<V1Pod>('v1', 'Pod', {
        namespace: ns,
        labelSelector: 'app.kubernetes.io/name=web',
      });
      const p = pods.find((x) => x.status?.phase === 'Running' && x.status.podIP);
      return p?.metadata?.name;
    },
    { timeoutMs: 60_000 },
  );
});

describe('Cluster.proxyGet', () => {
  test('reaches the responder of the pod behind the Service', async () => {
    const before = admin.stats.reads;
    const res = await eventually(
      'the responder through the service proxy',
      async () => {
        const r = await admin.proxyGet({ namespace: ns, service: 'web', port: 80 }, '/orders', {
          query: { page: '2' },
        });
        if (r.status === 200) return r;
        throw new Error(`HTTP ${r.status}: ${r.text.slice(0, 200)}`);
      },
      { timeoutMs: 60_000, intervalMs: 500 },
    );
    const answer = JSON.parse(res.text) as Answer;
    process.stderr.write(`service proxy: ${res.status} ${res.text.trim()}\n`);
    expect(answer).toMatchObject({ pod: webPod, namespace: ns, version: '1.2.3', color: 'green' });
    expect(res.headers['x-cutover-pod']).toBe(webPod);
    expect(admin.stats.reads).toBeGreaterThan(before);
  });

  test('by port name with a scheme, any path: /healthz says the pod is ready', async () => {
    const res = await admin.proxyGet(
      { namespace: ns, service: 'web', port: 'http', scheme: 'http' },
      'healthz',
      { headers: { Accept: '*/*' } },
    );
    expect(res.status).toBe(200);
    expect(JSON.parse(res.text)).toMatchObject({ pod: webPod, ready: true });
  });

  test('a Service without endpoints: 503 from the API server, returned as it is', async () => {
    const res = await admin.proxyGet({ namespace: ns, service: 'empty', port: 80 }, '/');
    expect(res.status).toBe(503);
    expect(JSON.parse(res.text)).toMatchObject({
      kind: 'Status',
      code: 503,
      message: 'no endpoints available for service "empty"',
    });
  });

  test('a Service that does not exist: 404', async () => {
    const res = await admin.proxyGet({ namespace: ns, service: 'nope', port: 80 }, '/');
    expect(res.status).toBe(404);
    expect(JSON.parse(res.text)).toMatchObject({ kind: 'Status', reason: 'NotFound' });
  });

  test('needs `get` on services/proxy, and that alone is enough', async () => {
    await cluster.core.createNamespacedServiceAccount({
      namespace: ns,
      body: { metadata: { name: 'gate' } },
    });
    const gate = new Cluster(await serviceAccountConfig(ns, 'gate'));
    const target = { namespace: ns, service: 'web', port: 80 };
    const refused = await gate.proxyGet(target, '/');
    expect(refused.status).toBe(403);
    expect(JSON.parse(refused.text).message).toContain(
      `cannot get resource "services/proxy" in API group "" in the namespace "${ns}"`,
    );
    // Through the Prometheus client, the refusal says which right to grant.
    const e = (await new PrometheusClient({
      cluster: gate,
      service: { namespace: ns, name: 'web', port: 80 },
    })
      .instant('up')
      .catch((err: unknown) => err)) as CutoverError;
    expect(e.code).toBe('PROMETHEUS_UNREACHABLE');
    expect(e.httpStatus).toBe(403);
    expect(e.hint).toContain('`get` on `services/proxy`');

    await cluster.rbac.createNamespacedRole({
      namespace: ns,
      body: {
        metadata: { name: 'service-proxy' },
        rules: [{ apiGroups: [''], resources: ['services/proxy'], verbs: ['get'] }],
      },
    });
    await cluster.rbac.createNamespacedRoleBinding({
      namespace: ns,
      body: {
        metadata: { name: 'service-proxy' },
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'service-proxy' },
        subjects: [{ kind: 'ServiceAccount', name: 'gate', namespace: ns }],
      },
    });
    const allowed = await eventually('the Role to apply', async () => {
      const r = await gate.proxyGet(target, '/');
      return r.status === 200 && r;
    });
    expect(JSON.parse(allowed.text)).toMatchObject({ pod: webPod });
  });
});

describe('PrometheusClient through the service proxy', () => {
  test('a Service that answers, but not as Prometheus: PROMETHEUS_UNREACHABLE with an excerpt', async () => {
    const e = (await new PrometheusClient({
      cluster: admin,
      service: { namespace: ns, name: 'web', port: 80 },
    })
      .instant('up')
      .catch((err: unknown) => err)) as CutoverError;
    expect(e.code).toBe('PROMETHEUS_UNREACHABLE');
    expect(e.message).toContain(`the Service ${ns}/web:80`);
    expect(e.message).toContain(webPod);
  });

  test('a Service without endpoints: PROMETHEUS_UNREACHABLE saying the pods are not ready', async () => {
    const e = (await new PrometheusClient({
      cluster: admin,
      service: { namespace: ns, name: 'empty', port: 80 },
    })
      .instant('up')
      .catch((err: unknown) => err)) as CutoverError;
    expect(e.code).toBe('PROMETHEUS_UNREACHABLE');
    expect(e.httpStatus).toBe(503);
    expect(e.message).toContain('no endpoints available for service "empty"');
    expect(e.hint).toContain('Ready');
  });

  describe('a real Prometheus on a pod IP in the cluster namespace', () => {
    let prom: RunningPrometheus | undefined;
    let client: PrometheusClient;

    beforeAll(async () => {
      const netns = readState(dirname(testKubeconfigPath()))?.netns;
      if (!netns)
        throw new Error(
          'the test cluster has no network namespace: the global setup starts it with traffic (as root)',
        );
      // A pod with no container port: the responders leave its address to Prometheus.
      await admin.apply({
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name: 'prometheus', namespace: ns, labels: { app: 'prometheus' } },
        spec: { containers: [{ name: 'prometheus', image: 'example.test/prometheus:2.42' }] },
      } as KubernetesObject);
      await admin.apply({
        ...service('prometheus', { app: 'prometheus' }, 9090, 9090),
        metadata: { name: 'prometheus', namespace: ns },
      } as KubernetesObject);
      const ip = await eventually(
        'the prometheus pod IP',
        async () =>
          (
            await admin.get<V1Pod>({
              apiVersion: 'v1',
              kind: 'Pod',
              namespace: ns,
              name: 'prometheus',
            })
          )?.status?.podIP,
        { timeoutMs: 60_000 },
      );
      const web = (await admin.get<V1Pod>({
        apiVersion: 'v1',
        kind: 'Pod',
        namespace: ns,
        name: webPod,
      }))!;
      prom = await startPrometheus({
        netns,
        host: ip,
        port: 9090,
        targets: [
          { job: 'responders', address: `${web.status!.podIP}:8080`, labels: { tenant: 'acme' } },
        ],
      });
      process.stderr.write(
        `service proxy: prometheus in ${netns} at ${prom.url}, ready in ${prom.startupMs} ms\n`,
      );
      client = new PrometheusClient({
        cluster: admin,
        service: { namespace: ns, name: 'prometheus', port: 9090 },
      });
    });

    afterAll(async () => {
      await prom?.stop();
    });

    test('instant and range queries come back through the API server', async () => {
      const r = await eventually(
        "the responder's metrics scraped",
        async () => {
          const x = await client.instant('sum by (pod, namespace) (cutover_local_requests_total)');
          return x.samples.length > 0 && x;
        },
        { timeoutMs: 30_000, intervalMs: 500 },
      );
      expect(r.samples).toEqual([
        { labels: { pod: webPod, namespace: ns }, value: expect.any(Number) },
      ]);
      expect(r.samples[0]!.value).toBeGreaterThan(0);

      const end = Date.now() / 1000;
      const range = await client.range('up{job="responders"}', {
        start: end - 3,
        end,
        stepSeconds: 1,
      });
      expect(range.series).toHaveLength(1);
      expect(range.series[0]!.labels).toMatchObject({ job: 'responders', tenant: 'acme' });
      expect(range.series[0]!.points.at(-1)![1]).toBe(1);
    });

    test("invalid PromQL: Prometheus's 400 passes through the proxy as PROMETHEUS_QUERY", async () => {
      const e = (await client
        .instant('sum(rate(x[5m])')
        .catch((err: unknown) => err)) as CutoverError;
      expect(e.code).toBe('PROMETHEUS_QUERY');
      expect(e.message).toContain('unclosed left parenthesis');
    });
  });
});
