// Warm start of the local control plane: `local up` to 3 Ready nodes (and a working
// controller manager), then `local down`, N times (default 5); prints the median and the
// spread of each, the time of each start phase, the cold build times the build script
// recorded and the disk use of the binaries' cache.
//
// Run: node bench/local-up.ts [cycles]      (Node 24; binaries from scripts/k8s-build.sh)
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import {
  type StartPhase,
  cacheRoot,
  localDown,
  localUp,
  resolveBinaries,
} from '../src/local/index.ts';

const cycles = Number(process.argv[2] ?? 5);
if (!Number.isInteger(cycles) || cycles < 1)
  throw new Error('usage: node bench/local-up.ts [cycles]');

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};
const secs = (ms: number): string => `${(ms / 1000).toFixed(2)}s`;
const stats = (xs: number[]): string =>
  `median ${secs(median(xs))}  min ${secs(Math.min(...xs))}  max ${secs(Math.max(...xs))}`;

const bins = await resolveBinaries();
const name = `bench-${process.pid}`;
const ups: number[] = [];
const downs: number[] = [];
const phases: Partial<Record<StartPhase, number[]>> = {};

console.log(
  `local control plane: kubernetes ${bins.manifest.kubernetes.version}, etcd ${bins.manifest.etcd.version}, ` +
    `kwok ${bins.manifest.kwok.version} (${bins.manifest.go}); ${cycles} up/down cycles, 3 nodes`,
);
for (let i = 1; i <= cycles; i++) {
  const up = await localUp({ name, ownerPid: process.pid, nodes: 3, reuse: false });
  const t = Date.now();
  await localDown({ name });
  const down = Date.now() - t;
  ups.push(up.startMs);
  downs.push(down);
  let prev = 0;
  for (const [phase, at] of Object.entries(up.timings) as [StartPhase, number][]) {
    (phases[phase] ??= []).push(at - prev);
    prev = at;
  }
  console.log(`  cycle ${i}: up ${secs(up.startMs)}  down ${secs(down)}`);
}
await localDown({ name, purge: true });

console.log(`warm up to Ready nodes: ${stats(ups)}`);
console.log(`down:                   ${stats(downs)}`);
console.log('start phases (median):');
for (const [phase, xs] of Object.entries(phases))
  console.log(`  ${phase.padEnd(12)} ${secs(median(xs))}`);

console.log(
  'last build of each component (seconds, as scripts/k8s-build.sh recorded them; cold only if the Go build cache was empty):',
);
for (const c of ['kubernetes', 'etcd', 'kwok'] as const) {
  const info = bins.manifest[c];
  console.log(`  ${c.padEnd(11)} ${info.version.padEnd(8)} ${info.buildSeconds ?? '?'}s`);
}
const buildLog = join(bins.dir, '..', 'build-times.log');
if (existsSync(buildLog)) {
  console.log(`  history: ${buildLog}`);
  for (const line of readFileSync(buildLog, 'utf8').trim().split('\n').slice(-6))
    console.log(`    ${line}`);
}

console.log('cache disk use:');
const root = cacheRoot();
for (const d of readdirSync(root).filter((x) => x.startsWith('k8s-'))) {
  const du = execFileSync('du', ['-sh', join(root, d)], { encoding: 'utf8' }).trim();
  console.log(`  ${du}`);
}
