/**
 * A client for the Prometheus HTTP API (`/api/v1/query`, `/api/v1/query_range`), for the
 * health gate's prometheus checks. Two ways to reach the server:
 *   - a URL the runner reaches (`{ url, headers }`, http or https; a bearer token or basic
 *     auth is the caller's header, read from the environment by the caller);
 *   - the in-cluster Prometheus Service through the API server's service proxy
 *     (`{ service, cluster }`), so nothing but the kubeconfig is needed: the deployer's
 *     Role needs `get` on `services/proxy` in that namespace.
 * Both send GET with the query in the URL (the proxy passes GET through as it is).
 * A refused query is PROMETHEUS_QUERY with the server's own words; anything that keeps the
 * answer from coming (network, timeout, 5xx, an answer that is not the API's) is
 * PROMETHEUS_UNREACHABLE naming where it asked. No header value ever reaches a message.
 */
import { CutoverError } from '../../errors.ts';
import type { Cluster } from '../../kube/cluster.ts';
import { isAbort, networkCode } from '../../kube/errors.ts';
import { RestClient, type RawResponse } from '../../kube/rest.ts';

export interface PrometheusService {
  namespace: string;
  name: string;
  /** The Service port's number or name. */
  port: number | string;
  scheme?: 'http' | 'https';
}

export type PrometheusSource =
  | { url: string; headers?: Record<string, string> }
  | { service: PrometheusService; cluster: Cluster };

export interface QueryOptions {
  /** Deadline of the whole exchange, default 30 s. */
  timeoutMs?: number;
  signal?: AbortSignal;
}

/** A time as a Date or as unix seconds. */
export type Time = Date | number;

export interface InstantOptions extends QueryOptions {
  /** Evaluation time; unset is the server's now. */
  time?: Time;
}

export interface RangeOptions extends QueryOptions {
  start: Time;
  end: Time;
  stepSeconds: number;
}

export interface Sample {
  labels: Record<string, string>;
  value: number;
}

export interface InstantResult {
  resultType: 'vector' | 'scalar';
  samples: Sample[];
  warnings: string[];
}

export interface RangeSeries {
  labels: Record<string, string>;
  /** [unix seconds, value], oldest first. */
  points: [number, number][];
}

export interface RangeResult {
  series: RangeSeries[];
  warnings: string[];
}

const DEFAULT_TIMEOUT_MS = 30_000;
const EXCERPT = 200;
/** Header names whose values are secrets: redacted from any excerpt of an answer. */
const SECRET_HEADER = /auth|token|key|cookie|secret/i;

type Get = (
  path: string,
  query: Record<string, string>,
  opts: QueryOptions,
) => Promise<RawResponse>;

export class PrometheusClient {
  /** Where the queries go, for messages: the URL (without userinfo) or the Service. */
  readonly target: string;
  private readonly get: Get;
  private readonly proxied: boolean;
  private readonly secrets: string[];

  constructor(source: PrometheusSource) {
    if ('url' in source) {
      const url = parseUrl(source.url);
      this.target = displayUrl(url);
      this.proxied = false;
      const headers = { ...source.headers };
      this.secrets = Object.entries(headers)
        .filter(([k, v]) => SECRET_HEADER.test(k) && v)
        .map(([, v]) => v);
      // The API server's one HTTP path serves here too: same deadlines, http and https.
      const rest = new RestClient({
        server: url.href,
        apply: async (opts) => {
          opts.headers = { ...headers };
        },
      });
      this.get = (path, query, opts) =>
        rest.send({ method: 'GET', path, query, ...deadline(opts) }).catch((e: unknown) => {
          throw this.unreachable(e, opts);
        });
    } else {
      const { service, cluster } = source;
      this.target = `the Service ${service.namespace}/${service.name}:${service.port} (through the API server's service proxy)`;
      this.proxied = true;
      this.secrets = [];
      const to = {
        namespace: service.namespace,
        service: service.name,
        port: service.port,
        ...(service.scheme ? { scheme: service.scheme } : {}),
      };
      this.get = (path, query, opts) =>
        cluster.proxyGet(to, path, { query, ...deadline(opts) }).catch((e: unknown) => {
          if (e instanceof CutoverError && e.code === 'CANCELLED') throw e;
          const cause = e as CutoverError;
          throw new CutoverError('PROMETHEUS_UNREACHABLE', `${this.target}: ${cause.message}`, {
            ...(cause.hint ? { hint: cause.hint } : {}),
            cause: e,
          });
        });
    }
  }

