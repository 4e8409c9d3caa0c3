// One pod's responder on 127.0.0.1 (in a cluster it listens on the pod's IP inside the
// network namespace): who answers, /healthz by readiness, the misbehaving annotations,
// /metrics, and the pod object's changes applied without a restart.
import {
  PodServer,
  type ResponderPod,
  parseDelay,
  servedPorts,
} from '../../../src/local/responder.ts';
import { freePorts } from '../../../src/local/process.ts';
import { sendTraffic } from '../../../src/local/traffic-client.ts';

const pod = (
  over: { annotations?: Record<string, string>; ready?: boolean } = {},
): ResponderPod => ({
  metadata: {
    name: 'web-green-abc',
    namespace: 'tenant-a',
    uid: 'u-1',
    labels: { 'app.kubernetes.io/version': '1.2.3', 'cutover.dev/color': 'green' },
    annotations: over.annotations ?? {},
  },
  spec: {
    containers: [{ ports: [{ containerPort: 8080 }, { containerPort: 53, protocol: 'UDP' }] }],
  },
  status: {
    phase: 'Running',
    podIP: '10.244.0.7',
    conditions: [{ type: 'Ready', status: over.ready === false ? 'False' : 'True' }],
  },
});

let server: PodServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function serve(p: ResponderPod): Promise<{ s: PodServer; url: string }> {
  const [port] = (await freePorts(1)) as [number];
  server = new PodServer(p, '127.0.0.1', port);
  await server.listen();
  return { s: server, url: `http://127.0.0.1:${port}` };
}

test('an answer names the pod, its version and color, in the body and headers', async () => {
  const { url } = await serve(pod());
  const r = await sendTraffic(url, { path: '/anything?x=1' });
  expect(r.status).toBe(200);
  expect(r.answer).toEqual({
    pod: 'web-green-abc',
    namespace: 'tenant-a',
    version: '1.2.3',
    color: 'green',
    uid: 'u-1',
  });
  expect(r.headers['x-cutover-color']).toBe('green');
  expect(r.headers['x-cutover-version']).toBe('1.2.3');
  expect(r.headers['x-cutover-pod']).toBe('web-green-abc');
});

test('/healthz follows the Ready condition of the latest pod object', async () => {
  const { s, url } = await serve(pod());
  expect((await sendTraffic(url, { path: '/healthz' })).status).toBe(200);
  s.update(pod({ ready: false }));
  expect((await sendTraffic(url, { path: '/healthz' })).status).toBe(503);
});

test('cutover.dev/local-fail answers 500 everywhere; local-delay delays', async () => {
  const { s, url } = await serve(pod({ annotations: { 'cutover.dev/local-fail': 'true' } }));
  expect((await sendTraffic(url)).status).toBe(500);
  expect((await sendTraffic(url, { path: '/healthz' })).status).toBe(500);
  s.update(pod({ annotations: { 'cutover.dev/local-delay': '300ms' } }));
  const t0 = Date.now();
  expect((await sendTraffic(url)).status).toBe(200);
  expect(Date.now() - t0).toBeGreaterThanOrEqual(290);
});

test('/metrics counts requests by code', async () => {
  const { s, url } = await serve(pod());
  await sendTraffic(url);
  await sendTraffic(url);
  s.update(pod({ annotations: { 'cutover.dev/local-fail': 'true' } }));
  await sendTraffic(url);
  s.update(pod());
  const text = (await sendTraffic(url, { path: '/metrics' })).body;
  expect(text).toMatch(/cutover_local_requests_total\{[^}]*code="200"[^}]*path="app"[^}]*\} 2/);
  expect(text).toMatch(/cutover_local_requests_total\{[^}]*code="500"[^}]*\} 1/);
  expect(text).toContain('pod="web-green-abc"');
});

test('only a Running pod with an IP has ports to serve, TCP ones only', () => {
  expect(servedPorts(pod())).toEqual([8080]);
  expect(servedPorts({ ...pod(), status: { phase: 'Pending' } })).toEqual([]);
  expect(servedPorts({ ...pod(), status: { phase: 'Running' } })).toEqual([]);
});

test('delays read as ms or s', () => {
  expect(parseDelay('500ms')).toBe(500);
  expect(parseDelay('1.5s')).toBe(1500);
  expect(parseDelay('250')).toBe(250);
  expect(parseDelay('soon')).toBeUndefined();
  expect(parseDelay(undefined)).toBeUndefined();
});
