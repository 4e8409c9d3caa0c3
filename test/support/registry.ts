/**
 * A real OCI registry for tests: Debian's `docker-registry` (distribution 2.8) on a free
 * loopback port, its storage in a temporary folder, both removed on stop().
 * scripts/setup.sh installs it; when it is missing the test fails with that fix.
 *
 *   const reg = await startRegistry();                                  // anonymous
 *   const reg = await startRegistry({ htpasswd: { alice: 'secret' } }); // Basic auth
 *   const reg = await startRegistry({ token: { alice: 'secret' } });    // Bearer token flow
 *   ... push to `${reg.host}/demo/app:tag` ...
 *   await reg.stop();
 *
 * htpasswd wants bcrypt: Perl's crypt() (perl-base, on every Debian) makes `$2b$` hashes
 * through libxcrypt, so no apache2-utils is needed. The token mode is the distribution
 * token protocol the big registries speak (Docker Hub, ghcr.io): the registry answers
 * `WWW-Authenticate: Bearer realm=…`, and a small token service here checks the Basic
 * credentials and signs an RS256 JWT with the certificate in its x5c header, which the
 * registry verifies against the same certificate (made with openssl for each run).
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { createPrivateKey, randomBytes, sign, type KeyObject } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { stringify } from 'yaml';

import { freePort } from './prometheus.ts';

export interface StartRegistryOptions {
  /** Basic auth with these users (name → password). */
  htpasswd?: Record<string, string>;
  /** Bearer token auth, the token service knowing these users (name → password). */
  token?: Record<string, string>;
  /** Startup deadline, default 15 s. */
  timeoutMs?: number;
}