  /** An instant query: a vector (one sample per series) or a scalar (one unlabelled sample). */
  async instant(query: string, opts: InstantOptions = {}): Promise<InstantResult> {
    const params: Record<string, string> = { query };
    if (opts.time !== undefined) params.time = unixSeconds(opts.time);
    const data = await this.call('/api/v1/query', params, query, opts);
    const warnings = data.warnings;
    switch (data.resultType) {
      case 'vector':
        return {
          resultType: 'vector',
          samples: asArray(data.result).map((s) => ({
            labels: labelsOf(s),
            value: valueOf((s as { value?: unknown }).value),
          })),
          warnings,
        };
      case 'scalar':
        return {
          resultType: 'scalar',
          samples: [{ labels: {}, value: valueOf(data.result) }],
          warnings,
        };
      default:
        throw new CutoverError(
          'PROMETHEUS_QUERY',
          `${JSON.stringify(query)} gives a ${String(data.resultType)}, not a number per series`,
          {
            hint: 'a health check needs an instant vector or a scalar: wrap a range selector in rate(), avg_over_time() or the like',
          },
        );
    }
  }

  /** A range query: each series' points from start to end, one per step. */
  async range(query: string, opts: RangeOptions): Promise<RangeResult> {
    const params = {
      query,
      start: unixSeconds(opts.start),
      end: unixSeconds(opts.end),
      step: String(opts.stepSeconds),
    };
    const data = await this.call('/api/v1/query_range', params, query, opts);
    return {
      series: asArray(data.result).map((s) => ({
        labels: labelsOf(s),
        points: asArray((s as { values?: unknown }).values).map((p): [number, number] => [
          Number((p as unknown[])[0]),
          valueOf(p),
        ]),
      })),
      warnings: data.warnings,
    };
  }

  private async call(
    path: string,
    params: Record<string, string>,
    query: string,
    opts: QueryOptions,
  ): Promise<{ resultType: unknown; result: unknown; warnings: string[] }> {
    const res = await this.get(path, params, opts);
    const body = parseJson(res.text) as ApiBody | undefined;
    if (isApiBody(body)) {
      const warnings = Array.isArray(body.warnings) ? body.warnings.map(String) : [];
      if (body.status === 'success' && res.status >= 200 && res.status < 300)
        return { resultType: body.data?.resultType, result: body.data?.result, warnings };
      return this.refused(res.status, body, query);
    }
    if (this.proxied && isStatus(body)) throw this.proxyRefused(res.status, body);
    const kind = contentType(res) || 'no content type';
    const what =
      res.status >= 200 && res.status < 300
        ? `an answer that is not the Prometheus API's (HTTP ${res.status}, ${kind})`
        : `HTTP ${res.status} (${kind})`;
    throw new CutoverError(
      'PROMETHEUS_UNREACHABLE',
      `${this.target} answered ${path} with ${what}: ${JSON.stringify(this.excerpt(res.text))}`,
      {
        httpStatus: res.status,
        hint:
          res.status >= 500
            ? 'Prometheus (or a proxy in front of it) is failing or still starting; try again, or check its logs'
            : this.proxied
              ? 'check the Service name and port: they must lead to the Prometheus server itself'
              : 'check the URL: it must be the root the Prometheus API answers under (e.g. http://prometheus:9090, not its /graph page), with any path prefix of --web.route-prefix',
      },
    );
  }

  /** Prometheus's own refusal: the query's fault (bad_data, execution) or the server's. */
  private refused(status: number, body: ApiBody, query: string): never {
    const type = String(body.errorType ?? 'unknown');
    const error = String(body.error ?? 'no error message');
    if (type === 'bad_data' || type === 'execution') {
      throw new CutoverError(
        'PROMETHEUS_QUERY',
        `${this.target} refused the query ${JSON.stringify(query)}: ${error}`,
        {
          httpStatus: status,
          hint: 'fix the PromQL of the check; `promtool check rules` or the Prometheus graph page shows where it breaks',
        },
      );
    }
    throw new CutoverError(
      'PROMETHEUS_UNREACHABLE',
      `${this.target} could not answer the query ${JSON.stringify(query)} (HTTP ${status}, ${type}): ${error}`,
      {
        httpStatus: status,
        hint:
          type === 'timeout'
            ? 'the query takes too long: narrow its selectors or its range, or raise the server timeout'
            : 'Prometheus is failing or still starting; try again, or check its logs',
      },
    );
  }

