import type { KubeConfig } from '@kubernetes/client-node';
import { request, type RequestOptions } from 'node:https';
import { request as httpRequest } from 'node:http';

/**
 * Plain JSON requests to the API server with the kubeconfig's credentials (tokens, client
 * certificates, exec plugins: the client library applies them). Objects travel exactly as
 * written: the generated typed models would rename or drop fields they do not know
 * (`from` in a NetworkPolicy, `default` in a LimitRange), which an apply cannot afford.
 */
export class ApiError extends Error {
  readonly status: number;
  readonly reason: string | undefined;
  constructor(status: number, message: string, reason?: string) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.reason = reason;
  }
}

export interface RestRequest {
  method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  path: string;
  query?: Record<string, string | undefined>;
  body?: unknown;
  contentType?: string;
}

export class RestClient {
  private readonly kc: KubeConfig;
  private readonly server: URL;
  private options: Promise<RequestOptions> | undefined;

  constructor(kc: KubeConfig) {
    this.kc = kc;
    this.server = new URL(kc.getCurrentCluster()!.server);
  }

  async request<T>(req: RestRequest): Promise<T> {
    const base = await (this.options ??= this.baseOptions());
    const url = new URL(this.server.pathname.replace(/\/$/, '') + req.path, this.server);
    for (const [k, v] of Object.entries(req.query ?? {}))
      if (v !== undefined) url.searchParams.set(k, v);
    const payload = req.body === undefined ? undefined : JSON.stringify(req.body);
    const headers: Record<string, string> = {
      ...(base.headers as Record<string, string>),
      Accept: 'application/json',
    };
    if (payload !== undefined) headers['Content-Type'] = req.contentType ?? 'application/json';
    const send = url.protocol === 'http:' ? httpRequest : request;
    return new Promise<T>((resolve, reject) => {
      const r = send(url, { ...base, method: req.method, headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          const status = res.statusCode ?? 0;
          if (status >= 200 && status < 300) {
            resolve((text ? JSON.parse(text) : undefined) as T);
            return;
          }
          let message = text || res.statusMessage || `HTTP ${status}`;
          let reason: string | undefined;
          try {
            const s = JSON.parse(text) as { message?: string; reason?: string };
            message = s.message ?? message;
            reason = s.reason;
          } catch {
            // not a Status object: keep the text
          }
          reject(new ApiError(status, message, reason));
        });
        res.on('error', reject);
      });
      r.on('error', reject);
      r.setTimeout(60_000, () =>
        r.destroy(Object.assign(new Error('request timed out'), { code: 'ETIMEDOUT' })),
      );
      r.end(payload);
    });
  }

  private async baseOptions(): Promise<RequestOptions> {
    const opts: RequestOptions = {};
    await this.kc.applyToHTTPSOptions(opts);
    return opts;
  }
}
