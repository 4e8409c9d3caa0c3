// health-gate from its bundle, against the local control plane: the action the way the
// runner runs it (INPUT_*, GITHUB_OUTPUT, the job summary with its chart) and `cutover gate`
// the way a person runs it.
import { spawnSync } from 'node:child_process';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { runAction } from '../../harness/action-harness.ts';
import { testKubeconfigPath } from '../../integration/helpers.ts';
import { tenantConfigYaml, uniqueApp } from '../../integration/tenant-fixtures.ts';

const root = resolve(import.meta.dirname, '../../..');
const app = uniqueApp('gate');
const base = `${tenantConfigYaml(app, [
  { id: 'east', ring: 'canary' },
  { id: 'west', ring: 'main' },
])}blueRetention: { mode: keep-warm, replicas: 1, delay: 0s }\n`;
const healthy = `${base}health:
  interval: 300ms
  count: 3
  checks:
    - kind: rollout
    - kind: http
      path: /healthz
      requests: 4
`;
// A webhook nobody answers: the gate fails at its first round.
const failing = `${base}health:
  interval: 300ms
  count: 3
  failureLimit: 1
  checks:
    - kind: rollout
    - kind: webhook
      url: http://127.0.0.1:1/verify
      timeout: 500ms
      retries: 0
`;

let ws: string;
let kubeconfig: string;
beforeAll(async () => {
  ws = await mkdtemp(join(tmpdir(), 'cutover-e2e-gate-'));
  await writeFile(join(ws, 'cutover.yaml'), healthy);
  await writeFile(join(ws, 'failing.yaml'), failing);
  kubeconfig = await readFile(testKubeconfigPath(), 'utf8');
  const kc = testKubeconfigPath();
  expect(cli(['provision', '--kubeconfig', kc]).code).toBe(0);
  for (const v of ['1.0.0', '2.0.0'])
    expect(cli(['deploy', '--image', `registry.local/${app}:${v}`, '--kubeconfig', kc]).code).toBe(
      0,
    );
}, 240_000);

function cli(args: string[]) {
  const r = spawnSync(process.execPath, [join(root, 'dist/cli.js'), ...args], {
    cwd: ws,
    encoding: 'utf8',
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const gate = (inputs: Record<string, string>) =>
  runAction(
    join(root, 'actions', 'health-gate'),
    { config: 'cutover.yaml', kubeconfig, ...inputs },
    { workspace: ws },
  );

it('action: the new color passes; verdict, per-check JSON, the summary table and chart', async () => {
  const r = await gate({});
  expect(r.exitCode).toBe(0);
  expect(r.outputs.verdict).toBe('pass');
  expect(r.outputs.passed).toBe('true');
  const checks = JSON.parse(r.outputs.checks!);
  expect(Object.keys(checks)).toEqual(['east', 'west']);
  expect(checks.east).toMatchObject({ verdict: 'pass', color: 'green', baseline: 'blue' });
  expect(checks.east.rounds).toHaveLength(3);
  expect(
    checks.east.rounds[2].results.map((c: { name: string; status: string }) => [c.name, c.status]),
  ).toEqual([
    ['rollout', 'pass'],
    ['http /healthz', 'pass'],
  ]);
  expect(r.summary).toContain('cutover health-gate: pass');
  expect(r.summary).toMatch(/```mermaid\nxychart-beta\n {2}title "east: http \/healthz/);
  expect(r.stdout).toMatch(/\[canary\] east: round 3 pass/);
  expect(r.masks).toContain(kubeconfig.trim());
});

it('action: a failed check fails the stage at the failure limit, with the evidence', async () => {
  const r = await gate({ config: 'failing.yaml', tenants: 'east' });
  expect(r.exitCode).not.toBe(0);
  expect(r.outputs.verdict).toBe('fail');
  expect(r.outputs.passed).toBe('false');
  const east = JSON.parse(r.outputs.checks!).east;
  expect(east.rounds).toHaveLength(1);
  expect(east.reason).toBe('1 failed round reached the failure limit 1 (webhook 127.0.0.1:1)');
  expect(r.stdout).toMatch(/::error[^\n]*health gate fail for the green color/);
});

it('CLI: cutover gate prints each round, --json the outputs; bad flags change nothing', () => {
  const kc = testKubeconfigPath();
  const ok = cli(['gate', '--tenants', 'west', '--count', '2', '--kubeconfig', kc, '--json']);
  expect(ok.code).toBe(0);
  expect(JSON.parse(ok.stdout)).toMatchObject({ verdict: 'pass', passed: true });
  expect(ok.stderr).toMatch(/\[main\] west: round 2 pass .*rollout pass: 2\/2 ready/);
  const bad = cli(['gate', '--color', 'red', '--kubeconfig', kc]);
  expect(bad.code).toBe(2);
  expect(bad.stderr).toMatch(/color.*one of `blue`, `green`/);
  const failed = cli(['gate', '-c', 'failing.yaml', '--tenants', 'east', '--kubeconfig', kc]);
  expect(failed.code).toBe(1);
  expect(failed.stdout).toMatch(/east\s+green\s+2\.0\.0\s+fail\s+1/);
});