export interface RunningRegistry {
  /** 127.0.0.1:port: what image references start with. */
  host: string;
  /** http://127.0.0.1:port */
  url: string;
  /** How many token requests the token service answered (token mode). */
  tokenRequests(): number;
  logTail(lines?: number): string;
  stop(): Promise<void>;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

export function requireRegistryBinary(): string {
  const found = spawnSync('sh', ['-c', 'command -v docker-registry'], { encoding: 'utf8' });
  const path = found.stdout.trim();
  if (found.status !== 0 || !path)
    throw new Error(
      "docker-registry is not installed: run `source scripts/setup.sh` (it installs Debian's docker-registry package)",
    );
  return path;
}

/** A bcrypt hash for htpasswd, by libxcrypt through Perl's crypt(). */
export function bcrypt(password: string): string {
  const alphabet = './ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  const salt = [...randomBytes(22)].map((b) => alphabet[b % 64]).join('');
  // Cost 5: the registry checks the hash on every request; tests need no strength.
  const r = spawnSync('perl', ['-e', 'print crypt($ENV{PW}, $ENV{SALT})'], {
    encoding: 'utf8',
    env: { ...process.env, PW: password, SALT: `$2b$05$${salt}` },
  });
  if (r.status !== 0 || !r.stdout.startsWith('$2b$'))
    throw new Error(`bcrypt via perl crypt() failed: ${r.stderr || r.stdout}`);
  return r.stdout;
}

export async function startRegistry(opts: StartRegistryOptions = {}): Promise<RunningRegistry> {
  const binary = requireRegistryBinary();
  const dir = mkdtempSync(join(tmpdir(), 'cutover-registry-'));
  const port = await freePort();
  const host = `127.0.0.1:${port}`;
  const config: Record<string, unknown> = {
    version: 0.1,
    log: { level: 'info', accesslog: { disabled: true } },
    storage: { filesystem: { rootdirectory: join(dir, 'data') }, delete: { enabled: true } },
    http: { addr: host },
  };
  if (opts.htpasswd) {
    const file = join(dir, 'htpasswd');
    writeFileSync(
      file,
      Object.entries(opts.htpasswd)
        .map(([user, pw]) => `${user}:${bcrypt(pw)}\n`)
        .join(''),
    );
    config.auth = { htpasswd: { realm: 'cutover-test', path: file } };
  }
  let tokens: TokenService | undefined;
  if (opts.token) {
    tokens = await startTokenService(dir, opts.token);
    config.auth = {
      token: {
        realm: `${tokens.url}/token`,
        service: TOKEN_SERVICE,
        issuer: TOKEN_ISSUER,
        rootcertbundle: tokens.certFile,
      },
    };
  }
  const configFile = join(dir, 'config.yml');
  writeFileSync(configFile, stringify(config));

  const child = spawn(binary, ['serve', configFile], { stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  const keep = (c: Buffer): void => {
    log = (log + c.toString('utf8')).slice(-64_000);
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  let exited: string | undefined;
  const gone = new Promise<void>((resolve) => {
    child.once('exit', (code, signal) => {
      exited = signal ? `killed by ${signal}` : `exited with code ${code}`;
      resolve();
    });
    child.once('error', (e) => {
      exited = `could not start: ${e.message}`;
      resolve();
    });
  });
  const url = `http://${host}`;
  const logTail = (lines = 20): string => log.trimEnd().split('\n').slice(-lines).join('\n');
  const stop = async (): Promise<void> => {
    await kill(child, gone);
    await tokens?.close();
    rmSync(dir, { recursive: true, force: true });
  };
  const deadline = Date.now() + (opts.timeoutMs ?? 15_000);
  for (;;) {
    if (exited !== undefined) {
      await stop();
      throw new Error(`docker-registry ${exited} before it was ready; its log ends:\n${logTail()}`);
    }
    if (await answers(`${url}/v2/`)) break;
    if (Date.now() > deadline) {
      await stop();
      throw new Error(
        `docker-registry was not ready at ${url} in time; its log ends:\n${logTail()}`,
      );
    }
    await sleep(50);
  }
  return { host, url, logTail, stop, tokenRequests: () => tokens?.requests ?? 0 };
}

/** The registry answers /v2/: 200 when open, 401 with a challenge when it wants auth. */
async function answers(url: string): Promise<boolean> {
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(1_000) });
    await res.arrayBuffer();
    return res.status === 200 || res.status === 401;
  } catch {
    return false;
  }
}

async function kill(child: ChildProcess, gone: Promise<void>): Promise<void> {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  const t = setTimeout(() => child.kill('SIGKILL'), 5_000);
  await gone;
  clearTimeout(t);
}

const TOKEN_SERVICE = 'cutover-test-registry';
const TOKEN_ISSUER = 'cutover-test-token-service';

interface TokenService {
  url: string;
  certFile: string;
  requests: number;
  close(): Promise<void>;
}

/** The token service: Basic credentials in, a JWT granting the scope asked for out. */
async function startTokenService(
  dir: string,
  users: Record<string, string>,
): Promise<TokenService> {
  const keyFile = join(dir, 'token-key.pem');
  const certFile = join(dir, 'token-cert.pem');
  const made = spawnSync(
    'openssl',
    ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', keyFile, '-out', certFile].concat([
      '-days',
      '1',
      '-subj',
      '/CN=cutover-test-token-service',
    ]),
    { encoding: 'utf8' },
  );
  if (made.status !== 0)
    throw new Error(`openssl could not make the token certificate: ${made.stderr}`);
  const key = createPrivateKey(readFileSync(keyFile));
  const der = pemBody(readFileSync(certFile, 'utf8'));
  const state = { requests: 0 };
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const who = basicUser(req.headers.authorization, users);
    state.requests += 1;
    if (url.pathname !== '/token' || who === null) {
      res.writeHead(401, { 'content-type': 'application/json' });
      res.end('{"errors":[{"code":"UNAUTHORIZED","message":"bad credentials"}]}');
      return;
    }
    const access = url.searchParams.getAll('scope').flatMap((s) => {
      const [type, name, actions] = s.split(':');
      if (!type || !name || !actions) return [];
      // Anonymous callers may pull; users get what they ask for.
      const granted = actions.split(',').filter((a) => who !== undefined || a === 'pull');
      return [{ type, name, actions: granted }];
    });
    const token = jwt(key, der, {
      iss: TOKEN_ISSUER,
      sub: who ?? '',
      aud: url.searchParams.get('service') ?? TOKEN_SERVICE,
      access,
    });
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ token, expires_in: 300 }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    certFile,
    get requests() {
      return state.requests;
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** undefined: anonymous; null: wrong credentials; else the user. */
function basicUser(
  header: string | undefined,
  users: Record<string, string>,
): string | undefined | null {
  if (!header) return undefined;
  const m = /^Basic\s+(.+)$/i.exec(header);
  if (!m) return null;
  const text = Buffer.from(m[1]!, 'base64').toString('utf8');
  const i = text.indexOf(':');
  const user = text.slice(0, i);
  return i > 0 && Object.hasOwn(users, user) && users[user] === text.slice(i + 1) ? user : null;
}

function pemBody(pem: string): string {
  return pem.replace(/-----[^-]+-----/g, '').replace(/\s+/g, '');
}

function jwt(key: KeyObject, certDer: string, claims: Record<string, unknown>): string {
  const now = Math.floor(Date.now() / 1000);
  const b64 = (v: unknown): string => Buffer.from(JSON.stringify(v)).toString('base64url');
  const head = b64({ typ: 'JWT', alg: 'RS256', x5c: [certDer] });
  const body = b64({
    ...claims,
    iat: now,
    nbf: now - 10,
    exp: now + 300,
    jti: randomBytes(8).toString('hex'),
  });
  const signature = sign('sha256', Buffer.from(`${head}.${body}`), key).toString('base64url');
  return `${head}.${body}.${signature}`;
}