  /** The API server answered for the proxy: it could not or would not reach the Service. */
  private proxyRefused(status: number, s: KubeStatus): CutoverError {
    const message = `${this.target}: the API server answered HTTP ${status}: ${s.message ?? s.reason ?? 'no message'}`;
    const hint =
      status === 403
        ? 'the kubeconfig user may not use the service proxy there: give the deployer Role `get` on `services/proxy` (apiGroups [""]) in the Prometheus namespace, or give the check a Prometheus URL instead'
        : status === 401
          ? 'the API server did not accept the credentials: renew the kubeconfig'
          : status === 404
            ? 'check the namespace, name and port of the Prometheus Service'
            : 'the Service has no ready endpoint the API server can reach: check that the Prometheus pods are Ready and the port is right';
    return new CutoverError('PROMETHEUS_UNREACHABLE', message, { httpStatus: status, hint });
  }

  /** No answer came: refused, unknown host, deadline, reset. */
  private unreachable(e: unknown, opts: QueryOptions): CutoverError {
    if (isAbort(e))
      return new CutoverError('CANCELLED', `query ${this.target}: cancelled`, { cause: e });
    const code = networkCode(e);
    const why =
      code === 'ETIMEDOUT'
        ? `no answer in ${opts.timeoutMs ?? DEFAULT_TIMEOUT_MS} ms`
        : code === 'ECONNREFUSED'
          ? 'the connection was refused'
          : code === 'ENOTFOUND' || code === 'EAI_AGAIN'
            ? 'the host name does not resolve'
            : (e as Error).message;
    return new CutoverError(
      'PROMETHEUS_UNREACHABLE',
      `cannot reach Prometheus at ${this.target}: ${why}`,
      {
        hint: 'check the URL and that the runner can reach it (an in-cluster Prometheus is reached with `service:` through the API server instead)',
        cause: e,
      },
    );
  }

  private excerpt(text: string): string {
    let flat = text.replace(/\s+/g, ' ').trim();
    for (const s of this.secrets) flat = flat.split(s).join('[redacted]');
    return flat.length > EXCERPT ? `${flat.slice(0, EXCERPT)}…` : flat;
  }
}

interface ApiBody {
  status: string;
  data?: { resultType?: unknown; result?: unknown };
  errorType?: unknown;
  error?: unknown;
  warnings?: unknown;
}

interface KubeStatus {
  kind: 'Status';
  message?: string;
  reason?: string;
}

function isApiBody(b: unknown): b is ApiBody {
  const s = (b as { status?: unknown } | undefined)?.status;
  return (s === 'success' || s === 'error') && typeof b === 'object';
}

function isStatus(b: unknown): b is KubeStatus {
  return (b as { kind?: unknown } | undefined)?.kind === 'Status';
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function parseUrl(raw: string): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    url = new URL('invalid:');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new CutoverError(
      'INPUT_INVALID',
      `the Prometheus URL ${JSON.stringify(raw)} is not an http(s) URL`,
      {
        hint: 'give the server root, e.g. http://prometheus.monitoring:9090',
      },
    );
  }
  return url;
}

/** The URL for messages: never a password written into it. */
function displayUrl(url: URL): string {
  const shown = new URL(url.href);
  shown.username = '';
  shown.password = '';
  return shown.href.replace(/\/$/, '');
}

function deadline(opts: QueryOptions): { timeoutMs: number; signal?: AbortSignal } {
  return {
    timeoutMs: opts.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    ...(opts.signal ? { signal: opts.signal } : {}),
  };
}

function unixSeconds(t: Time): string {
  const ms = t instanceof Date ? t.getTime() : t * 1000;
  return (ms / 1000).toFixed(3);
}

function asArray(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [];
}

function labelsOf(s: unknown): Record<string, string> {
  const m = (s as { metric?: unknown } | undefined)?.metric;
  return m && typeof m === 'object' ? { ...(m as Record<string, string>) } : {};
}

/** A `[time, "value"]` pair's value: Prometheus writes NaN and ±Inf as `NaN`, `+Inf`, `-Inf`. */
function valueOf(pair: unknown): number {
  const v = Array.isArray(pair) ? pair[1] : undefined;
  if (v === '+Inf' || v === 'Inf') return Infinity;
  if (v === '-Inf') return -Infinity;
  if (typeof v !== 'string' && typeof v !== 'number') return NaN;
  return Number(v);
}

function contentType(res: RawResponse): string {
  return String(res.headers['content-type'] ?? '').split(';')[0]!;
}
