import { afterAll, afterEach, beforeAll, describe, expect, test } from '@jest/globals';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { V1ConfigMap } from '@kubernetes/client-node';
import { CutoverError } from '../../../src/errors.ts';
import { Cluster } from '../../../src/kube/cluster.ts';
import { startAwkwardServer, status, type AwkwardServer } from './awkward-server.ts';

// The cluster client against a local HTTP server that answers the awkward way real API
// servers and proxies do. Everything goes through the counted, retried path.
const CM = '/api/v1/namespaces/t/configmaps/a';
const CMS = '/api/v1/namespaces/t/configmaps';
const ref = { apiVersion: 'v1', kind: 'ConfigMap', namespace: 't', name: 'a' };
const cm = (rv = '1') => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name: 'a', namespace: 't', resourceVersion: rv },
  data: { k: 'v' },
});

let server: AwkwardServer;
beforeAll(async () => {
  server = await startAwkwardServer();
});
afterAll(() => server.close());
afterEach(() => {
  server.seen.length = 0;
});

const cluster = () => new Cluster(server.kubeconfig());
const requestsTo = (path: string) => server.seen.filter((s) => s.url.split('?')[0] === path);

async function failure(p: Promise<unknown>): Promise<CutoverError> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(CutoverError);
    return e as CutoverError;
  }
  throw new Error('expected a rejection');
}

describe('retries', () => {
  test('a 429 with Retry-After is retried after the time the server asked for', async () => {
    server.script(
      CM,
      { status: 429, json: {}, headers: { 'retry-after': '1' } },
      { status: 200, json: cm() },
    );
    const c = cluster();
    expect(await c.get(ref)).toMatchObject({ data: { k: 'v' } });
    const [first, second] = requestsTo(CM);
    expect(second!.at - first!.at).toBeGreaterThanOrEqual(950);
    expect(c.stats.reads).toBe(3); // discovery, 429, 200
  });

  test('a 503 with Retry-After is retried too', async () => {
    server.script(
      CM,
      { status: 503, text: 'busy', headers: { 'retry-after': '0' } },
      { status: 200, json: cm() },
    );
    expect(await cluster().get(ref)).toBeDefined();
    expect(requestsTo(CM)).toHaveLength(2);
  });

  test('500s are retried with backoff, then succeed', async () => {
    server.script(
      CM,
      status(500, 'InternalError', 'etcd leader changed'),
      status(500, 'InternalError', 'again'),
      { status: 200, json: cm() },
    );
    expect(await cluster().get(ref)).toBeDefined();
    expect(requestsTo(CM)).toHaveLength(3);
  });

  test('a connection reset mid-request is retried', async () => {
    server.script(CM, { reset: true }, { status: 200, json: cm() });
    expect(await cluster().get(ref)).toBeDefined();
    expect(requestsTo(CM)).toHaveLength(2);
  });

  test('a proxy HTML error page that never heals fails with its status and an excerpt', async () => {
    server.script(CM, {
      status: 502,
      type: 'text/html',
      text: '<html><body><h1>502 Bad Gateway</h1></body></html>',
    });
    const e = await failure(cluster().get(ref));
    expect(e.code).toBe('CLUSTER_ERROR');
    expect(e.message).toContain('502 Bad Gateway');
    expect(e.message).toContain('(HTTP 502)');
    expect(requestsTo(CM)).toHaveLength(5);
  });

  test('a guarded update that conflicts is not retried blindly', async () => {
    server.script(CM, status(409, 'Conflict', 'the object has been modified'));
    const c = cluster();
    const e = await failure(c.replace(cm('7')));
    expect(e.code).toBe('CLUSTER_CONFLICT');
    expect(requestsTo(CM)).toHaveLength(1);
    expect(JSON.parse(requestsTo(CM)[0]!.body).metadata.resourceVersion).toBe('7');
  });
});

describe('answers that are not JSON', () => {
  test('a 200 text/plain body is a rejected promise with the status and an excerpt, not a crash', async () => {
    server.script(CM, { status: 200, text: 'ok' });
    const e = await failure(cluster().get(ref));
    expect(e.code).toBe('CLUSTER_BAD_RESPONSE');
    expect(e.message).toContain('HTTP 200');
    expect(e.message).toContain('text/plain');
    expect(e.message).toContain('"ok"');
    expect(requestsTo(CM)).toHaveLength(1);
  });

  test('a long non-JSON body is cut to a short excerpt', async () => {
    server.script(CM, { status: 200, type: 'text/html', text: `<html>${'x'.repeat(5000)}</html>` });
    const e = await failure(cluster().get(ref));
    expect(e.message.length).toBeLessThan(400);
  });
});

