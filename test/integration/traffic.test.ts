// Real requests through the local data plane: the test cluster runs in a network
// namespace where every Running pod's IP answers (the responders) and Traefik serves the
// Gateway API behind gateway-system/cutover-local. Requests go from the host to the
// bridged entry and land on pods; the test counts where.
import type { KubernetesObject } from '@kubernetes/client-node';

import {
  LOCAL_GATEWAY,
  LOCAL_READY_ANNOTATION,
  type TrafficResponse,
  sendTraffic,
} from '../../src/local/index.ts';
import { eventually, testTrafficUrl, useTestCluster } from './helpers.ts';
import { adminCluster } from './tenant-fixtures.ts';

const cluster = useTestCluster('traffic');
const PREVIEW = { 'x-cutover-preview': 'true' };

const labels = (color: string, version: string): Record<string, string> => ({
  'app.kubernetes.io/name': 'web',
  'app.kubernetes.io/version': version,
  'cutover.dev/color': color,
});

function deployment(color: string, version: string, replicas: number): KubernetesObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: `web-${color}`, labels: labels(color, version) },
    spec: {
      replicas,
      selector: { matchLabels: { 'app.kubernetes.io/name': 'web', 'cutover.dev/color': color } },
      template: {
        metadata: { labels: labels(color, version) },
        spec: {
          containers: [
            { name: 'web', image: `example.test/web:${version}`, ports: [{ containerPort: 8080 }] },
          ],
        },
      },
    },
  } as KubernetesObject;
}

const service = (color: string): KubernetesObject =>
  ({
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: `web-${color}` },
    spec: {
      selector: { 'app.kubernetes.io/name': 'web', 'cutover.dev/color': color },
      ports: [{ name: 'http', port: 80, targetPort: 8080 }],
    },
  }) as KubernetesObject;

function route(namespace: string, host: string, green: number): KubernetesObject {
  return {
    apiVersion: 'gateway.networking.k8s.io/v1',
    kind: 'HTTPRoute',
    metadata: { name: 'web', namespace },
    spec: {
      parentRefs: [{ name: LOCAL_GATEWAY.name, namespace: LOCAL_GATEWAY.namespace }],
      hostnames: [host],
      rules: [
        {
          matches: [{ headers: [{ name: 'x-cutover-preview', value: 'true' }] }],
          backendRefs: [{ name: 'web-green', port: 80 }],
        },
        {
          backendRefs: [
            { name: 'web-blue', port: 80, weight: 100 - green },
            { name: 'web-green', port: 80, weight: green },
          ],
        },
      ],
    },
  } as KubernetesObject;
}

/** n requests, `parallel` at a time; every response, in order of completion. */
async function burst(
  n: number,
  send: () => Promise<TrafficResponse>,
  parallel = 8,
): Promise<TrafficResponse[]> {
  const out: TrafficResponse[] = [];
  let left = n;
  await Promise.all(
    Array.from({ length: parallel }, async () => {
      while (left-- > 0) out.push(await send());
    }),
  );
  return out;
}

let ns: string;
let host: string;
const send = (headers: Record<string, string> = {}): Promise<TrafficResponse> =>
  sendTraffic(testTrafficUrl(), { host, headers });

beforeAll(async () => {
  ns = await cluster.namespace();
  host = `${ns}.traffic.test`;
  const admin = adminCluster();
  for (const obj of [
    deployment('blue', '1.0.0', 2),
    deployment('green', '2.0.0', 1),
    service('blue'),
    service('green'),
  ])
    await admin.apply({ ...obj, metadata: { ...obj.metadata, namespace: ns } });
  // A green pod kwok keeps Running but never Ready: the Service selects it, no request may reach it.
  await admin.apply({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: 'web-green-unready',
      namespace: ns,
      labels: labels('green', '2.0.0'),
      annotations: { [LOCAL_READY_ANNOTATION]: 'false' },
    },
    spec: {
      containers: [
        { name: 'web', image: 'example.test/web:2.0.0', ports: [{ containerPort: 8080 }] },
      ],
    },
  } as KubernetesObject);
  await admin.apply(route(ns, host, 20));

  // Serving: every pod answers through the Gateway (3 ready pods seen, both colors).
  await eventually(
    'the route to serve both colors from every ready pod',
    async () => {
      const rs = await burst(60, () => send());
      const pods = new Set(rs.filter((r) => r.status === 200).map((r) => r.answer?.pod));
      if (pods.size === 3) return true;
      throw new Error(`pods answering: ${[...pods].join(', ') || `none (HTTP ${rs[0]?.status})`}`);
    },
    { timeoutMs: 60_000, intervalMs: 500 },
  );
});

test('an 80/20 weight sends about 20% of 200 requests to green (within 4 sigma)', async () => {
  const rs = await burst(200, () => send());
  const failed = rs.filter((r) => r.status !== 200);
  expect(failed.map((r) => r.status)).toEqual([]);
  const green = rs.filter((r) => r.answer?.color === 'green').length;
  const blue = rs.filter((r) => r.answer?.color === 'blue').length;
  process.stderr.write(`traffic: 80/20 over 200 requests gave blue ${blue}, green ${green}\n`);
  const sigma = Math.sqrt(200 * 0.2 * 0.8);
  expect(Math.abs(green - 40)).toBeLessThanOrEqual(4 * sigma);
  expect(blue + green).toBe(200);
  // The header names the answering pod; the body agrees.
  for (const r of rs) expect(r.headers['x-cutover-color']).toBe(r.answer?.color);
});

test('the preview header always reaches green', async () => {
  const rs = await burst(50, () => send(PREVIEW));
  expect(rs.map((r) => `${r.status} ${r.answer?.color}`)).toEqual(Array(50).fill('200 green'));
  expect(new Set(rs.map((r) => r.answer?.version))).toEqual(new Set(['2.0.0']));
});

test('a pod that is Running but not Ready gets no traffic', async () => {
  const pod = await cluster.core.readNamespacedPod({ name: 'web-green-unready', namespace: ns });
  expect(pod.status?.phase).toBe('Running');
  expect(pod.status?.podIP).toBeTruthy();
  const rs = await burst(100, () => send(PREVIEW));
  expect(rs.filter((r) => r.answer?.pod === 'web-green-unready')).toEqual([]);
  expect(rs.every((r) => r.status === 200)).toBe(true);
});

test('no request fails while the weights change', async () => {
  const admin = adminCluster();
  let stop = false;
  const seen: TrafficResponse[] = [];
  const errors: string[] = [];
  const load = Promise.all(
    Array.from({ length: 4 }, async () => {
      while (!stop) {
        try {
          seen.push(await send());
        } catch (e) {
          errors.push((e as Error).message);
        }
      }
    }),
  );
  try {
    for (const green of [50, 90, 0, 100]) {
      await admin.apply(route(ns, host, green));
      await new Promise((r) => setTimeout(r, 1_500));
    }
    // The last change applied: only green answers.
    await eventually('all traffic on green', async () => {
      const rs = await burst(20, () => send());
      return rs.every((r) => r.answer?.color === 'green');
    });
  } finally {
    stop = true;
    await load;
  }
  expect(errors).toEqual([]);
  expect(seen.filter((r) => r.status !== 200).map((r) => r.status)).toEqual([]);
  expect(seen.length).toBeGreaterThan(100);
});
