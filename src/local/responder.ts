/**
 * What answers on a kwok pod's address when the local cluster runs with traffic: an HTTP
 * server on podIP:containerPort that says which pod answered, so a test counts where
 * requests land. The supervisor (responder-main.ts) keeps one PodServer per pod UID and
 * container port; the server reads the pod object it was last given, so a change of
 * readiness or annotations applies to the next request without a restart.
 *
 *   any path   200 {pod, namespace, version, color, uid} + x-cutover-{color,version,pod}
 *   /healthz   200 when the pod's Ready condition is True, else 503
 *   /metrics   this pod's request counts by path kind and code (Prometheus text)
 * Annotations make it misbehave: cutover.dev/local-fail: "true" answers 500 everywhere,
 * cutover.dev/local-delay: "500ms" (or "2s") delays every answer.
 */
import { type IncomingMessage, type Server, type ServerResponse, createServer } from 'node:http';
import { Counter, Registry } from 'prom-client';

export const FAIL_ANNOTATION = 'cutover.dev/local-fail';
export const DELAY_ANNOTATION = 'cutover.dev/local-delay';
const VERSION_LABEL = 'app.kubernetes.io/version';
const COLOR_LABEL = 'cutover.dev/color';

/** The fields of a Pod the responders use. */
export interface ResponderPod {
  metadata?: {
    name?: string;
    namespace?: string;
    uid?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
    deletionTimestamp?: string;
  };
  spec?: { containers?: { ports?: { containerPort?: number; protocol?: string }[] }[] };
  status?: { phase?: string; podIP?: string; conditions?: { type?: string; status?: string }[] };
}

export interface Identity {
  pod: string;
  namespace: string;
  version: string;
  color: string;
  uid: string;
}

export function identity(pod: ResponderPod): Identity {
  const m = pod.metadata ?? {};
  return {
    pod: m.name ?? '',
    namespace: m.namespace ?? '',
    version: m.labels?.[VERSION_LABEL] ?? '',
    color: m.labels?.[COLOR_LABEL] ?? '',
    uid: m.uid ?? '',
  };
}

export const isReady = (pod: ResponderPod): boolean =>
  (pod.status?.conditions ?? []).some((c) => c.type === 'Ready' && c.status === 'True');

/** The TCP container ports of a Running pod with an IP (none for any other pod). */
export function servedPorts(pod: ResponderPod): number[] {
  if (pod.status?.phase !== 'Running' || !pod.status.podIP) return [];
  const ports = (pod.spec?.containers ?? [])
    .flatMap((c) => c.ports ?? [])
    .filter((p) => (p.protocol ?? 'TCP') === 'TCP' && p.containerPort)
    .map((p) => p.containerPort as number);
  return [...new Set(ports)].sort((a, b) => a - b);
}

/** "500ms", "2s", "1.5s" or a bare number of ms; undefined when absent or unreadable. */
export function parseDelay(value: string | undefined): number | undefined {
  const m = value === undefined ? null : /^\s*(\d+(?:\.\d+)?)\s*(ms|s)?\s*$/.exec(value);
  if (!m) return undefined;
  const n = Number(m[1]);
  return Math.round(m[2] === 's' ? n * 1000 : n);
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** One pod's server on one address and port. */
export class PodServer {
  readonly ip: string;
  readonly port: number;
  private pod: ResponderPod;
  private readonly server: Server;
  private readonly registry = new Registry();
  private readonly requests: Counter;

  constructor(pod: ResponderPod, ip: string, port: number) {
    this.pod = pod;
    this.ip = ip;
    this.port = port;
    this.requests = new Counter({
      name: 'cutover_local_requests_total',
      help: 'Requests this pod answered, by code and path kind (app, healthz, metrics)',
      labelNames: ['code', 'path'],
      registers: [this.registry],
    });
    this.registry.setDefaultLabels(identity(pod));
    this.server = createServer((req, res) => void this.answer(req, res));
    // An idle keep-alive connection must not hold a stopped pod's address.
    this.server.keepAliveTimeout = 2_000;
  }

  /** The pod's latest object: readiness, labels and annotations of the next answers. */
  update(pod: ResponderPod): void {
    this.pod = pod;
  }

  listen(): Promise<void> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(this.port, this.ip, () => {
        this.server.off('error', reject);
        resolve();
      });
    });
  }

  /** Stops listening and drops open connections (the pod is gone). */
  close(): Promise<void> {
    return new Promise((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }

  async metrics(): Promise<string> {
    return this.registry.metrics();
  }

  private async answer(req: IncomingMessage, res: ServerResponse): Promise<void> {
    req.resume(); // a body is never read: drain it so the connection stays usable
    const pod = this.pod;
    const who = identity(pod);
    const annotations = pod.metadata?.annotations ?? {};
    const path = (req.url ?? '/').split('?')[0];
    const kind = path === '/healthz' ? 'healthz' : path === '/metrics' ? 'metrics' : 'app';
    const delay = parseDelay(annotations[DELAY_ANNOTATION]);
    if (delay) await sleep(delay);

    let code = 200;
    let body: string;
    let type = 'application/json';
    if (annotations[FAIL_ANNOTATION] === 'true') {
      code = 500;
      body = JSON.stringify({ ...who, error: `failing on purpose (${FAIL_ANNOTATION})` });
    } else if (kind === 'healthz') {
      code = isReady(pod) ? 200 : 503;
      body = JSON.stringify({ ...who, ready: code === 200 });
    } else if (kind === 'metrics') {
      body = await this.registry.metrics();
      type = this.registry.contentType;
    } else {
      body = JSON.stringify(who);
    }
    this.requests.inc({ code: String(code), path: kind });
    res.writeHead(code, {
      'content-type': type,
      'x-cutover-color': who.color,
      'x-cutover-version': who.version,
      'x-cutover-pod': who.pod,
    });
    res.end(`${body}\n`);
  }
}
