/**
 * Where the local control plane keeps things: the binaries' cache (built by
 * scripts/k8s-build.sh) and one state directory per named cluster.
 */
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

import { CutoverError } from '../errors.ts';

/** Root of cutover's caches: `$CUTOVER_CACHE_DIR`, else `~/.cache/cutover`. */
export function cacheRoot(env: NodeJS.ProcessEnv = process.env): string {
  return env.CUTOVER_CACHE_DIR || join(homedir(), '.cache', 'cutover');
}

/** A cluster name becomes a directory name: keep it to a safe alphabet. */
export function checkClusterName(name: string): string {
  if (!/^[a-z0-9][a-z0-9._-]{0,62}$/.test(name)) {
    throw new CutoverError('LOCAL_CLUSTER', `invalid local cluster name ${JSON.stringify(name)}`, {
      hint: 'use 1-63 characters of a-z, 0-9, ".", "_" or "-", starting with a letter or digit',
    });
  }
  return name;
}

/** The state directory of a named cluster: `<cache>/local/<name>`. */
export function defaultStateDir(name: string, env: NodeJS.ProcessEnv = process.env): string {
  return join(cacheRoot(env), 'local', checkClusterName(name));
}

/**
 * The repository root (the directory holding `k8s/kubernetes/go.mod`), found by walking
 * up from this module and from the working directory; undefined when neither is inside
 * a checkout (e.g. a bundled CLI run elsewhere).
 */
export function findRepoRoot(start?: string): string | undefined {
  const starts = start ? [start] : [dirname(fileURLToPath(import.meta.url)), process.cwd()];
  for (const s of starts) {
    let dir = resolve(s);
    for (;;) {
      if (existsSync(join(dir, 'k8s', 'kubernetes', 'go.mod'))) return dir;
      const up = dirname(dir);
      if (up === dir) break;
      dir = up;
    }
  }
  return undefined;
}
