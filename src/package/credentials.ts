/**
 * Registry credentials for one packaging run. The password is masked first (the caller's
 * `mask`, core.setSecret in an action), then, for buildah, written to a containers
 * auth.json (`--authfile`) in a fresh private folder: never on a command line, where
 * `ps` and the build log would show it. The folder is removed when the run ends.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CutoverError } from '../errors.ts';
import type { Credentials } from './registry-auth.ts';

export interface AuthFile {
  /** The auth.json path, for `--authfile` / REGISTRY_AUTH_FILE; undefined when anonymous. */
  path: string | undefined;
  /** Removes the folder; safe to call more than once. */
  remove(): Promise<void>;
}

/** Masks the secret parts so no log line shows them, and checks the pair is whole. */
export function registerCredentials(
  auth: Credentials | undefined,
  mask: (secret: string) => void,
): Credentials | undefined {
  if (!auth) return undefined;
  if (!auth.username || !auth.password)
    throw new CutoverError(
      'INPUT_MISSING',
      `registry credentials: ${auth.username ? 'a username without a password' : 'a password without a username'}`,
      {
        hint: 'give both the registry username and password (or token), or neither to push anonymously',
      },
    );
  mask(auth.password);
  // The Basic header's base64 appears in debug output of some tools: mask it too.
  mask(Buffer.from(`${auth.username}:${auth.password}`, 'utf8').toString('base64'));
  return auth;
}

/** The containers-auth.json for `registry` (host[:port], as in the image reference), mode 0600. */
export async function writeAuthFile(
  registry: string,
  auth: Credentials | undefined,
): Promise<AuthFile> {
  if (!auth) return { path: undefined, remove: () => Promise.resolve() };
  const dir = await mkdtemp(join(tmpdir(), 'cutover-auth-'));
  const path = join(dir, 'auth.json');
  const encoded = Buffer.from(`${auth.username}:${auth.password}`, 'utf8').toString('base64');
  // Docker Hub's key in auth files is docker.io (containers/image reads both).
  await writeFile(path, JSON.stringify({ auths: { [registry]: { auth: encoded } } }), {
    mode: 0o600,
    flag: 'wx',
  });
  let removed = false;
  return {
    path,
    remove: async () => {
      if (removed) return;
      removed = true;
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** Runs `fn` with the auth file, removing it afterwards whatever happens. */
export async function withAuthFile<T>(
  registry: string,
  auth: Credentials | undefined,
  fn: (path: string | undefined) => Promise<T>,
): Promise<T> {
  const file = await writeAuthFile(registry, auth);
  try {
    return await fn(file.path);
  } finally {
    await file.remove();
  }
}
