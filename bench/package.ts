// package-artifact's time (packageArtifact: build with buildah, push every tag, push the
// deploy bundle of examples/cutover.yaml) against a local docker-registry, in three cases:
//   cold          a fresh buildah root (no layer cache) and a repository the registry has
//                 never seen, each run
//   warm          the same root and the same context: every step is a cache hit, every
//                 blob is in the registry already
//   warm, 1 file  the same root, one source file changed before each run: only the steps
//                 from its COPY on run again, only their layers are pushed
// The Dockerfile does its work in a RUN step (busybox: hashing a few million lines) before
// the source is copied, the way dependency installs come before the code, so the cache
// matters. Prints a Markdown table: median, min and max seconds of 5 runs per case.
// Run: node bench/package.ts [--runs 5] [--work 3000000]
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { ociLabels } from '../src/package/labels.ts';
import { packageArtifact, type PackageResult } from '../src/package/package-artifact.ts';
import { startRegistry } from '../test/support/registry.ts';

const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '5' },
    work: { type: 'string', default: '3000000' },
  },
});
const runs = Number(values.runs);
const root = resolve(dirname(new URL(import.meta.url).pathname), '..');

function context(): string {
  const dir = mkdtempSync(join(tmpdir(), 'cutover-bench-ctx-'));
  copyFileSync('/bin/busybox', join(dir, 'busybox'));
  mkdirSync(join(dir, 'src'));
  for (let i = 0; i < 20; i++)
    writeFileSync(join(dir, 'src', `module-${i}.js`), `export const n = ${i};\n`);
  writeFileSync(
    join(dir, 'Dockerfile'),
    [
      'FROM scratch',
      'COPY busybox /bin/busybox',
      // The "dependency install": seconds of CPU and a few MB written, cached by --layers.
      `RUN ["/bin/busybox", "sh", "-c", "/bin/busybox seq 1 ${values.work} | /bin/busybox sha256sum > /deps.sha && /bin/busybox seq 1 500000 > /deps.txt"]`,
      'COPY src/ /app/src/',
      '',
    ].join('\n'),
  );
  return dir;
}

interface Sample {
  total: number;
  build: number;
  push: number;
  bundle: number;
}

function stats(xs: number[]): { median: number; min: number; max: number } {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length / 2;
  const median = s.length % 2 ? s[Math.floor(mid)]! : (s[mid - 1]! + s[mid]!) / 2;
  return { median, min: s[0]!, max: s.at(-1)! };
}

const registry = await startRegistry();
const ctx = context();
const roots: string[] = [];
const freshRoot = (): string => {
  const r = mkdtempSync(join(tmpdir(), 'cutover-bench-buildah-'));
  roots.push(r);
  return r;
};
const labels = ociLabels({
  repoUrl: 'https://github.com/acme/shop',
  sha: '0'.repeat(40),
  created: '2026-01-01T00:00:00Z',
});

async function once(repo: string, buildahRoot: string): Promise<Sample> {
  const started = performance.now();
  const r: PackageResult = await packageArtifact({
    contextDir: ctx,
    dockerfile: 'Dockerfile',
    repository: `${registry.host}/${repo}`,
    tags: ['bench', 'v1.0.0'],
    labels,
    builder: 'buildah',
    buildahRoot,
    bundle: { configPath: join(root, 'examples', 'cutover.yaml') },
    progress: () => {},
    mask: () => {},
  });
  return {
    total: (performance.now() - started) / 1000,
    build: r.seconds.build,
    push: r.seconds.push,
    bundle: r.seconds.bundle ?? 0,
  };
}

const rows: [string, Sample[]][] = [];
try {
  const cold: Sample[] = [];
  for (let i = 0; i < runs; i++) cold.push(await once(`bench/cold-${i}`, freshRoot()));
  rows.push(['cold (fresh buildah root, new repository)', cold]);

  const warmRoot = freshRoot();
  await once('bench/warm', warmRoot); // fills the cache and the registry
  const warm: Sample[] = [];
  for (let i = 0; i < runs; i++) warm.push(await once('bench/warm', warmRoot));
  rows.push(['warm (same root, same context)', warm]);

  const changed: Sample[] = [];
  for (let i = 0; i < runs; i++) {
    writeFileSync(join(ctx, 'src', 'module-0.js'), `export const n = ${Date.now()}; // run ${i}\n`);
    changed.push(await once('bench/warm', warmRoot));
  }
  rows.push(['warm, one source file changed', changed]);
} finally {
  await registry.stop();
  rmSync(ctx, { recursive: true, force: true });
  for (const r of roots) rmSync(r, { recursive: true, force: true });
}

const f = (n: number): string => n.toFixed(2);
const lines = [
  `package-artifact, buildah (chroot, vfs) to a loopback docker-registry, ${runs} runs per case`,
  '',
  '| case | median s | min s | max s | build s (median) | push s (median) | bundle s (median) |',
  '| --- | ---: | ---: | ---: | ---: | ---: | ---: |',
  ...rows.map(([name, samples]) => {
    const t = stats(samples.map((s) => s.total));
    const m = (k: keyof Sample): string => f(stats(samples.map((s) => s[k])).median);
    return `| ${name} | ${f(t.median)} | ${f(t.min)} | ${f(t.max)} | ${m('build')} | ${m('push')} | ${m('bundle')} |`;
  }),
  '',
  `Command: node bench/package.ts --runs ${runs} --work ${values.work}`,
];
process.stdout.write(`${lines.join('\n')}\n`);
