// lint-test's overhead over the bare commands: each fixture repository's detected steps run
// one after another by spawnSync, against `cutover check` (the CLI, the same stage code as
// the action) and actions/lint-test under the runner-faithful harness, on copies of
// test/fixtures/ci. Prints a Markdown table; asserts nothing.
// Run: node bench/lint-test.ts [--runs 5] [--fixtures go,node]
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { detectProject } from '../src/ci/detect.ts';
import { argvOf } from '../src/ci/run-step.ts';
import { runAction } from '../test/harness/action-harness.ts';

const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '5' },
    fixtures: { type: 'string', default: 'go,node' },
  },
});
const runs = Number(values.runs);
const root = resolve(import.meta.dirname, '..');

function copy(name: string): string {
  const dir = mkdtempSync(join(tmpdir(), `cutover-bench-lint-${name}-`));
  cpSync(join(root, 'test/fixtures/ci', name), dir, { recursive: true });
  return dir;
}

const timed = async (fn: () => unknown | Promise<unknown>): Promise<number> => {
  const t = performance.now();
  await fn();
  return performance.now() - t;
};

function stats(ms: number[]): string {
  const s = [...ms].sort((a, b) => a - b);
  const median = s[Math.floor(s.length / 2)]!;
  return `${(median / 1000).toFixed(2)} s (${(s[0]! / 1000).toFixed(2)}–${(s.at(-1)! / 1000).toFixed(2)})`;
}

const rows: string[] = [];
for (const name of values.fixtures.split(',')) {
  const dir = copy(name);
  const steps = detectProject(dir, join(dir, '.reports'))!.steps;
  // One warm-up of each, so the install and the tools' own caches are warm for all three.
  const bare = () => {
    for (const s of steps)
      spawnSync(argvOf(s)[0]!, argvOf(s).slice(1), { cwd: dir, stdio: 'ignore' });
  };
  const cli = () =>
    spawnSync(process.execPath, [join(root, 'dist/cli.js'), 'check'], {
      cwd: dir,
      stdio: 'ignore',
    });
  const action = () =>
    runAction(join(root, 'actions/lint-test'), {}, { workspace: dir, timeoutMs: 600_000 });
  bare();
  cli();
  await action();
  const t = { bare: [] as number[], cli: [] as number[], action: [] as number[] };
  for (let i = 0; i < runs; i++) {
    t.bare.push(await timed(bare));
    t.cli.push(await timed(cli));
    t.action.push(await timed(action));
  }
  const med = (x: number[]) => [...x].sort((a, b) => a - b)[Math.floor(x.length / 2)]!;
  const over = (x: number[]) => `+${((med(x) - med(t.bare)) / 1000).toFixed(2)} s`;
  rows.push(
    `| ${name} | ${steps.map((s) => s.run).join('; ')} | ${stats(t.bare)} | ${stats(t.cli)} (${over(t.cli)}) | ${stats(t.action)} (${over(t.action)}) |`,
  );
}

console.log(`command: \`node bench/lint-test.ts --runs ${runs} --fixtures ${values.fixtures}\``);
console.log(`node ${process.version}; median (min–max) of ${runs} runs after one warm-up\n`);
console.log('| fixture | steps | bare commands | cutover check | actions/lint-test (harness) |');
console.log('|---|---|---:|---:|---:|');
for (const r of rows) console.log(r);