describe('deadlines and cancellation', () => {
  test('a body that stalls after the headers hits the per-call deadline', async () => {
    server.script(CM, { stallAfterHeaders: true });
    const e = await failure(cluster().get(ref, { timeoutMs: 200 }));
    expect(e.code).toBe('CLUSTER_TIMEOUT');
    expect(e.message).toContain(server.url);
  });

  test('an abort stops the call at once, without retries', async () => {
    server.script(CM, { stallAfterHeaders: true });
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 100);
    const e = await failure(cluster().get(ref, { signal: ac.signal, timeoutMs: 30_000 }));
    expect(e.code).toBe('CANCELLED');
    expect(requestsTo(CM)).toHaveLength(1);
  });
});

describe('errors by status', () => {
  test('401 is named as rejected credentials with the fix', async () => {
    server.script(CM, status(401, 'Unauthorized', 'Unauthorized'));
    const e = await failure(cluster().get(ref));
    expect(e.code).toBe('CLUSTER_UNAUTHORIZED');
    expect(e.message).toContain('401');
    expect(e.hint).toMatch(/expired or been revoked/);
    expect(requestsTo(CM)).toHaveLength(1);
  });

  test('404 on a read is "absent", not an error', async () => {
    expect(await cluster().get({ ...ref, name: 'missing' })).toBeUndefined();
  });
});

describe('lists', () => {
  test('pages are followed with limit and continue', async () => {
    const page = (names: string[], cont?: string) => ({
      status: 200,
      json: {
        kind: 'ConfigMapList',
        metadata: { resourceVersion: '9', ...(cont ? { continue: cont } : {}) },
        items: names.map((n) => ({ metadata: { name: n } })),
      },
    });
    server.script(CMS, page(['a', 'b'], 'p2'), page(['c', 'd'], 'p3'), page(['e']));
    const c = cluster();
    const items = await c.list('v1', 'ConfigMap', { namespace: 't', limit: 2 });
    expect(items.map((i) => i.metadata!.name)).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(items[0]).toMatchObject({ apiVersion: 'v1', kind: 'ConfigMap' });
    const urls = requestsTo(CMS).map((s) => new URL(s.url, 'http://x').searchParams);
    expect(urls.map((q) => q.get('continue'))).toEqual([null, 'p2', 'p3']);
    expect(urls.every((q) => q.get('limit') === '2')).toBe(true);
  });

  test('an expired continue token (410) starts the list again once', async () => {
    const page = (names: string[], cont?: string) => ({
      status: 200,
      json: {
        metadata: { ...(cont ? { continue: cont } : {}) },
        items: names.map((n) => ({ metadata: { name: n } })),
      },
    });
    server.script(
      CMS,
      page(['a'], 'p2'),
      status(410, 'Expired', 'continue token expired'),
      page(['a'], 'q2'),
      page(['b']),
    );
    const items = await cluster().list('v1', 'ConfigMap', { namespace: 't', limit: 1 });
    expect(items.map((i) => i.metadata!.name)).toEqual(['a', 'b']);
  });
});

describe('writes', () => {
  test('a merge patch is sent as application/merge-patch+json', async () => {
    server.script(CM, { status: 200, json: cm('2') });
    await cluster().mergePatch(ref, { data: { k: null } });
    const [req] = requestsTo(CM);
    expect(req!.method).toBe('PATCH');
    expect(req!.contentType).toBe('application/merge-patch+json');
    expect(JSON.parse(req!.body)).toEqual({ data: { k: null } });
  });

  test('update reads again after a conflict and writes the fresh copy', async () => {
    server.script(`GET ${CM}`, { status: 200, json: cm('1') }, { status: 200, json: cm('2') });
    server.script(`PUT ${CM}`, status(409, 'Conflict', 'modified'), { status: 200, json: cm('3') });
    await cluster().update<V1ConfigMap>(ref, (live) => {
      live.data = { k: 'w' };
      return true;
    });
    const puts = requestsTo(CM).filter((s) => s.method === 'PUT');
    expect(puts.map((p) => JSON.parse(p.body).metadata.resourceVersion)).toEqual(['1', '2']);
  });

  test('update writes nothing when the change is already there', async () => {
    server.script(`GET ${CM}`, { status: 200, json: cm('1') });
    const c = cluster();
    await c.update(ref, () => false);
    expect(c.stats.writes).toBe(0);
  });
});

