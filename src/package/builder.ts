/**
 * Chooses the image builder and runs it. `docker buildx` where a Docker engine runs
 * (GitHub's hosted runners): its BuildKit builds in parallel and caches in the GitHub
 * Actions cache. Otherwise buildah, which needs no daemon (self-hosted runners, containers,
 * this project's tests). Both build, tag and push in one call and return the digest the
 * registry stored: the one reference a deploy can trust.
 */
import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { CutoverError } from '../errors.ts';
import { buildahBuild, buildahAvailable } from './buildah.ts';
import { buildxBuild, buildxAvailable } from './buildx.ts';
import type { Credentials } from './registry-auth.ts';

export type BuilderName = 'buildah' | 'buildx';

export interface BuildSpec {
  contextDir: string;
  /** The Dockerfile; relative paths are relative to the context. */
  dockerfile: string;
  /** Full references, `registry/name:tag`, all in one repository. */
  tags: string[];
  labels: Record<string, string>;
  buildArgs?: Record<string, string> | undefined;
  target?: string | undefined;
  platform?: string | undefined;
  /** The registry host[:port] of the tags: the key of the credentials. */
  registry: string;
  auth?: Credentials | undefined;
  /** Plain http (loopback registries are plain http anyway). */
  insecure?: boolean | undefined;
  /** buildah's storage root (its layer cache); default ~/.cache/cutover/buildah. */
  buildahRoot?: string | undefined;
  progress: (line: string) => void;
  signal?: AbortSignal | undefined;
  env?: NodeJS.ProcessEnv | undefined;
}

export interface BuildResult {
  digest: string;
  builder: BuilderName;
  /** Build and push. */
  seconds: number;
  /** The push alone, when the builder pushes after building (buildah). */
  pushSeconds: number | undefined;
}

/** Which builder runs here: buildx with a running engine, else buildah, else an error. */
export async function chooseBuilder(
  wanted: 'auto' | BuilderName = 'auto',
  env: NodeJS.ProcessEnv = process.env,
): Promise<BuilderName> {
  if (wanted === 'buildx' || wanted === 'auto') {
    const buildx = await buildxAvailable(env);
    if (buildx.ok) return 'buildx';
    if (wanted === 'buildx')
      throw new CutoverError('BUILDER_MISSING', `builder buildx: ${buildx.why}`, {
        hint: 'use a runner with Docker (GitHub-hosted ubuntu runners have it), or builder `buildah`',
      });
  }
  if (await buildahAvailable(env)) return 'buildah';
  throw new CutoverError(
    'BUILDER_MISSING',
    wanted === 'buildah'
      ? 'builder buildah: `buildah` is not on the PATH'
      : 'no image builder: neither `docker buildx` with a running Docker engine nor `buildah` is here',
    { hint: 'install buildah (apt-get install buildah), or use a runner with Docker' },
  );
}

/** Checks the inputs a build reads before any builder starts. */
export function checkBuildInputs(spec: Pick<BuildSpec, 'contextDir' | 'dockerfile' | 'tags'>): {
  contextDir: string;
  dockerfile: string;
} {
  const contextDir = resolve(spec.contextDir);
  if (!existsSync(contextDir) || !statSync(contextDir).isDirectory())
    throw new CutoverError('BUILD_INPUT_MISSING', `context: no directory ${contextDir}`, {
      hint: 'give the build context, the folder the Dockerfile COPYs from (relative to the workspace)',
    });
  const dockerfile = resolve(contextDir, spec.dockerfile);
  if (!existsSync(dockerfile) || !statSync(dockerfile).isFile())
    throw new CutoverError('BUILD_INPUT_MISSING', `dockerfile: no file ${dockerfile}`, {
      hint: 'give the Dockerfile path relative to the context, or add the file',
    });
  if (spec.tags.length === 0)
    throw new CutoverError('BUILD_INPUT_MISSING', 'tags: no tag to push the image under', {
      hint: 'give at least one tag, e.g. the commit SHA',
    });
  return { contextDir, dockerfile };
}

/** Builds and pushes with `builder`; the digest is the pushed image's. */
export async function build(builder: BuilderName, spec: BuildSpec): Promise<BuildResult> {
  const inputs = checkBuildInputs(spec);
  const started = performance.now();
  const full = { ...spec, ...inputs };
  const { digest, pushSeconds } =
    builder === 'buildx' ? await buildxBuild(full) : await buildahBuild(full);
  return { digest, builder, seconds: (performance.now() - started) / 1000, pushSeconds };
}
