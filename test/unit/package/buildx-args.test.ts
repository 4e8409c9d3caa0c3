/**
 * The builders' command lines, without running them: what buildx gets on a GitHub-hosted
 * runner (there is no Docker engine on this machine, so these are arguments only) and
 * what buildah gets. Neither ever carries a password.
 */
import { buildahBudArgs, buildahPushArgs, buildahStorage } from '../../../src/package/buildah.ts';
import { buildxArgs, ghaCacheAvailable } from '../../../src/package/buildx.ts';
import type { BuildSpec } from '../../../src/package/builder.ts';

const spec = (
  o: Partial<BuildSpec> = {},
): BuildSpec & { contextDir: string; dockerfile: string } => ({
  contextDir: '/src/app',
  dockerfile: '/src/app/Dockerfile',
  tags: ['ghcr.io/acme/shop:abc123', 'ghcr.io/acme/shop:v1.2.3'],
  labels: { 'org.opencontainers.image.revision': 'abc123', 'a b': 'c=d e' },
  registry: 'ghcr.io',
  auth: { username: 'bot', password: 's3cret-token' },
  progress: () => {},
  ...o,
});

describe('docker buildx build (buildx: no Docker engine on this machine, arguments only)', () => {
  it('tags, labels, build args, target and platform; pushes and writes the metadata file', () => {
    const args = buildxArgs(
      spec({ buildArgs: { NODE_ENV: 'production' }, target: 'runtime', platform: 'linux/arm64' }),
      { metadataFile: '/tmp/m.json' },
    );
    expect(args).toEqual([
      'buildx',
      'build',
      '--progress',
      'plain',
      '--file',
      '/src/app/Dockerfile',
      '--tag',
      'ghcr.io/acme/shop:abc123',
      '--tag',
      'ghcr.io/acme/shop:v1.2.3',
      '--label',
      'org.opencontainers.image.revision=abc123',
      '--label',
      'a b=c=d e',
      '--build-arg',
      'NODE_ENV=production',
      '--target',
      'runtime',
      '--platform',
      'linux/arm64',
      '--push',
      '--metadata-file',
      '/tmp/m.json',
      '/src/app',
    ]);
  });

  it('caches in the GitHub Actions cache, scoped by repository, when the job has it', () => {
    const args = buildxArgs(spec(), { metadataFile: '/tmp/m.json', ghaCacheScope: 'acme/shop' });
    const at = args.indexOf('--cache-from');
    expect(args.slice(at, at + 4)).toEqual([
      '--cache-from',
      'type=gha,scope=acme/shop',
      '--cache-to',
      'type=gha,mode=max,scope=acme/shop',
    ]);
    expect(ghaCacheAvailable({ ACTIONS_CACHE_URL: 'https://x/', ACTIONS_RUNTIME_TOKEN: 't' })).toBe(
      true,
    );
    expect(
      ghaCacheAvailable({ ACTIONS_RESULTS_URL: 'https://x/', ACTIONS_RUNTIME_TOKEN: 't' }),
    ).toBe(true);
    expect(ghaCacheAvailable({ ACTIONS_CACHE_URL: 'https://x/' })).toBe(false);
    expect(ghaCacheAvailable({})).toBe(false);
    // The cache token stays in the environment, never an argument.
    expect(args.join(' ')).not.toMatch(/token/i);
  });

  it('no cache flags outside Actions; a plain-http registry is pushed with registry.insecure', () => {
    const args = buildxArgs(
      spec({ tags: ['127.0.0.1:5000/demo/app:x'], registry: '127.0.0.1:5000' }),
      {
        metadataFile: '/tmp/m.json',
      },
    );
    expect(args).not.toContain('--cache-from');
    expect(args).not.toContain('--push');
    expect(args).toContain('type=image,push=true,registry.insecure=true');
  });

  it('never carries the password', () => {
    expect(buildxArgs(spec(), { metadataFile: '/m' }).join(' ')).not.toContain('s3cret-token');
  });
});

describe('buildah (arguments)', () => {
  it('bud: chroot isolation, layer cache, the auth file for a private FROM', () => {
    const args = buildahBudArgs(spec({ buildArgs: { A: '1' }, target: 't' }), '/tmp/auth.json');
    expect(args.slice(0, 6)).toEqual([
      'bud',
      '--isolation',
      'chroot',
      '--layers',
      '--file',
      '/src/app/Dockerfile',
    ]);
    expect(args).toEqual(
      expect.arrayContaining([
        '--build-arg',
        'A=1',
        '--target',
        't',
        '--authfile',
        '/tmp/auth.json',
      ]),
    );
    expect(args).not.toContain('--tls-verify=false');
    expect(args.at(-1)).toBe('/src/app');
    expect(args.join(' ')).not.toContain('s3cret-token');
  });

  it('push: digest file, auth file, plain http only for loopback or insecure', () => {
    expect(buildahPushArgs(spec(), 'ghcr.io/acme/shop:abc123', '/d', '/a')).toEqual([
      'push',
      '--digestfile',
      '/d',
      '--authfile',
      '/a',
      'ghcr.io/acme/shop:abc123',
    ]);
    expect(buildahPushArgs(spec({ registry: '127.0.0.1:5000' }), 'x', '/d', undefined)).toContain(
      '--tls-verify=false',
    );
    expect(
      buildahPushArgs(spec({ registry: 'reg.lan', insecure: true }), 'x', '/d', undefined),
    ).toContain('--tls-verify=false');
  });

  it('storage: vfs under the root given (the layer cache)', () => {
    expect(buildahStorage('/cache')).toEqual([
      '--root',
      '/cache/storage',
      '--runroot',
      '/cache/run',
      '--storage-driver',
      'vfs',
    ]);
  });
});
