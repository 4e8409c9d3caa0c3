/**
 * Every Pod of the cluster, listed then watched, for the responders' supervisor. A small
 * list-and-watch over node:https with the admin's client certificate: it runs in a
 * helper process that should start fast, so it loads nothing but Node. Each (re)list
 * hands over the full set (the caller reconciles against it); each watch event one pod.
 */
import { type RequestOptions, request } from 'node:https';

import type { ResponderPod } from './responder.ts';

export interface ApiTls {
  /** https://127.0.0.1:PORT */
  server: string;
  ca: string;
  cert: string;
  key: string;
}

export interface PodWatchHandlers {
  synced: (pods: ResponderPod[]) => void;
  event: (type: 'ADDED' | 'MODIFIED' | 'DELETED', pod: ResponderPod) => void;
  error: (message: string) => void;
}

function options(api: ApiTls, path: string): RequestOptions {
  const url = new URL(path, api.server);
  return {
    host: url.hostname,
    port: url.port,
    path: url.pathname + url.search,
    ca: api.ca,
    cert: api.cert,
    key: api.key,
    headers: { accept: 'application/json' },
  };
}

function list(api: ApiTls): Promise<{ items: ResponderPod[]; resourceVersion: string }> {
  return new Promise((resolve, reject) => {
    const req = request(options(api, '/api/v1/pods'), (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (text += c));
      res.on('end', () => {
        if (res.statusCode !== 200) return reject(new Error(`list pods: HTTP ${res.statusCode}`));
        const body = JSON.parse(text) as {
          items: ResponderPod[];
          metadata: { resourceVersion: string };
        };
        resolve({ items: body.items, resourceVersion: body.metadata.resourceVersion });
      });
    });
    req.setTimeout(15_000, () => req.destroy(new Error('list pods: timed out')));
    req.on('error', reject);
    req.end();
  });
}

/** One watch stream from version; resolves when it ends (`gone` when the version expired). */
function stream(
  api: ApiTls,
  version: string,
  h: PodWatchHandlers,
  signal: AbortSignal,
): Promise<{ version: string; gone: boolean }> {
  return new Promise((resolve) => {
    let last = version;
    let gone = false;
    const path = `/api/v1/pods?watch=1&allowWatchBookmarks=true&timeoutSeconds=240&resourceVersion=${version}`;
    const req = request({ ...options(api, path), signal }, (res) => {
      if (res.statusCode !== 200) {
        res.resume();
        gone = res.statusCode === 410;
        return;
      }
      let buf = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        buf += chunk;
        let nl: number;
        while ((nl = buf.indexOf('\n')) >= 0) {
          const line = buf.slice(0, nl).trim();
          buf = buf.slice(nl + 1);
          if (!line) continue;
          const ev = JSON.parse(line) as { type: string; object: ResponderPod & { code?: number } };
          if (ev.type === 'ERROR') {
            gone = ev.object.code === 410;
            continue;
          }
          const rv = (ev.object.metadata as { resourceVersion?: string } | undefined)
            ?.resourceVersion;
          if (rv) last = rv;
          if (ev.type === 'ADDED' || ev.type === 'MODIFIED' || ev.type === 'DELETED')
            h.event(ev.type, ev.object);
        }
      });
    });
    req.on('close', () => resolve({ version: last, gone }));
    req.on('error', (e) => {
      if (!signal.aborted) h.error(`watch pods: ${e.message}`);
    });
    req.end();
  });
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Lists then watches until signal aborts; a failure is reported and followed by a fresh list. */
export async function watchPods(
  api: ApiTls,
  h: PodWatchHandlers,
  signal: AbortSignal,
): Promise<void> {
  let version: string | undefined;
  while (!signal.aborted) {
    try {
      if (version === undefined) {
        const listed = await list(api);
        h.synced(listed.items);
        version = listed.resourceVersion;
      }
      const end = await stream(api, version, h, signal);
      version = end.gone ? undefined : end.version;
      await sleep(100); // a server that ends every stream at once is not asked in a tight loop
    } catch (e) {
      h.error((e as Error).message);
      version = undefined;
      await sleep(500);
    }
  }
}
