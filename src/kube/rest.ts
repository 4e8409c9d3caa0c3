import { request as httpsRequest, type RequestOptions } from 'node:https';
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';

/**
 * The one HTTPS path to the API server. Plain JSON: objects travel exactly as written (the
 * generated typed models of the client library rename or drop fields they do not know:
 * `from` in a NetworkPolicy, `default` in a LimitRange, which an apply cannot afford).
 * Credentials are resolved for every request, so expiring exec-plugin tokens and rotated
 * token files keep working through an hour-long rollout.
 */

/** Where to send requests and how to sign them; `apply` is called once per request. */
export interface Credentials {
  readonly server: string;
  /** Fills TLS material, the agent and auth headers into the options of one request. */
  apply(opts: RequestOptions): Promise<void>;
}

/** A non-2xx answer of the API server (or of a proxy in front of it). */
export class ApiError extends Error {
  readonly status: number;
  readonly reason: string | undefined;
  /** From a `Retry-After` header (429, 503): how long the server asked us to wait. */
  readonly retryAfterMs: number | undefined;
  constructor(status: number, message: string, reason?: string, retryAfterMs?: number) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.reason = reason;
    this.retryAfterMs = retryAfterMs;
  }
}

/** A 2xx answer whose body is not the JSON asked for (a text/plain page, a proxy's HTML). */
export class BadResponseError extends Error {
  readonly status: number;
  readonly contentType: string;
  constructor(status: number, contentType: string, excerpt: string) {
    super(
      `the server answered HTTP ${status} with ${contentType || 'no content type'}, not JSON: ${JSON.stringify(excerpt)}`,
    );
    this.name = 'BadResponseError';
    this.status = status;
    this.contentType = contentType;
  }
}

export interface RestRequest {
  method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  path: string;
  query?: Record<string, string | undefined>;
  body?: unknown;
  contentType?: string;
  /**
   * Extra request headers (an `Accept` other than JSON, for a raw GET through the API
   * server's proxy). An `Authorization` among them is dropped and the credentials' own
   * headers win: a caller's header never signs a request to the API server.
   */
  headers?: Record<string, string>;
  /** Whole-call deadline (headers and body), default 60 s. */
  timeoutMs?: number;
  signal?: AbortSignal;
}

export interface RawResponse {
  status: number;
  headers: IncomingHttpHeaders;
  text: string;
}

const DEFAULT_TIMEOUT_MS = 60_000;
const EXCERPT = 200;

export class RestClient {
  private readonly credentials: Credentials;
  private readonly server: URL;

  constructor(credentials: Credentials) {
    this.credentials = credentials;
    this.server = new URL(credentials.server);
  }

  /** A JSON request: resolves with the parsed body, rejects with ApiError or BadResponseError. */
  async request<T>(req: RestRequest): Promise<T> {
    const res = await this.send(req);
    if (res.status < 200 || res.status >= 300) throw apiError(res);
    if (!res.text) return undefined as T;
    try {
      return JSON.parse(res.text) as T;
    } catch {
      throw new BadResponseError(res.status, contentType(res), excerpt(res.text));
    }
  }

  /** One exchange, any status; rejects only when no answer came (network, timeout, abort). */
  async send(req: RestRequest): Promise<RawResponse> {
    req.signal?.throwIfAborted();
    const opts: RequestOptions = {};
    await this.credentials.apply(opts);
    const url = new URL(this.server.pathname.replace(/\/$/, '') + req.path, this.server);
    for (const [k, v] of Object.entries(req.query ?? {}))
      if (v !== undefined) url.searchParams.set(k, v);
    const payload = req.body === undefined ? undefined : JSON.stringify(req.body);
    const headers: Record<string, string> = {
      Accept: 'application/json',
      ...withoutAuth(req.headers),
      ...(opts.headers as Record<string, string> | undefined),
    };
    if (payload !== undefined) {
      headers['Content-Type'] = req.contentType ?? 'application/json';
      headers['Content-Length'] = String(Buffer.byteLength(payload));
    }
    const send = url.protocol === 'http:' ? httpRequest : httpsRequest;
    const timeoutMs = req.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    return new Promise<RawResponse>((resolve, reject) => {
      const r = send(url, { ...opts, method: req.method, headers, signal: req.signal }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          clearTimeout(timer);
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            text: Buffer.concat(chunks).toString('utf8'),
          });
        });
        res.on('error', fail);
        res.on('aborted', () => fail(connectionReset()));
      });
      // One deadline for the whole exchange: a server that sends headers then stalls the
      // body is as stuck as one that never answers.
      const timer = setTimeout(() => {
        const e = Object.assign(
          new Error(`${req.method} ${req.path} timed out after ${timeoutMs} ms`),
          { code: 'ETIMEDOUT' },
        );
        r.destroy(e);
      }, timeoutMs);
      function fail(e: unknown) {
        clearTimeout(timer);
        reject(e);
      }
      r.on('error', fail);
      r.end(payload);
    });
  }
}

/** The caller's headers, less any that would sign the request in the credentials' place. */
function withoutAuth(headers: Record<string, string> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers ?? {}))
    if (k.toLowerCase() !== 'authorization') out[k] = v;
  return out;
}

function connectionReset() {
  return Object.assign(new Error('the connection was closed before the answer ended'), {
    code: 'ECONNRESET',
  });
}

function contentType(res: RawResponse): string {
  return String(res.headers['content-type'] ?? '').split(';')[0]!;
}

function excerpt(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > EXCERPT ? `${flat.slice(0, EXCERPT)}…` : flat;
}

/** The Status message when the body is one, else a short excerpt of whatever came. */
function apiError(res: RawResponse): ApiError {
  let message = excerpt(res.text) || `HTTP ${res.status}`;
  let reason: string | undefined;
  try {
    const s = JSON.parse(res.text) as { message?: string; reason?: string };
    if (typeof s.message === 'string') message = s.message;
    if (typeof s.reason === 'string') reason = s.reason;
  } catch {
    // not a Status object: keep the excerpt
  }
  return new ApiError(res.status, message, reason, retryAfterMs(res.headers['retry-after']));
}

/** `Retry-After` as seconds or an HTTP date, in milliseconds. */
export function retryAfterMs(value: string | string[] | undefined): number | undefined {
  const v = Array.isArray(value) ? value[0] : value;
  if (!v) return undefined;
  if (/^\d+$/.test(v.trim())) return Number(v.trim()) * 1000;
  const at = Date.parse(v);
  return Number.isNaN(at) ? undefined : Math.max(0, at - Date.now());
}