describe('discovery', () => {
  test('a group nobody serves means the kind is not installed', async () => {
    const c = cluster();
    expect(await c.serves('monitoring.coreos.com/v1', 'ServiceMonitor')).toBe(false);
    expect(await c.serves('v1', 'ConfigMap')).toBe(true);
    expect(await c.serves('v1', 'Secret')).toBe(false);
  });

  test('using a kind the server does not serve names it and the fix', async () => {
    const e = await failure(
      cluster().get({ apiVersion: 'v1', kind: 'Secret', namespace: 't', name: 'x' }),
    );
    expect(e.message).toContain('does not serve Secret in v1');
    expect(e.hint).toContain('CRD');
  });
});

describe('credentials', () => {
  test('an exec plugin that fails is named, with its stderr and no secret', async () => {
    const secret = 'eyJhbGciOiJSUzI1NiIsImtpZCI6IjEyMzQ1Njc4OTAifQ.payload.signature';
    const c = new Cluster(
      server.kubeconfig({
        exec: {
          apiVersion: 'client.authentication.k8s.io/v1',
          command: 'sh',
          args: ['-c', `echo "token ${secret} refused: SSO session expired" >&2; exit 1`],
          interactiveMode: 'Never',
        },
      }),
    );
    const e = await failure(c.get(ref));
    expect(e.code).toBe('CLUSTER_CREDENTIALS');
    expect(e.message).toContain('exec plugin `sh` failed');
    expect(e.message).toContain('SSO session expired');
    expect(e.message).not.toContain(secret);
    expect(server.seen).toHaveLength(0); // nothing was sent
  });

  test('an exec plugin that is not installed says so', async () => {
    const c = new Cluster(
      server.kubeconfig({
        exec: {
          apiVersion: 'client.authentication.k8s.io/v1',
          command: 'no-such-auth-plugin',
          interactiveMode: 'Never',
        },
      }),
    );
    const e = await failure(c.get(ref));
    expect(e.message).toContain('`no-such-auth-plugin` was not found');
  });

  test('an exec credential is fetched again once it expires', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cutover-exec-'));
    const tokenPath = join(dir, 'token');
    writeFileSync(tokenPath, 'first');
    const plugin = join(dir, 'plugin.sh');
    writeFileSync(
      plugin,
      `#!/bin/sh\nexp=$(date -u -d '+1 second' +%Y-%m-%dT%H:%M:%SZ)\nprintf '{"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential","status":{"token":"%s","expirationTimestamp":"%s"}}' "$(cat ${tokenPath})" "$exp"\n`,
      { mode: 0o755 },
    );
    server.script(CM, { status: 200, json: cm() });
    const c = new Cluster(
      server.kubeconfig({
        exec: {
          apiVersion: 'client.authentication.k8s.io/v1',
          command: plugin,
          interactiveMode: 'Never',
        },
      }),
    );
    await c.get(ref);
    writeFileSync(tokenPath, 'second');
    await new Promise((r) => setTimeout(r, 2100));
    await c.get(ref);
    expect(requestsTo(CM).map((s) => s.authorization)).toEqual(['Bearer first', 'Bearer second']);
  });

  test('a kubeconfig tokenFile is read again, so a rotated token is used', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cutover-tokenfile-'));
    writeFileSync(join(dir, 'token'), 'old-token\n');
    const file = join(dir, 'kubeconfig');
    writeFileSync(file, server.kubeconfigYaml({ tokenFile: 'token' }));
    server.script(CM, { status: 200, json: cm() });
    const { loadKubeConfig } = await import('../../../src/kube/kubeconfig.ts');
    const loaded = loadKubeConfig({ kubeconfigPath: file });
    expect(loaded.tokenFile).toBe(join(dir, 'token'));
    const c = new Cluster(loaded.kc, { tokenFile: loaded.tokenFile!, tokenFileRereadMs: 0 });
    await c.get(ref);
    writeFileSync(join(dir, 'token'), 'new-token\n');
    await c.get(ref);
    expect(requestsTo(CM).map((s) => s.authorization)).toEqual([
      'Bearer old-token',
      'Bearer new-token',
    ]);
  });
});
