/**
 * The control plane binaries, built from Go modules by scripts/k8s-build.sh into
 * `<cache>/k8s-<kubernetes version>/bin/`. This module finds them, tells a missing or
 * stale cache (the same per-component keys the script writes: a hash of the recipe and
 * of each wrapper go.mod), and runs the build script when asked to.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { accessSync, constants, existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

import { CutoverError } from '../errors.ts';
import { cacheRoot, findRepoRoot } from './paths.ts';

export const BINARY_NAMES = [
  'etcd',
  'kube-apiserver',
  'kube-controller-manager',
  'kube-scheduler',
  'kwok',
] as const;
export type BinaryName = (typeof BINARY_NAMES)[number];

export interface ComponentInfo {
  version: string;
  key: string;
  buildSeconds: number | null;
}

/** What the build script writes to `bin/manifest.json`. */
export interface BinManifest {
  kubernetes: ComponentInfo;
  etcd: ComponentInfo;
  kwok: ComponentInfo;
  go: string;
  recipe: number;
}

export interface Binaries {
  dir: string;
  paths: Record<BinaryName, string>;
  manifest: BinManifest;
}

export interface ResolveBinariesOptions {
  /** Use this bin directory as it is (also `$CUTOVER_K8S_BIN_DIR`). */
  binDir?: string;
  /** Run scripts/k8s-build.sh when the cache is missing or stale (default false). */
  build?: boolean;
  onProgress?: (msg: string) => void;
  env?: NodeJS.ProcessEnv;
}

const COMPONENTS = {
  kubernetes: { dir: 'kubernetes', module: 'k8s.io/kubernetes' },
  etcd: { dir: 'etcd', module: 'go.etcd.io/etcd/server/v3' },
  kwok: { dir: 'kwok', module: 'sigs.k8s.io/kwok' },
} as const;
type Component = keyof typeof COMPONENTS;

const BUILD_HINT = 'run scripts/k8s-build.sh (15-30 minutes the first time, cached after)';

/** The version a go.mod requires of a module (`require M vX` or a line in a require block). */
export function requiredVersion(goMod: string, module: string): string | undefined {
  for (const raw of goMod.split('\n')) {
    const f = raw.trim().split(/\s+/);
    const at = f[0] === 'require' ? 1 : 0;
    if (f[at] === module && f[at + 1]?.startsWith('v')) return f[at + 1];
  }
  return undefined;
}

/** What the repository's wrapper modules ask for: each component's version and cache key. */
export function expectedComponents(
  repoRoot: string,
): Record<Component, { version: string; key: string }> {
  const script = readFileSync(join(repoRoot, 'scripts', 'k8s-build.sh'), 'utf8');
  const recipe = /^RECIPE=(\S+)$/m.exec(script)?.[1];
  if (!recipe) throw new CutoverError('LOCAL_CLUSTER', 'scripts/k8s-build.sh has no RECIPE= line');
  const out = {} as Record<Component, { version: string; key: string }>;
  for (const [name, c] of Object.entries(COMPONENTS) as [
    Component,
    (typeof COMPONENTS)[Component],
  ][]) {
    const goMod = readFileSync(join(repoRoot, 'k8s', c.dir, 'go.mod'), 'utf8');
    const version = requiredVersion(goMod, c.module);
    if (!version) {
      throw new CutoverError('LOCAL_CLUSTER', `k8s/${c.dir}/go.mod does not require ${c.module}`);
    }
    const key = createHash('sha256')
      .update(`recipe=${recipe}\n`)
      .update(goMod)
      .digest('hex')
      .slice(0, 16);
    out[name] = { version, key };
  }
  return out;
}

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/** Reads a bin directory; returns the problem when it is not complete. */
function inspect(dir: string): { ok: true; bins: Binaries } | { ok: false; problem: string } {
  let manifest: BinManifest;
  try {
    manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as BinManifest;
  } catch {
    return { ok: false, problem: `no build in ${dir} (manifest.json missing)` };
  }
  const paths = {} as Record<BinaryName, string>;
  for (const b of BINARY_NAMES) {
    paths[b] = join(dir, b);
    if (!isExecutable(paths[b])) return { ok: false, problem: `${paths[b]} is missing` };
  }
  return { ok: true, bins: { dir, paths, manifest } };
}

