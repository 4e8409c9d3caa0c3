// The bridge's two sides in one process, on the host: TCP -> unix socket -> TCP, with a
// real echo server behind (in a cluster the unix side runs in the network namespace).
import { mkdtempSync, rmSync } from 'node:fs';
import { type Server, connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { serveTcpToUnix, serveUnixToTcp } from '../../../src/local/bridge.ts';
import { freePorts } from '../../../src/local/process.ts';

const servers: Server[] = [];
let dir: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'bridge-'));
});
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))));
  rmSync(dir, { recursive: true, force: true });
});

/** An echo server that answers with what it got once the client half-closes. */
function echo(port: number): Promise<Server> {
  const s = createServer({ allowHalfOpen: true }, (c) => {
    const chunks: Buffer[] = [];
    c.on('data', (d: Buffer) => chunks.push(d));
    c.on('end', () => c.end(Buffer.concat(chunks)));
  });
  servers.push(s);
  return new Promise((r) => s.listen(port, '127.0.0.1', () => r(s)));
}

function roundTrip(port: number, payload: Buffer): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const c = connect({ port, host: '127.0.0.1', allowHalfOpen: true });
    const got: Buffer[] = [];
    c.on('data', (d: Buffer) => got.push(d));
    c.on('end', () => resolve(Buffer.concat(got)));
    c.on('error', reject);
    c.end(payload);
  });
}

test('bytes go through both sides and back, half-close passed on', async () => {
  const [target, entry] = (await freePorts(2)) as [number, number];
  await echo(target);
  const sock = join(dir, 'p');
  servers.push(await serveUnixToTcp(sock, target), await serveTcpToUnix(entry, sock));
  const payload = Buffer.alloc(3 << 20, 7); // larger than any socket buffer
  payload.write('hello');
  const [a, b] = await Promise.all([roundTrip(entry, payload), roundTrip(entry, Buffer.from('x'))]);
  expect(a.equals(payload)).toBe(true);
  expect(b.toString()).toBe('x');
});

test('a connection to a side whose target is down is closed, not hung', async () => {
  const [target, entry] = (await freePorts(2)) as [number, number];
  const sock = join(dir, 'p');
  servers.push(await serveUnixToTcp(sock, target), await serveTcpToUnix(entry, sock));
  const got = await roundTrip(entry, Buffer.from('nobody')).catch(() => Buffer.alloc(0));
  expect(got.length).toBe(0);
});

test('the unix side replaces a socket file left by a killed run', async () => {
  const [target] = (await freePorts(1)) as [number];
  const sock = join(dir, 'p');
  const first = await serveUnixToTcp(sock, target);
  first.unref();
  // A killed process leaves its socket file; a new listen must not fail on it.
  servers.push(await serveUnixToTcp(sock, target));
  await new Promise((r) => first.close(r));
});
