/**
 * One HTTP request to a local cluster's traffic entry, with the Host header a route's
 * `hostnames` match on (fetch does not let a caller set Host; node:http does). What a
 * responder answered tells who served it: `answer.color`, `answer.pod`, ...
 */
import { Agent, request } from 'node:http';

import type { Identity } from './responder.ts';
import type { TrafficEndpoint } from './types.ts';

export interface TrafficRequest {
  /** Host header (a route's hostname); default the entry's own host:port. */
  host?: string;
  /** Default `/`. */
  path?: string;
  method?: string;
  headers?: Record<string, string>;
  timeoutMs?: number;
  /** Reuse connections across requests (default: a shared keep-alive agent). */
  agent?: Agent;
}

export interface TrafficResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
  /** The responder's JSON answer (which pod, version and color), when it is one. */
  answer?: Identity;
}

const shared = new Agent({ keepAlive: true, maxSockets: 16 });

export function sendTraffic(
  entry: TrafficEndpoint | string,
  req: TrafficRequest = {},
): Promise<TrafficResponse> {
  const url = new URL(req.path ?? '/', typeof entry === 'string' ? entry : entry.url);
  return new Promise((resolve, reject) => {
    const r = request(
      {
        host: url.hostname,
        port: url.port,
        path: url.pathname + url.search,
        method: req.method ?? 'GET',
        headers: { ...req.headers, ...(req.host ? { host: req.host } : {}) },
        agent: req.agent ?? shared,
      },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (body += c));
        res.on('end', () => {
          let answer: Identity | undefined;
          try {
            const j = JSON.parse(body) as Partial<Identity>;
            if (typeof j.pod === 'string' && typeof j.uid === 'string') answer = j as Identity;
          } catch {
            // not a responder's answer (Traefik's 404, a 503 without backends)
          }
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body, answer });
        });
        res.on('error', reject);
      },
    );
    r.setTimeout(req.timeoutMs ?? 10_000, () =>
      r.destroy(new Error(`no answer from ${url.href} within ${req.timeoutMs ?? 10_000} ms`)),
    );
    r.on('error', reject);
    r.end();
  });
}
