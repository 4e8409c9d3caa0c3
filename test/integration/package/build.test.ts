/**
 * Image builds for real: buildah (chroot isolation, vfs storage in a temporary root) builds
 * fixture contexts FROM scratch (no Docker Hub here) and pushes them to a real registry;
 * the pushed manifest, its config's OCI labels and the tags are read back over the API.
 * A RUN step runs a static busybox copied into the image. The failures a user meets come
 * out with their own codes: no Dockerfile, a failing build, a registry that is not there,
 * one that refuses the credentials (both before the build and from buildah's own push).
 */
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { Parser } from 'tar';
import { CutoverError } from '../../../src/errors.ts';
import { build, chooseBuilder, type BuildSpec } from '../../../src/package/builder.ts';
import { OCI_CREATED, OCI_REVISION, OCI_SOURCE, ociLabels } from '../../../src/package/labels.ts';
import { packageArtifact, type PackageRequest } from '../../../src/package/package-artifact.ts';
import { RegistryClient } from '../../../src/package/registry.ts';
import { freePort } from '../../support/prometheus.ts';
import { startRegistry, type RunningRegistry } from '../../support/registry.ts';

const FIXTURES = join(import.meta.dirname, 'fixtures');
const SHA = '0123456789abcdef0123456789abcdef01234567';
const LABELS = ociLabels({
  repoUrl: 'https://github.com/acme/web',
  sha: SHA,
  created: '2026-01-02T03:04:05Z',
  version: '1.0.0',
});
const ALICE = { username: 'alice', password: 'pa55-w0rd-for-tests' };

let reg: RunningRegistry;
let authReg: RunningRegistry;
let root: string;
const lines: string[] = [];
const masked: string[] = [];

const request = (o: Partial<PackageRequest> = {}): PackageRequest => ({
  contextDir: join(FIXTURES, 'scratch'),
  dockerfile: 'Dockerfile',
  repository: `${reg.host}/demo/app`,
  tags: ['abc123'],
  labels: LABELS,
  builder: 'buildah',
  buildahRoot: root,
  progress: (l) => lines.push(l),
  mask: (s) => masked.push(s),
  ...o,
});

async function failure(p: Promise<unknown>): Promise<CutoverError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof CutoverError) return e;
    throw e;
  }
  throw new Error('expected a CutoverError, got success');
}

beforeAll(async () => {
  [reg, authReg] = await Promise.all([
    startRegistry(),
    startRegistry({ htpasswd: { [ALICE.username]: ALICE.password } }),
  ]);
  root = mkdtempSync(join(tmpdir(), 'cutover-buildah-test-'));
});

afterAll(async () => {
  await Promise.all([reg?.stop(), authReg?.stop()]);
  if (root) rmSync(root, { recursive: true, force: true });
});

it('chooses buildah here: a docker CLI without buildx or an engine is no builder', async () => {
  expect(await chooseBuilder('auto')).toBe('buildah');
  const e = await failure(chooseBuilder('auto', { PATH: '/nonexistent' }));
  expect(e.code).toBe('BUILDER_MISSING');
  expect(e.hint).toMatch(/install buildah/);
  expect((await failure(chooseBuilder('buildx'))).code).toBe('BUILDER_MISSING');
});

it('builds FROM scratch, pushes every tag, and the registry has the labels and the digest', async () => {
  const r = await packageArtifact(request({ tags: ['abc123', 'v1.0.0'] }));
  expect(r.builder).toBe('buildah');
  expect(r.digest).toMatch(/^sha256:[a-f0-9]{64}$/);
  expect(r.image).toBe(`${reg.host}/demo/app@${r.digest}`);
  expect(r.tags).toEqual([`${reg.host}/demo/app:abc123`, `${reg.host}/demo/app:v1.0.0`]);
  expect(r.seconds.build).toBeGreaterThan(0);
  expect(r.seconds.push).toBeGreaterThan(0);
  expect(lines.some((l) => l.includes('COPY hello.txt'))).toBe(true);

  const client = new RegistryClient({ host: reg.host });
  const manifest = await client.getManifest('demo/app', r.digest);
  expect(manifest.digest).toBe(r.digest);
  for (const tag of ['abc123', 'v1.0.0'])
    expect((await client.getManifest('demo/app', tag)).digest).toBe(r.digest);
  const body = JSON.parse(new TextDecoder().decode(manifest.body)) as {
    config: { digest: string };
  };
  const config = JSON.parse(
    new TextDecoder().decode(await client.getBlob('demo/app', body.config.digest)),
  ) as { config: { Labels: Record<string, string> } };
  expect(config.config.Labels).toMatchObject({
    [OCI_SOURCE]: 'https://github.com/acme/web',
    [OCI_REVISION]: SHA,
    [OCI_CREATED]: '2026-01-02T03:04:05Z',
  });
});

it('runs a RUN step with a static busybox copied into a FROM-scratch image', async () => {
  const ctx = mkdtempSync(join(tmpdir(), 'cutover-busybox-ctx-'));
  try {
    copyFileSync('/bin/busybox', join(ctx, 'busybox'));
    writeFileSync(
      join(ctx, 'Dockerfile'),
      [
        'FROM scratch',
        'COPY busybox /bin/busybox',
        'ARG WHO=nobody',
        'RUN ["/bin/busybox", "sh", "-c", "echo built by $WHO > /built.txt"]',
        '',
      ].join('\n'),
    );
    const r = await packageArtifact(
      request({ contextDir: ctx, tags: ['busybox'], buildArgs: { WHO: 'cutover' } }),
    );
    const client = new RegistryClient({ host: reg.host });
    const manifest = JSON.parse(
      new TextDecoder().decode((await client.getManifest('demo/app', r.digest)).body),
    ) as { layers: { digest: string }[] };
    // The last layer is the RUN step's: it holds the file the shell wrote.
    const last = await client.getBlob('demo/app', manifest.layers.at(-1)!.digest);
    expect(await fileIn(gunzipSync(last), 'built.txt')).toBe('built by cutover\n');
  } finally {
    rmSync(ctx, { recursive: true, force: true });
  }
});

