/**
 * package-artifact's engine: build the image, push it under its tags, and push the deploy
 * bundle beside it. What can be checked before a build is (inputs, the config and its
 * manifests, the builder, the registry and the credentials), so a typo fails in a second,
 * not after a ten-minute build. Returns the image by digest: what deploy-color is given.
 */
import { CutoverError } from '../errors.ts';
import { bundleFiles } from './bundle-files.ts';
import { pushBundle } from './bundle.ts';
import { build, checkBuildInputs, chooseBuilder, type BuilderName } from './builder.ts';
import { registerCredentials } from './credentials.ts';
import { OCI_CREATED, OCI_REVISION } from './labels.ts';
import { checkTag, parseRepository } from './reference.ts';
import { RegistryClient } from './registry.ts';

export interface PackageRequest {
  contextDir: string;
  dockerfile: string;
  /** registry/name, without tag. */
  repository: string;
  /** e.g. the commit SHA, v1.2.3. */
  tags: string[];
  labels: Record<string, string>;
  buildArgs?: Record<string, string>;
  target?: string;
  platform?: string;
  auth?: { username: string; password: string };
  insecure?: boolean;
  /** The bundle renders the config with `environment` applied, when one is given. */
  bundle?: { configPath: string; environment?: string | undefined };
  builder?: 'auto' | 'buildah' | 'buildx';
  buildahRoot?: string;
  progress: (line: string) => void;
  mask: (secret: string) => void;
  signal?: AbortSignal;
}

export interface PackageResult {
  /** repository@sha256:… */
  image: string;
  digest: string;
  /** Full references. */
  tags: string[];
  bundle?: { ref: string; digest: string; files: number };
  builder: BuilderName;
  /** buildx pushes as it builds: its push time is in `build` and `push` is 0. */
  seconds: { build: number; push: number; bundle?: number };
}

const BUNDLE_SUFFIX = '-bundle';
/** Only for the dry render that checks the config before the build. */
const PLACEHOLDER_DIGEST = `sha256:${'0'.repeat(64)}`;

export async function packageArtifact(req: PackageRequest): Promise<PackageResult> {
  const auth = registerCredentials(req.auth, req.mask);
  const repo = parseRepository(req.repository);
  const tags = req.tags.map((t) => checkTag(t));
  if (req.bundle)
    for (const t of tags)
      if (t.length + BUNDLE_SUFFIX.length > 128)
        throw new CutoverError('INPUT_INVALID', `tags: \`${t}\` is too long for its bundle tag`, {
          hint: `the bundle is tagged \`<tag>${BUNDLE_SUFFIX}\`, at most 128 characters: shorten the tag`,
        });
  const refs = tags.map((t) => `${repo.full}:${t}`);
  checkBuildInputs({ contextDir: req.contextDir, dockerfile: req.dockerfile, tags: refs });
  // A broken config or manifest fails now, before the build (rendered again with the digest).
  if (req.bundle) await bundleFiles({ ...req.bundle, image: `${repo.full}@${PLACEHOLDER_DIGEST}` });
  const builder = await chooseBuilder(req.builder ?? 'auto');
  const client = new RegistryClient({
    host: repo.apiHost,
    auth,
    insecure: req.insecure,
    signal: req.signal,
  });
  await preflight(client, repo.name, auth !== undefined, req.progress);

  req.progress(`building ${refs.join(', ')} with ${builder}`);
  const built = await build(builder, {
    contextDir: req.contextDir,
    dockerfile: req.dockerfile,
    tags: refs,
    labels: req.labels,
    buildArgs: req.buildArgs,
    target: req.target,
    platform: req.platform,
    registry: repo.registry,
    auth,
    insecure: req.insecure,
    buildahRoot: req.buildahRoot,
    progress: req.progress,
    signal: req.signal,
  });
  const image = `${repo.full}@${built.digest}`;
  const push = built.pushSeconds ?? 0;
  const result: PackageResult = {
    image,
    digest: built.digest,
    tags: refs,
    builder: built.builder,
    seconds: { build: built.seconds - push, push },
  };
  req.progress(`pushed ${image}`);
  if (!req.bundle) return result;

  const started = performance.now();
  const manifest = await client.getManifest(repo.name, built.digest);
  const { app, files } = await bundleFiles({ ...req.bundle, image });
  const pushed = await pushBundle({
    client,
    name: repo.name,
    tags: tags.map((t) => `${t}${BUNDLE_SUFFIX}`),
    files,
    image: { mediaType: manifest.mediaType, digest: built.digest, size: manifest.body.length },
    app,
    imageRef: image,
    revision: req.labels[OCI_REVISION],
    created: req.labels[OCI_CREATED] ?? new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'),
    progress: req.progress,
  });
  const ref = `${repo.full}@${pushed.digest}`;
  req.progress(
    `pushed the deploy bundle ${ref} (${pushed.files} files; config ${pushed.form.config}${pushed.form.subject ? ', subject: the image' : ''})`,
  );
  return {
    ...result,
    bundle: { ref, digest: pushed.digest, files: pushed.files },
    seconds: { ...result.seconds, bundle: (performance.now() - started) / 1000 },
  };
}

/**
 * The registry answers, and takes the credentials given. Without credentials a 401 is no
 * verdict: the builder may have its own login (docker login, buildah login).
 */
async function preflight(
  client: RegistryClient,
  name: string,
  withAuth: boolean,
  progress: (line: string) => void,
): Promise<void> {
  try {
    await client.ping(name);
  } catch (e) {
    if (!withAuth && e instanceof CutoverError && e.code === 'REGISTRY_DENIED') {
      progress(
        `registry ${client.host} wants credentials and none were given: relying on the builder's own login`,
      );
      return;
    }
    throw e;
  }
}
