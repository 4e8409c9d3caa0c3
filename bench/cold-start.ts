// Cold start of every bundled action on its fastest failing path: exiting on a missing
// required input, the way the runner starts it (node <runs.main>, INPUT_* unset).
// Prints the median of 10 runs (after 2 warm-ups), min and max, and the size of dist/.
// Run: node bench/cold-start.ts [--runs 10] [--baseline /path/to/other/action/dir]...
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { parse } from 'yaml';

const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '10' },
    baseline: { type: 'string', multiple: true },
  },
});
const runs = Number(values.runs);
const root = resolve(dirname(new URL(import.meta.url).pathname), '..');

function runnerEnv(): Record<string, string> {
  const temp = mkdtempSync(join(tmpdir(), 'cutover-bench-'));
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    HOME: temp,
    RUNNER_TEMP: temp,
    GITHUB_WORKSPACE: temp,
    GITHUB_ACTIONS: 'true',
  };
  for (const f of [
    'GITHUB_OUTPUT',
    'GITHUB_STEP_SUMMARY',
    'GITHUB_ENV',
    'GITHUB_STATE',
    'GITHUB_PATH',
  ]) {
    env[f] = join(temp, f.toLowerCase());
    writeFileSync(env[f]!, '');
  }
  return env;
}

function measure(main: string): { median: number; min: number; max: number; exit: number | null } {
  const env = runnerEnv();
  const times: number[] = [];
  let exit: number | null = null;
  for (let i = 0; i < runs + 2; i++) {
    const start = performance.now();
    const r = spawnSync(process.execPath, [main], {
      env,
      cwd: env.GITHUB_WORKSPACE,
      stdio: 'ignore',
    });
    const ms = performance.now() - start;
    exit = r.status;
    if (i >= 2) times.push(ms);
  }
  times.sort((a, b) => a - b);
  const mid = times.length / 2;
  const median = times.length % 2 ? times[Math.floor(mid)]! : (times[mid - 1]! + times[mid]!) / 2;
  return { median, min: times[0]!, max: times[times.length - 1]!, exit };
}

function mainOf(actionDir: string): string {
  const meta = parse(readFileSync(join(actionDir, 'action.yml'), 'utf8')) as {
    runs: { main: string };
  };
  return resolve(actionDir, meta.runs.main);
}

function duBytes(dir: string): number {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .reduce((n, e) => n + statSync(join(e.parentPath, e.name)).size, 0);
}

const actionDirs = [
  root,
  ...readdirSync(join(root, 'actions')).map((d) => join(root, 'actions', d)),
];
console.log(
  `node ${process.version}, ${runs} runs each after 2 warm-ups, exit on a missing required input`,
);
console.log(
  `${'action'.padEnd(28)} ${'median'.padStart(8)} ${'min'.padStart(8)} ${'max'.padStart(8)}  exit`,
);
const row = (name: string, m: ReturnType<typeof measure>) =>
  console.log(
    `${name.padEnd(28)} ${m.median.toFixed(1).padStart(6)}ms ${m.min.toFixed(1).padStart(6)}ms ${m.max.toFixed(1).padStart(6)}ms  ${m.exit}`,
  );
row('(bare node, empty module)', measure(writeBare()));
for (const dir of actionDirs)
  row(dir === root ? '(root) action.yml' : `actions/${dir.split('/').pop()}`, measure(mainOf(dir)));
for (const dir of values.baseline ?? [])
  row(`baseline ${dir.split('/').pop()}`, measure(mainOf(dir)));
console.log(`dist/ total: ${(duBytes(join(root, 'dist')) / 1024 / 1024).toFixed(2)} MiB`);

function writeBare(): string {
  const file = join(mkdtempSync(join(tmpdir(), 'cutover-bench-')), 'bare.mjs');
  writeFileSync(file, '');
  return file;
}