it('an abort stops the builder: CANCELLED', async () => {
  const ctx = mkdtempSync(join(tmpdir(), 'cutover-cancel-ctx-'));
  try {
    copyFileSync('/bin/busybox', join(ctx, 'busybox'));
    writeFileSync(
      join(ctx, 'Dockerfile'),
      'FROM scratch\nCOPY busybox /bin/busybox\nRUN ["/bin/busybox", "sleep", "30"]\n',
    );
    const started = Date.now();
    const e = await failure(
      packageArtifact({ ...request({ contextDir: ctx }), signal: AbortSignal.timeout(1_500) }),
    );
    expect(e.code).toBe('CANCELLED');
    expect(Date.now() - started).toBeLessThan(15_000);
  } finally {
    rmSync(ctx, { recursive: true, force: true });
  }
});

it('a missing Dockerfile is BUILD_INPUT_MISSING naming the path', async () => {
  const e = await failure(packageArtifact(request({ dockerfile: 'Nope.Dockerfile' })));
  expect(e.code).toBe('BUILD_INPUT_MISSING');
  expect(e.message).toContain(join(FIXTURES, 'scratch', 'Nope.Dockerfile'));
  const ctx = await failure(packageArtifact(request({ contextDir: join(FIXTURES, 'none') })));
  expect(ctx.code).toBe('BUILD_INPUT_MISSING');
  expect(ctx.message).toContain('context');
});

it('a failing step is BUILD_FAILED with the last lines of the build', async () => {
  const ctx = mkdtempSync(join(tmpdir(), 'cutover-failing-ctx-'));
  try {
    writeFileSync(join(ctx, 'Dockerfile'), 'FROM scratch\nCOPY missing.txt /missing.txt\n');
    const e = await failure(packageArtifact(request({ contextDir: ctx })));
    expect(e.code).toBe('BUILD_FAILED');
    expect(e.message).toMatch(/missing\.txt/);
    expect(e.message.split('\n').length).toBeLessThanOrEqual(22);
  } finally {
    rmSync(ctx, { recursive: true, force: true });
  }
});

describe('an unreachable registry (a closed loopback port)', () => {
  it('fails before the build, REGISTRY_UNREACHABLE', async () => {
    const port = await freePort();
    const e = await failure(packageArtifact(request({ repository: `127.0.0.1:${port}/demo/app` })));
    expect(e.code).toBe('REGISTRY_UNREACHABLE');
  });

  it("is told from buildah's own push error too", async () => {
    const port = await freePort();
    const e = await failure(build('buildah', spec(`127.0.0.1:${port}`)));
    expect(e.code).toBe('REGISTRY_UNREACHABLE');
    expect(e.message).toMatch(/connection refused/);
  });
});

describe('a registry with htpasswd auth', () => {
  it('takes the right password through the auth file (never a command-line argument)', async () => {
    const started = lines.length;
    const r = await packageArtifact(
      request({ repository: `${authReg.host}/demo/app`, auth: ALICE, tags: ['authed'] }),
    );
    expect(masked).toContain(ALICE.password);
    const client = new RegistryClient({ host: authReg.host, auth: ALICE });
    expect((await client.getManifest('demo/app', 'authed')).digest).toBe(r.digest);
    expect(lines.slice(started).join('\n')).not.toContain(ALICE.password);
  });

  it('refuses a wrong password before the build: REGISTRY_DENIED', async () => {
    const wrong = { username: 'alice', password: 'wrong-password-123' };
    const e = await failure(
      packageArtifact(request({ repository: `${authReg.host}/demo/app`, auth: wrong })),
    );
    expect(e.code).toBe('REGISTRY_DENIED');
    expect(e.format()).not.toContain(wrong.password);
  });

  it("refuses a wrong password in buildah's push: REGISTRY_DENIED", async () => {
    const wrong = { username: 'alice', password: 'wrong-password-456' };
    const e = await failure(build('buildah', { ...spec(authReg.host), auth: wrong }));
    expect(e.code).toBe('REGISTRY_DENIED');
    expect(e.message).toMatch(/unauthorized|authentication required/);
    expect(e.format()).not.toContain(wrong.password);
  });
});

function spec(registry: string): BuildSpec {
  return {
    contextDir: join(FIXTURES, 'scratch'),
    dockerfile: 'Dockerfile',
    tags: [`${registry}/demo/app:direct`],
    labels: LABELS,
    registry,
    buildahRoot: root,
    progress: (l) => lines.push(l),
  };
}

/** One file's text from an uncompressed tar (an image layer). */
function fileIn(tarball: Buffer, path: string): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    let found: string | undefined;
    const parser = new Parser({
      onReadEntry: (entry) => {
        if (entry.path.replace(/^\.?\//, '') !== path) return entry.resume();
        const chunks: Buffer[] = [];
        entry.on('data', (c: Buffer) => chunks.push(c));
        entry.on('end', () => (found = Buffer.concat(chunks).toString('utf8')));
      },
    });
    parser.on('error', reject);
    parser.on('end', () => resolve(found));
    parser.end(tarball);
  });
}
