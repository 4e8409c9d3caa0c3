/**
 * A very small HTTPS client for the few calls `local up` makes (readiness, nodes),
 * authenticated with the admin client certificate. Kept apart from the project's
 * cluster client so the local engine starts fast and depends on nothing but Node.
 */
import { readFileSync } from 'node:fs';
import { request } from 'node:https';

export interface ApiConnection {
  server: string; // https://127.0.0.1:PORT
  ca: string; // PEM
  cert: string; // PEM
  key: string; // PEM
}

export interface ApiResponse {
  status: number;
  body: string;
}

export function connectionFromFiles(
  server: string,
  ca: string,
  cert: string,
  key: string,
): ApiConnection {
  return {
    server,
    ca: readFileSync(ca, 'utf8'),
    cert: readFileSync(cert, 'utf8'),
    key: readFileSync(key, 'utf8'),
  };
}

/** One request; resolves with the status and body (any status), rejects on a transport error. */
export function apiRequest(
  conn: ApiConnection,
  method: string,
  path: string,
  body?: unknown,
  timeoutMs = 10_000,
): Promise<ApiResponse> {
  return new Promise((resolve, reject) => {
    const url = new URL(path, conn.server);
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const req = request(
      url,
      {
        method,
        ca: conn.ca,
        cert: conn.cert,
        key: conn.key,
        timeout: timeoutMs,
        headers: {
          accept: 'application/json',
          ...(payload === undefined
            ? {}
            : { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) }),
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }),
        );
        res.on('error', reject);
      },
    );
    req.on('timeout', () =>
      req.destroy(new Error(`${method} ${path} timed out after ${timeoutMs}ms`)),
    );
    req.on('error', reject);
    if (payload !== undefined) req.write(payload);
    req.end();
  });
}
