/**
 * The deploy bundle beside the image: built and pushed by packageArtifact to a real
 * registry (open, and one with the Bearer token flow), read back with fetchBundle and
 * compared file by file with what the renderers give for the pushed image. The manifest
 * is the OCI artifact form (artifactType, the empty config, a subject naming the image),
 * which distribution 2.8 stores as it is; a rebuild of the same inputs pushes the same
 * image and bundle digests.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { CutoverError } from '../../../src/errors.ts';
import { bundleFiles } from '../../../src/package/bundle-files.ts';
import {
  BUNDLE_ARTIFACT_TYPE,
  BUNDLE_LAYER_TYPE,
  OCI_EMPTY,
  fetchBundle,
} from '../../../src/package/bundle.ts';
import { ociLabels } from '../../../src/package/labels.ts';
import { packageArtifact, type PackageRequest } from '../../../src/package/package-artifact.ts';
import { RegistryClient } from '../../../src/package/registry.ts';
import { startRegistry, type RunningRegistry } from '../../support/registry.ts';

const FIXTURES = join(import.meta.dirname, 'fixtures');
const FIXTURE_CONFIG = join(FIXTURES, 'config', 'cutover.yaml');
const EXAMPLE_CONFIG = resolve(import.meta.dirname, '../../../examples/cutover.yaml');
const SHA = 'fedcba9876543210fedcba9876543210fedcba98';
const LABELS = ociLabels({
  repoUrl: 'https://github.com/acme/web',
  sha: SHA,
  created: '2026-02-03T04:05:06Z',
});
const BOT = { username: 'bot', password: 'token-flow-secret' };

let reg: RunningRegistry;
let tokenReg: RunningRegistry;
let root: string;
const lines: string[] = [];

const request = (o: Partial<PackageRequest>): PackageRequest => ({
  contextDir: join(FIXTURES, 'scratch'),
  dockerfile: 'Dockerfile',
  repository: `${reg.host}/demo/web`,
  tags: ['fedcba9', 'v2.0.0'],
  labels: LABELS,
  builder: 'buildah',
  buildahRoot: root,
  bundle: { configPath: FIXTURE_CONFIG },
  progress: (l) => lines.push(l),
  mask: () => {},
  ...o,
});

beforeAll(async () => {
  [reg, tokenReg] = await Promise.all([
    startRegistry(),
    startRegistry({ token: { [BOT.username]: BOT.password } }),
  ]);
  root = mkdtempSync(join(tmpdir(), 'cutover-bundle-test-'));
});

afterAll(async () => {
  await Promise.all([reg?.stop(), tokenReg?.stop()]);
  if (root) rmSync(root, { recursive: true, force: true });
});

describe('the bundle of the fixture config', () => {
  let first: Awaited<ReturnType<typeof packageArtifact>>;
  beforeAll(async () => {
    first = await packageArtifact(request({}));
  });

  it('is an OCI artifact manifest: artifactType, empty config, one tar+gzip layer, annotations, subject', async () => {
    const bundle = first.bundle!;
    expect(bundle.ref).toBe(`${reg.host}/demo/web@${bundle.digest}`);
    expect(first.seconds.bundle).toBeGreaterThan(0);
    const client = new RegistryClient({ host: reg.host });
    const m = await client.getManifest('demo/web', bundle.digest);
    const manifest = JSON.parse(new TextDecoder().decode(m.body)) as Record<string, unknown>;
    const image = await client.getManifest('demo/web', first.digest);
    // What distribution 2.8.2 took: the first form tried, stored byte for byte.
    expect(manifest).toMatchObject({
      schemaVersion: 2,
      mediaType: 'application/vnd.oci.image.manifest.v1+json',
      artifactType: BUNDLE_ARTIFACT_TYPE,
      config: { mediaType: OCI_EMPTY, size: 2, data: 'e30=' },
      layers: [
        {
          mediaType: BUNDLE_LAYER_TYPE,
          annotations: { 'org.opencontainers.image.title': 'bundle.tar.gz' },
        },
      ],
      subject: { mediaType: image.mediaType, digest: first.digest, size: image.body.length },
      annotations: {
        'org.opencontainers.image.title': 'web deploy bundle',
        'org.opencontainers.image.revision': SHA,
        'org.opencontainers.image.created': '2026-02-03T04:05:06Z',
      },
    });
    expect(lines.some((l) => /refused the manifest/.test(l))).toBe(false);
    // `<tag>-bundle` for every image tag, all the one manifest.
    for (const tag of ['fedcba9-bundle', 'v2.0.0-bundle'])
      expect((await client.getManifest('demo/web', tag)).digest).toBe(bundle.digest);
  });

  it('fetches back, file by file, what the renderers give for the pushed image', async () => {
    const fetched = await fetchBundle(first.bundle!.ref);
    const expected = await bundleFiles({ configPath: FIXTURE_CONFIG, image: first.image });
    expect([...fetched.keys()].sort()).toEqual([...expected.files.keys()].sort());
    for (const [path, text] of expected.files)
      expect(fetched.get(path)!.toString('utf8')).toBe(text);
    expect(first.bundle!.files).toBe(expected.files.size);
    // By tag too, and the Deployments run the image by digest.
    const byTag = await fetchBundle(`${reg.host}/demo/web:v2.0.0-bundle`);
    const green = parseAllDocuments(
      byTag.get('tenants/alpha/deployment-green.yaml')!.toString(),
    )[0]!.toJS() as {
      spec: { replicas: number; template: { spec: { containers: { image: string }[] } } };
    };
    expect(green.spec.template.spec.containers[0]!.image).toBe(first.image);
    expect(green.spec.replicas).toBe(2); // alpha's override
    // The pinned tenant keeps its version: its manifests, no Deployments with this image.
    expect(byTag.has('tenants/delta/manifests.yaml')).toBe(true);
    expect(byTag.has('tenants/delta/deployment-blue.yaml')).toBe(false);
    // The group's shared namespace is one unit.
    expect(byTag.get('tenants/shared/manifests.yaml')!.toString()).toContain(
      'namespace: web-shared',
    );
  });

  it('the same inputs again (warm cache): the same image digest and the same bundle digest', async () => {
    const again = await packageArtifact(request({}));
    expect(again.digest).toBe(first.digest);
    expect(again.bundle!.digest).toBe(first.bundle!.digest);
  });

  it('fetchBundle refuses the image itself: not a bundle', async () => {
    const e = await fetchBundle(first.image).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(CutoverError);
    expect((e as CutoverError).code).toBe('INPUT_INVALID');
  });
});

it('bundles examples/cutover.yaml through the Bearer token flow (buildah and the client)', async () => {
  const r = await packageArtifact(
    request({
      repository: `${tokenReg.host}/acme/shop`,
      tags: ['1.5.0'],
      auth: BOT,
      bundle: { configPath: EXAMPLE_CONFIG },
    }),
  );
  expect(tokenReg.tokenRequests()).toBeGreaterThan(0);
  const fetched = await fetchBundle(r.bundle!.ref, { auth: BOT });
  const expected = await bundleFiles({ configPath: EXAMPLE_CONFIG, image: r.image });
  expect(new Map([...fetched].map(([k, v]) => [k, v.toString('utf8')]))).toEqual(expected.files);
  expect([...fetched.keys()]).toEqual(
    expect.arrayContaining([
      'cutover.yaml',
      'tenants/acme/deployment-green.yaml',
      'tenants/starter/manifests.yaml',
      'tenants/umbrella/manifests.yaml',
    ]),
  );
  // Wrong credentials are refused for a read too (the token service says no).
  const e = await fetchBundle(r.bundle!.ref, {
    auth: { username: 'bot', password: 'wrong' },
  }).catch((x: unknown) => x);
  expect((e as CutoverError).code).toBe('REGISTRY_DENIED');
});

it('a broken config fails before the build', async () => {
  const started = lines.length;
  const e = await packageArtifact(
    request({ bundle: { configPath: join(FIXTURES, 'nope.yaml') } }),
  ).catch((x: unknown) => x);
  expect((e as CutoverError).code).toBe('CONFIG_NOT_FOUND');
  expect(lines.slice(started).some((l) => l.startsWith('STEP'))).toBe(false);
});
