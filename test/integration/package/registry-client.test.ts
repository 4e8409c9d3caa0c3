/**
 * The OCI distribution client against a real registry (Debian's docker-registry 2.8) in
 * each auth mode it meets in the wild: anonymous, Basic (htpasswd) and the Bearer token
 * flow (a token service signing JWTs the registry verifies). Also what it says when the
 * credentials are wrong, missing, or the registry is not there, and that it never says
 * the password.
 */
import { CutoverError } from '../../../src/errors.ts';
import { OCI_MANIFEST, RegistryClient, sha256Digest } from '../../../src/package/registry.ts';
import { freePort } from '../../support/prometheus.ts';
import { startRegistry, type RunningRegistry } from '../../support/registry.ts';

const USERS = { alice: 'correct horse battery staple' };
const ALICE = { username: 'alice', password: USERS.alice };
const WRONG = { username: 'alice', password: 'not-the-password' };
const bytes = (s: string): Uint8Array => new TextEncoder().encode(s);

async function failure(p: Promise<unknown>): Promise<CutoverError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof CutoverError) return e;
    throw e;
  }
  throw new Error('expected a CutoverError, got success');
}

describe.each([
  ['anonymous', {}, undefined],
  ['Basic (htpasswd)', { htpasswd: USERS }, ALICE],
  ['Bearer token flow', { token: USERS }, ALICE],
] as const)('registry client, %s', (_mode, opts, auth) => {
  let reg: RunningRegistry;
  beforeAll(async () => {
    reg = await startRegistry(opts);
  });
  afterAll(async () => {
    await reg?.stop();
  });

  it('pushes blobs once, a manifest by tag, and reads both back by digest', async () => {
    const client = new RegistryClient({ host: reg.host, auth });
    await client.ping('demo/app');
    const config = bytes('{"hello":"world"}');
    const layer = bytes('layer bytes '.repeat(1000));
    const first = await client.pushBlob('demo/app', layer);
    expect(first).toEqual({ digest: sha256Digest(layer), size: layer.length, skipped: false });
    // HEAD says it is there: not sent again.
    expect((await client.pushBlob('demo/app', layer)).skipped).toBe(true);
    const cfg = await client.pushBlob('demo/app', config);
    const manifest = {
      schemaVersion: 2,
      mediaType: OCI_MANIFEST,
      config: { mediaType: 'application/vnd.oci.image.config.v1+json', ...pick(cfg) },
      layers: [{ mediaType: 'application/vnd.oci.image.layer.v1.tar', ...pick(first) }],
    };
    const pushed = await client.pushManifest('demo/app', 'v1', manifest);
    expect(pushed.digest).toBe(sha256Digest(bytes(JSON.stringify(manifest))));

    const byTag = await client.getManifest('demo/app', 'v1');
    const byDigest = await client.getManifest('demo/app', pushed.digest);
    expect(byTag.digest).toBe(pushed.digest);
    expect(byDigest.mediaType).toBe(OCI_MANIFEST);
    expect(JSON.parse(new TextDecoder().decode(byDigest.body))).toEqual(manifest);
    expect(new TextDecoder().decode(await client.getBlob('demo/app', cfg.digest))).toBe(
      '{"hello":"world"}',
    );
    if (_mode === 'Bearer token flow') expect(reg.tokenRequests()).toBeGreaterThan(0);
  });

  it('a missing manifest is a REGISTRY_ERROR with the registry’s own code', async () => {
    const client = new RegistryClient({ host: reg.host, auth });
    const e = await failure(client.getManifest('demo/app', 'no-such-tag'));
    expect(e.code).toBe('REGISTRY_ERROR');
    expect(e.httpStatus).toBe(404);
    expect(e.message).toMatch(/MANIFEST_UNKNOWN/);
  });

  if (auth) {
    it('a wrong password is REGISTRY_DENIED, and the password is in no message', async () => {
      const client = new RegistryClient({ host: reg.host, auth: WRONG });
      const e = await failure(client.pushBlob('demo/app', bytes('x')));
      expect(e.code).toBe('REGISTRY_DENIED');
      expect(e.format()).toMatch(/alice/); // the user is named, the password never
      expect(e.format()).not.toContain(WRONG.password);
      expect(e.format()).not.toContain(Buffer.from(`alice:${WRONG.password}`).toString('base64'));
    });

    it('no credentials at all is REGISTRY_DENIED with a hint to give them', async () => {
      const client = new RegistryClient({ host: reg.host });
      const e = await failure(client.pushBlob('demo/app', bytes('y')));
      expect(e.code).toBe('REGISTRY_DENIED');
      expect(e.hint).toMatch(/credentials/);
    });
  }
});

it('a closed loopback port is REGISTRY_UNREACHABLE', async () => {
  const port = await freePort();
  const client = new RegistryClient({ host: `127.0.0.1:${port}` });
  const e = await failure(client.ping());
  expect(e.code).toBe('REGISTRY_UNREACHABLE');
  expect(e.message).toMatch(/ECONNREFUSED/);
  expect(e.hint).toMatch(/address and port/);
});

it('speaks https to any host that is not loopback, unless insecure', () => {
  expect(new RegistryClient({ host: 'ghcr.io' }).base).toBe('https://ghcr.io');
  expect(new RegistryClient({ host: 'localhost:5000' }).base).toBe('http://localhost:5000');
  expect(new RegistryClient({ host: '127.0.0.7:5000' }).base).toBe('http://127.0.0.7:5000');
  expect(new RegistryClient({ host: 'registry.lan:5000', insecure: true }).base).toBe(
    'http://registry.lan:5000',
  );
});

function pick(b: { digest: string; size: number }): { digest: string; size: number } {
  return { digest: b.digest, size: b.size };
}