/** The newest complete `<cache>/k8s-*\/bin` (for a CLI run outside a checkout). */
function newestCachedBinDir(env: NodeJS.ProcessEnv): string | undefined {
  const root = cacheRoot(env);
  if (!existsSync(root)) return undefined;
  const dirs = readdirSync(root)
    .filter((d) => d.startsWith('k8s-'))
    .map((d) => join(root, d, 'bin'))
    .filter((d) => inspect(d).ok)
    .sort(
      (a, b) =>
        statSync(join(b, 'manifest.json')).mtimeMs - statSync(join(a, 'manifest.json')).mtimeMs,
    );
  return dirs[0];
}

/** Finds the control plane binaries, building them first when asked to. */
export async function resolveBinaries(opts: ResolveBinariesOptions = {}): Promise<Binaries> {
  const env = opts.env ?? process.env;
  const explicit = opts.binDir ?? env.CUTOVER_K8S_BIN_DIR;
  if (explicit) {
    const r = inspect(explicit);
    if (!r.ok) throw new CutoverError('LOCAL_CLUSTER', r.problem, { hint: BUILD_HINT });
    return r.bins;
  }
  const repo = findRepoRoot();
  if (!repo) {
    const dir = newestCachedBinDir(env);
    if (!dir) {
      throw new CutoverError('LOCAL_CLUSTER', `no control plane binaries under ${cacheRoot(env)}`, {
        hint: `${BUILD_HINT} in a checkout of cutover, or set CUTOVER_K8S_BIN_DIR`,
      });
    }
    return (inspect(dir) as { ok: true; bins: Binaries }).bins;
  }
  const expected = expectedComponents(repo);
  const dir = join(cacheRoot(env), `k8s-${expected.kubernetes.version}`, 'bin');
  const problem = (): string | undefined => {
    const r = inspect(dir);
    if (!r.ok) return r.problem;
    for (const c of Object.keys(COMPONENTS) as Component[]) {
      if (r.bins.manifest[c]?.key !== expected[c].key) {
        return `the ${c} build in ${dir} is stale (k8s/${COMPONENTS[c].dir}/go.mod changed since)`;
      }
    }
    return undefined;
  };
  let p = problem();
  if (p && opts.build) {
    opts.onProgress?.(`${p}: building with scripts/k8s-build.sh`);
    await runBuildScript(repo, env, opts.onProgress);
    p = problem();
  }
  if (p) throw new CutoverError('LOCAL_CLUSTER', p, { hint: BUILD_HINT });
  return (inspect(dir) as { ok: true; bins: Binaries }).bins;
}

/** Runs scripts/k8s-build.sh (or another build script), passing each line it prints to onProgress. */
export function runBuildScript(
  repoRoot: string,
  env: NodeJS.ProcessEnv = process.env,
  onProgress?: (msg: string) => void,
  name = 'k8s-build.sh',
): Promise<string> {
  const script = join(repoRoot, 'scripts', name);
  return new Promise((resolvePromise, reject) => {
    const child = spawn('bash', [script], {
      cwd: repoRoot,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let last = '';
    const tail: string[] = [];
    createInterface({ input: child.stdout }).on('line', (l) => (last = l.trim() || last));
    createInterface({ input: child.stderr }).on('line', (l) => {
      tail.push(l);
      if (tail.length > 30) tail.shift();
      onProgress?.(l);
    });
    child.on('error', (e) =>
      reject(new CutoverError('LOCAL_CLUSTER', `cannot run ${script}: ${e.message}`, { cause: e })),
    );
    child.on('close', (code) => {
      if (code === 0) resolvePromise(last);
      else {
        reject(
          new CutoverError(
            'LOCAL_CLUSTER',
            `scripts/${name} failed (exit ${code})\n${tail.join('\n')}`,
            {
              hint: 'read the go build output above; run the script by hand to retry',
            },
          ),
        );
      }
    });
  });
}
