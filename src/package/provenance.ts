/**
 * What an image is built from: the commit, the ref, the repository's URL, the commit time.
 * In a job these come from the runner's variables; in a terminal from git. The tags follow:
 * the commit SHA always (an image is traceable to its commit), and for a release tag
 * `vX.Y.Z` (or `X.Y.Z`) the version too.
 */
import { spawnSync } from 'node:child_process';
import { CutoverError } from '../errors.ts';

export interface Provenance {
  sha: string;
  ref: string | undefined;
  repoUrl: string | undefined;
  /** The commit time (RFC 3339): rebuilding a commit gives the same label. */
  created: string;
  /** The release version of a semver tag ref. */
  version: string | undefined;
}

const SEMVER_TAG = /^refs\/tags\/v?(\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?)$/;

export function provenanceOf(opts: {
  cwd: string;
  revision?: string | undefined;
  ref?: string | undefined;
  env?: NodeJS.ProcessEnv;
}): Provenance {
  const env = opts.env ?? process.env;
  const git = (...args: string[]) => {
    const r = spawnSync('git', args, { cwd: opts.cwd, encoding: 'utf8' });
    return r.status === 0 ? r.stdout.trim() : undefined;
  };
  const sha = opts.revision || env.GITHUB_SHA || git('rev-parse', 'HEAD');
  if (!sha || !/^[0-9a-f]{7,64}$/.test(sha))
    throw new CutoverError(
      'BUILD_INPUT_MISSING',
      sha
        ? `input \`revision\`: expected a commit SHA, found ${JSON.stringify(sha)}`
        : 'package-artifact: no commit to tag the image with: no input `revision`, no $GITHUB_SHA, and the workspace is not a git checkout',
      { hint: 'run it in a checkout (actions/checkout), or give `revision`' },
    );
  const ref = opts.ref || env.GITHUB_REF || symbolicRef(git);
  const repoUrl =
    env.GITHUB_SERVER_URL && env.GITHUB_REPOSITORY
      ? `${env.GITHUB_SERVER_URL}/${env.GITHUB_REPOSITORY}`
      : httpsUrl(git('remote', 'get-url', 'origin'));
  const created = git('show', '-s', '--format=%cI', sha) ?? new Date().toISOString();
  return { sha, ref, repoUrl, created, version: ref ? SEMVER_TAG.exec(ref)?.[1] : undefined };
}

/** The tags of an image: the full SHA, and the version of a release tag (`+` is not allowed in a tag). */
export function imageTags(p: Provenance): string[] {
  return [p.sha, ...(p.version ? [p.version.replace(/\+/g, '_')] : [])];
}

function symbolicRef(git: (...a: string[]) => string | undefined): string | undefined {
  const tag = git('describe', '--tags', '--exact-match', 'HEAD');
  if (tag) return `refs/tags/${tag}`;
  const branch = git('symbolic-ref', '-q', 'HEAD');
  return branch || undefined;
}

/** `git@github.com:acme/shop.git` → `https://github.com/acme/shop`; credentials dropped. */
function httpsUrl(remote: string | undefined): string | undefined {
  if (!remote) return undefined;
  const scp = /^[\w.-]+@([\w.-]+):(.+?)(?:\.git)?$/.exec(remote);
  if (scp) return `https://${scp[1]}/${scp[2]}`;
  try {
    const u = new URL(remote);
    if (u.protocol !== 'https:' && u.protocol !== 'http:') return undefined;
    u.username = '';
    u.password = '';
    return u.toString().replace(/\.git$/, '');
  } catch {
    return undefined;
  }
}
