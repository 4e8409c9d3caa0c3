/**
 * buildah: builds without a daemon, so it runs on any Linux runner. `--isolation chroot`
 * and the `vfs` storage driver need neither user namespaces nor overlayfs (a container
 * runner has neither); `--layers` keeps each step's layer in the storage root, which is the
 * cache of the next build there. The push writes the digest the registry stored to a file.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { CutoverError } from '../errors.ts';
import type { BuildSpec } from './builder.ts';
import { buildFailed, pushFailed } from './build-errors.ts';
import { withAuthFile } from './credentials.ts';
import { isLoopbackHost } from './reference.ts';
import { commandWorks, runTool } from './run-tool.ts';

export function buildahAvailable(env: NodeJS.ProcessEnv = process.env): Promise<boolean> {
  return commandWorks('buildah', ['--version'], env);
}

/** The storage root (layers, images) and run root (locks) of this builder's cache. */
export function buildahStorage(root: string | undefined): string[] {
  const base = root ?? join(homedir(), '.cache', 'cutover', 'buildah');
  return [
    '--root',
    join(base, 'storage'),
    '--runroot',
    join(base, 'run'),
    '--storage-driver',
    'vfs',
  ];
}

type ResolvedSpec = BuildSpec & { contextDir: string; dockerfile: string };

/** `buildah bud` arguments (after the global storage flags). */
export function buildahBudArgs(spec: ResolvedSpec, authFile: string | undefined): string[] {
  const args = ['bud', '--isolation', 'chroot', '--layers', '--file', spec.dockerfile];
  for (const tag of spec.tags) args.push('--tag', tag);
  for (const [k, v] of Object.entries(spec.labels)) args.push('--label', `${k}=${v}`);
  for (const [k, v] of Object.entries(spec.buildArgs ?? {})) args.push('--build-arg', `${k}=${v}`);
  if (spec.target) args.push('--target', spec.target);
  if (spec.platform) args.push('--platform', spec.platform);
  // A FROM in a private registry pulls with the same credentials.
  if (authFile) args.push('--authfile', authFile);
  if (plainHttp(spec)) args.push('--tls-verify=false');
  args.push(spec.contextDir);
  return args;
}

export function buildahPushArgs(
  spec: ResolvedSpec,
  tag: string,
  digestFile: string,
  authFile: string | undefined,
): string[] {
  const args = ['push', '--digestfile', digestFile];
  if (authFile) args.push('--authfile', authFile);
  if (plainHttp(spec)) args.push('--tls-verify=false');
  args.push(tag);
  return args;
}

const plainHttp = (spec: BuildSpec): boolean =>
  spec.insecure === true || isLoopbackHost(spec.registry);

export async function buildahBuild(
  spec: ResolvedSpec,
): Promise<{ digest: string; pushSeconds: number }> {
  const storage = buildahStorage(spec.buildahRoot);
  const run = (args: string[]) =>
    runTool('buildah', [...storage, ...args], {
      progress: spec.progress,
      signal: spec.signal,
      env: spec.env ?? process.env,
    });
  return withAuthFile(spec.registry, spec.auth, async (authFile) => {
    const built = await run(buildahBudArgs(spec, authFile));
    if (built.code !== 0) throw buildFailed('buildah bud', built.tail, built.code);
    const dir = await mkdtemp(join(tmpdir(), 'cutover-digest-'));
    const pushStarted = performance.now();
    try {
      let digest: string | undefined;
      // Each tag is its own push; the blobs go once, the later pushes only add the tag.
      for (const [i, tag] of spec.tags.entries()) {
        const file = join(dir, `digest-${i}`);
        const pushed = await run(buildahPushArgs(spec, tag, file, authFile));
        if (pushed.code !== 0)
          throw pushFailed(spec.registry, pushed.stderr, pushed.tail, pushed.code);
        const got = (await readFile(file, 'utf8')).trim();
        if (!/^sha256:[a-f0-9]{64}$/.test(got))
          throw new CutoverError('BUILD_FAILED', `buildah push ${tag}: no digest written`, {
            hint: 'buildah 1.28 or newer writes it with --digestfile',
          });
        if (digest && got !== digest)
          throw new CutoverError(
            'REGISTRY_ERROR',
            `push ${tag}: the registry stored ${got}, but the first tag got ${digest}`,
          );
        digest = got;
      }
      return { digest: digest!, pushSeconds: (performance.now() - pushStarted) / 1000 };
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
}
