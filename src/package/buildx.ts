/**
 * docker buildx: BuildKit through a Docker engine, as on GitHub's hosted runners. In a
 * GitHub Actions job it caches layers in the Actions cache (`type=gha`: buildx reads the
 * cache service's URL and token from the job's environment itself, so the token never
 * appears on a command line). It pushes as it builds, and `--metadata-file` tells the
 * digest the registry stored.
 */
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { CutoverError } from '../errors.ts';
import type { BuildSpec } from './builder.ts';
import { buildFailed, pushFailed } from './build-errors.ts';
import type { Credentials } from './registry-auth.ts';
import { isLoopbackHost } from './reference.ts';
import { runTool } from './run-tool.ts';

type ResolvedSpec = BuildSpec & { contextDir: string; dockerfile: string };

export async function buildxAvailable(
  env: NodeJS.ProcessEnv = process.env,
): Promise<{ ok: true } | { ok: false; why: string }> {
  const probe = async (args: string[]): Promise<number | null | 'missing'> => {
    try {
      return (await runTool('docker', args, { env })).code;
    } catch {
      return 'missing';
    }
  };
  const plugin = await probe(['buildx', 'version']);
  if (plugin === 'missing') return { ok: false, why: '`docker` is not on the PATH' };
  if (plugin !== 0) return { ok: false, why: 'the docker CLI has no buildx plugin' };
  // `docker version` exits non-zero when no engine answers on the socket.
  if ((await probe(['version', '--format', '{{.Server.Version}}'])) !== 0)
    return { ok: false, why: 'no Docker engine is running (docker version reaches no server)' };
  return { ok: true };
}

/** Whether this is a GitHub Actions job with the cache service (JavaScript actions get it). */
export function ghaCacheAvailable(env: NodeJS.ProcessEnv): boolean {
  return Boolean(env.ACTIONS_RUNTIME_TOKEN && (env.ACTIONS_CACHE_URL || env.ACTIONS_RESULTS_URL));
}

export interface BuildxArgsOptions {
  metadataFile: string;
  /** Cache in the GitHub Actions cache, under this scope (the repository name). */
  ghaCacheScope?: string | undefined;
}

/** `docker buildx build` arguments. */
export function buildxArgs(spec: ResolvedSpec, o: BuildxArgsOptions): string[] {
  const args = ['buildx', 'build', '--progress', 'plain', '--file', spec.dockerfile];
  for (const tag of spec.tags) args.push('--tag', tag);
  for (const [k, v] of Object.entries(spec.labels)) args.push('--label', `${k}=${v}`);
  for (const [k, v] of Object.entries(spec.buildArgs ?? {})) args.push('--build-arg', `${k}=${v}`);
  if (spec.target) args.push('--target', spec.target);
  if (spec.platform) args.push('--platform', spec.platform);
  if (o.ghaCacheScope !== undefined) {
    // A scope per repository: two images built in one workflow do not evict each other.
    const scope = o.ghaCacheScope ? `,scope=${o.ghaCacheScope}` : '';
    args.push('--cache-from', `type=gha${scope}`, '--cache-to', `type=gha,mode=max${scope}`);
  }
  if (spec.insecure === true || isLoopbackHost(spec.registry))
    args.push('--output', 'type=image,push=true,registry.insecure=true');
  else args.push('--push');
  args.push('--metadata-file', o.metadataFile, spec.contextDir);
  return args;
}

/** buildx pushes as it builds: no push time of its own (undefined). */
export async function buildxBuild(
  spec: ResolvedSpec,
): Promise<{ digest: string; pushSeconds: number | undefined }> {
  const env = spec.env ?? process.env;
  const dir = await mkdtemp(join(tmpdir(), 'cutover-buildx-'));
  try {
    const dockerEnv = await withDockerConfig(dir, spec.registry, spec.auth, env);
    let scope: string | undefined;
    if (ghaCacheAvailable(env)) {
      // The `docker` driver cannot export a cache; a builder from setup-buildx-action can.
      const driver = await builderDriver(dockerEnv);
      if (driver === 'docker')
        spec.progress(
          'buildx: the builder uses the `docker` driver, which cannot export a cache: building without the GitHub Actions cache (docker/setup-buildx-action sets up one that can)',
        );
      else scope = spec.tags[0]!.replace(/[:@].*$/, '').replace(/^[^/]*\//, '');
    }
    const metadataFile = join(dir, 'metadata.json');
    const run = await runTool('docker', buildxArgs(spec, { metadataFile, ghaCacheScope: scope }), {
      env: dockerEnv,
      progress: spec.progress,
      signal: spec.signal,
    });
    if (run.code !== 0) {
      // BuildKit reports a refused push as a failed export step.
      if (/exporting to image|pushing layers|failed to push|failed to authorize/i.test(run.stderr))
        throw pushFailed(spec.registry, run.stderr, run.tail, run.code);
      throw buildFailed('docker buildx build', run.tail, run.code);
    }
    const metadata = JSON.parse(await readFile(metadataFile, 'utf8')) as Record<string, unknown>;
    const digest = metadata['containerimage.digest'];
    if (typeof digest !== 'string' || !/^sha256:[a-f0-9]{64}$/.test(digest))
      throw new CutoverError(
        'BUILD_FAILED',
        'docker buildx build: no image digest in its metadata',
        {
          hint: 'buildx 0.9 or newer writes containerimage.digest to --metadata-file',
        },
      );
    return { digest, pushSeconds: undefined };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

async function builderDriver(env: NodeJS.ProcessEnv): Promise<string | undefined> {
  try {
    const r = await runTool('docker', ['buildx', 'inspect'], { env, tailLines: 200 });
    return /^Driver:\s*(\S+)/m.exec(r.tail.join('\n'))?.[1];
  } catch {
    return undefined;
  }
}

/**
 * With credentials: a private DOCKER_CONFIG holding the user's config plus ours (0600), so
 * the password never is an argument; BUILDX_CONFIG keeps the builders set up before.
 */
async function withDockerConfig(
  dir: string,
  registry: string,
  auth: Credentials | undefined,
  env: NodeJS.ProcessEnv,
): Promise<NodeJS.ProcessEnv> {
  if (!auth) return env;
  const own = env.DOCKER_CONFIG ?? join(homedir(), '.docker');
  let config: { auths?: Record<string, unknown> } & Record<string, unknown> = {};
  try {
    config = JSON.parse(await readFile(join(own, 'config.json'), 'utf8')) as typeof config;
  } catch {
    config = {};
  }
  const auths = { ...config.auths };
  auths[registry] = {
    auth: Buffer.from(`${auth.username}:${auth.password}`, 'utf8').toString('base64'),
  };
  // A credential helper for this registry would win over the auth entry.
  const helpers = { ...(config.credHelpers as Record<string, string> | undefined) };
  delete helpers[registry];
  const configDir = join(dir, 'docker');
  await mkdir(configDir, { mode: 0o700 });
  await writeFile(
    join(configDir, 'config.json'),
    JSON.stringify({ ...config, auths, credHelpers: helpers, credsStore: undefined }),
    { mode: 0o600 },
  );
  return {
    ...env,
    DOCKER_CONFIG: configDir,
    BUILDX_CONFIG: env.BUILDX_CONFIG ?? join(own, 'buildx'),
  };
}
