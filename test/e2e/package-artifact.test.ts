// package-artifact from its bundle (run the way the runner runs it) and from the CLI: buildah
// builds the demo app's image, pushes it to a real registry on loopback (Debian's
// docker-registry), and the deploy bundle beside it; the test pulls both back by digest.
import { spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { fetchBundle } from '../../src/package/bundle.ts';
import { RegistryClient } from '../../src/package/registry.ts';
import { runAction } from '../harness/action-harness.ts';
import { startRegistry, type RunningRegistry } from '../support/registry.ts';

const root = resolve(import.meta.dirname, '../..');
const action = join(root, 'actions/package-artifact');
const config = 'examples/demo/cutover.yaml';
const sha = 'a'.repeat(40);

let registry: RunningRegistry;
let locked: RunningRegistry;

beforeAll(async () => {
  // The image's content: the demo app's static binary (the Dockerfile copies it).
  const app = join(root, 'examples/demo/app');
  const go = spawnSync('go', ['build', '-o', 'web', '.'], {
    cwd: app,
    env: { ...process.env, CGO_ENABLED: '0' },
    encoding: 'utf8',
  });
  expect(go.stderr).toBe('');
  registry = await startRegistry();
  locked = await startRegistry({ htpasswd: { ci: 'right-password' } });
}, 120_000);

afterAll(async () => {
  await registry?.stop();
  await locked?.stop();
});

describe('package-artifact action', () => {
  it('pushes the image by digest with its tags and OCI labels, and the bundle beside it', async () => {
    const repository = `${registry.host}/demo/web`;
    const run = await runAction(
      action,
      { config, repository },
      {
        workspace: root,
        env: {
          GITHUB_SHA: sha,
          GITHUB_REF: 'refs/tags/v2.1.0',
          GITHUB_SERVER_URL: 'https://github.com',
        },
        timeoutMs: 300_000,
      },
    );
    expect(run.stderr).toBe('');
    expect(run.exitCode).toBe(0);
    const { image, digest, bundle } = run.outputs;
    expect(image).toBe(`${repository}@${digest}`);
    expect(digest).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(JSON.parse(run.outputs.tags!)).toEqual([`${repository}:${sha}`, `${repository}:2.1.0`]);

    // The manifest by the output digest, its config's labels, and the tags pointing at it.
    const client = new RegistryClient({ host: registry.host });
    const manifest = await client.getManifest('demo/web', digest!);
    expect(manifest.digest).toBe(digest);
    const body = JSON.parse(new TextDecoder().decode(manifest.body)) as {
      config: { digest: string };
    };
    const imageConfig = JSON.parse(
      new TextDecoder().decode(await client.getBlob('demo/web', body.config.digest)),
    ) as { config: { Labels: Record<string, string> } };
    expect(imageConfig.config.Labels).toMatchObject({
      'org.opencontainers.image.source': 'https://github.com/acme/shop',
      'org.opencontainers.image.revision': sha,
      'org.opencontainers.image.version': '2.1.0',
      'org.opencontainers.image.created': expect.stringMatching(
        /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/,
      ),
    });
    for (const tag of [sha, '2.1.0'])
      expect((await client.getManifest('demo/web', tag)).digest).toBe(digest);

    // The bundle: the config as given and each tenant's manifests, for this image.
    const files = await fetchBundle(bundle!);
    expect(files.get('cutover.yaml')?.toString()).toBe(
      spawnSync('cat', [join(root, config)], { encoding: 'utf8' }).stdout,
    );
    const rendered = [...files.keys()].filter((f) => f !== 'cutover.yaml');
    expect(rendered.length).toBeGreaterThanOrEqual(3);
    expect([...files.values()].map(String).join('\n')).toContain(image);
    expect(run.summary).toContain(`cutover package-artifact: ${image}`);
  }, 300_000);

  it('a refused push fails with REGISTRY_DENIED, and the password never reaches the log', async () => {
    const run = await runAction(
      action,
      {
        config,
        repository: `${locked.host}/demo/web`,
        'registry-username': 'ci',
        'registry-password': 'wrong-password-123',
      },
      { workspace: root, env: { GITHUB_SHA: sha }, timeoutMs: 300_000 },
    );
    expect(run.exitCode).toBe(1);
    expect(run.masks).toContain('wrong-password-123');
    expect(run.annotations[0]!.message).toMatch(/^REGISTRY_DENIED: /);
    expect(run.stdout.replaceAll('::add-mask::wrong-password-123', '')).not.toContain(
      'wrong-password-123',
    );
    expect(run.stderr).not.toContain('wrong-password-123');
  }, 300_000);

  it('bad input: an unreachable registry, a user name without a password', async () => {
    const closed = await runAction(
      action,
      { config, repository: '127.0.0.1:9/demo/web' },
      { workspace: root, env: { GITHUB_SHA: sha }, timeoutMs: 300_000 },
    );
    expect(closed.exitCode).toBe(1);
    expect(closed.annotations[0]!.message).toMatch(/^REGISTRY_UNREACHABLE: /);

    const half = await runAction(
      action,
      { config, repository: `${registry.host}/demo/web`, 'registry-username': 'ci' },
      { workspace: root, env: { GITHUB_SHA: sha } },
    );
    expect(half.exitCode).toBe(1);
    expect(half.annotations[0]!.message).toContain(
      'input `registry-password` is required with `registry-username`',
    );
  }, 300_000);
});

describe('cutover package', () => {
  it('prints the image reference; --json gives the outputs', () => {
    const r = spawnSync(
      process.execPath,
      [
        join(root, 'dist/cli.js'),
        'package',
        '--config',
        config,
        '--repository',
        `${registry.host}/demo/web`,
        '--revision',
        sha,
        '--json',
      ],
      { cwd: root, encoding: 'utf8', timeout: 300_000 },
    );
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout) as { image: string; bundle: string };
    expect(out.image).toMatch(new RegExp(`^${registry.host}/demo/web@sha256:[0-9a-f]{64}$`));
    expect(out.bundle).toMatch(/@sha256:/);
    expect(r.stderr).toContain(`cutover package-artifact: ${out.image}`);
  }, 300_000);
});
