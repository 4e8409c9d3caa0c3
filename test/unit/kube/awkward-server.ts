import { KubeConfig } from '@kubernetes/client-node';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A local HTTP server on 127.0.0.1 that answers like an API server, or awkwardly: each
 * path has a script of answers, one per request, the last one repeated. It serves
 * discovery for ConfigMaps so the cluster client can find its paths.
 */
export type Answer =
  | {
      status: number;
      json?: unknown;
      text?: string;
      type?: string;
      headers?: Record<string, string>;
    }
  | { reset: true }
  | { stallAfterHeaders: true }
  | { handler: (req: IncomingMessage, body: string, res: ServerResponse) => void };

export interface Seen {
  method: string;
  url: string;
  at: number;
  authorization: string | undefined;
  contentType: string | undefined;
  body: string;
}

export interface AwkwardServer {
  url: string;
  seen: Seen[];
  script(path: string, ...answers: Answer[]): void;
  kubeconfig(user?: Record<string, unknown>): KubeConfig;
  kubeconfigYaml(user?: Record<string, unknown>): string;
  close(): Promise<void>;
}

const DISCOVERY = {
  kind: 'APIResourceList',
  groupVersion: 'v1',
  resources: [{ name: 'configmaps', kind: 'ConfigMap', namespaced: true }],
};

export async function startAwkwardServer(): Promise<AwkwardServer> {
  const scripts = new Map<string, Answer[]>();
  const seen: Seen[] = [];
  const open = new Set<import('node:net').Socket>();
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const path = new URL(req.url!, 'http://x').pathname;
      seen.push({
        method: req.method!,
        url: req.url!,
        at: Date.now(),
        authorization: req.headers.authorization,
        contentType: req.headers['content-type'],
        body,
      });
      const list = scripts.get(`${req.method} ${path}`) ?? scripts.get(path);
      const answer: Answer =
        path === '/api/v1'
          ? { status: 200, json: DISCOVERY }
          : list && list.length > 1
            ? list.shift()!
            : (list?.[0] ?? {
                status: 404,
                json: {
                  kind: 'Status',
                  code: 404,
                  reason: 'NotFound',
                  message: `${path} not found`,
                },
              });
      if ('reset' in answer) {
        req.socket.destroy();
        return;
      }
      if ('stallAfterHeaders' in answer) {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.write('{"items": [');
        return; // never ends
      }
      if ('handler' in answer) {
        answer.handler(req, body, res);
        return;
      }
      const text = answer.json !== undefined ? JSON.stringify(answer.json) : (answer.text ?? '');
      res.writeHead(answer.status, {
        'content-type':
          answer.type ?? (answer.json !== undefined ? 'application/json' : 'text/plain'),
        ...answer.headers,
      });
      res.end(text);
    });
  });
  server.on('connection', (s) => {
    open.add(s);
    s.on('close', () => open.delete(s));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const kubeconfigYaml = (user: Record<string, unknown> = { token: 'test-token' }) =>
    JSON.stringify({
      apiVersion: 'v1',
      kind: 'Config',
      clusters: [{ name: 'awkward', cluster: { server: url, 'insecure-skip-tls-verify': true } }],
      users: [{ name: 'tester', user }],
      contexts: [{ name: 'awkward', context: { cluster: 'awkward', user: 'tester' } }],
      'current-context': 'awkward',
    });
  return {
    url,
    seen,
    script: (path, ...answers) => scripts.set(path, answers),
    kubeconfigYaml,
    kubeconfig(user) {
      const kc = new KubeConfig();
      kc.loadFromString(kubeconfigYaml(user));
      return kc;
    },
    close: () =>
      new Promise<void>((r) => {
        for (const s of open) s.destroy();
        server.close(() => r());
      }),
  };
}

export const status = (code: number, reason: string, message: string) => ({
  status: code,
  json: { kind: 'Status', apiVersion: 'v1', status: 'Failure', code, reason, message },
});
