// deploy-color, shift-traffic and rollback from the bundles, against the local control
// plane: the actions the way the runner runs them (INPUT_*, GITHUB_OUTPUT, the summary),
// and the CLI the way a person runs it.
import { spawnSync } from 'node:child_process';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { runAction } from '../../harness/action-harness.ts';
import { testKubeconfigPath } from '../../integration/helpers.ts';
import { tenantConfigYaml, uniqueApp } from '../../integration/tenant-fixtures.ts';

const root = resolve(import.meta.dirname, '../../..');
const app = uniqueApp('bg');
const yaml = `${tenantConfigYaml(app, [
  { id: 'north', ring: 'canary' },
  { id: 'south', ring: 'main' },
])}blueRetention: { mode: keep-warm, replicas: 1, delay: 0s }\n`;
const digest = (c: string) => `sha256:${c.repeat(64)}`;
const image = (c: string) => `registry.local/${app}@${digest(c)}`;

let ws: string;
let kubeconfig: string;
beforeAll(async () => {
  ws = await mkdtemp(join(tmpdir(), 'cutover-e2e-bg-'));
  await writeFile(join(ws, 'cutover.yaml'), yaml);
  kubeconfig = await readFile(testKubeconfigPath(), 'utf8');
  const p = cli(['provision', '-c', 'cutover.yaml', '--kubeconfig', testKubeconfigPath()]);
  expect(p.stderr).not.toMatch(/error/i);
});

function cli(args: string[]) {
  const r = spawnSync(process.execPath, [join(root, 'dist/cli.js'), ...args], {
    cwd: ws,
    encoding: 'utf8',
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const act = (stage: string, inputs: Record<string, string>) =>
  runAction(
    join(root, 'actions', stage),
    { config: 'cutover.yaml', kubeconfig, ...inputs },
    { workspace: ws },
  );

it('actions: v1 live, v2 on green, 10%, promoted, rolled back; outputs, summaries, the kubeconfig masked', async () => {
  const first = await act('deploy-color', { image: image('a'), timeout: '60s' });
  expect(first.exitCode).toBe(0);
  expect([first.outputs.color, first.outputs['live-color']]).toEqual(['blue', 'blue']);
  const second = await act('deploy-color', { image: image('b') });
  expect([second.outputs.color, second.outputs['live-color']]).toEqual(['green', 'blue']);
  expect(
    JSON.parse(second.outputs['tenant-results']!).map((r: { tenant: string; action: string }) => [
      r.tenant,
      r.action,
    ]),
  ).toEqual([
    ['north', 'deployed'],
    ['south', 'deployed'],
  ]);
  expect(second.summary).toContain('deploy-color');

  const ten = await act('shift-traffic', { weight: '10' });
  // the service router cannot split: the step fails, naming the field, and nothing moved
  expect(ten.exitCode).not.toBe(0);
  expect(ten.stdout).toMatch(/::error[^\n]*switches all traffic at once/);

  const promoted = await act('shift-traffic', { weight: 'next' });
  expect(promoted.exitCode).toBe(0);
  expect([promoted.outputs.weight, promoted.outputs.promoted]).toEqual(['100', 'true']);

  const back = await act('rollback', { reason: 'e2e says so', tenants: 'south' });
  expect(back.exitCode).toBe(0);
  expect(back.outputs['rolled-back']).toBe('1');
  expect(JSON.parse(back.outputs['tenant-results']!)[0]).toMatchObject({
    tenant: 'south',
    action: 'restored-warm',
    live: 'blue',
  });
  for (const run of [first, second, promoted, back]) expect(run.masks).toContain(kubeconfig.trim());
});

it('bad inputs fail before anything changes: weight 150, an image without tag or digest, an unknown tenant', async () => {
  const w = await act('shift-traffic', { weight: '150' });
  expect(w.exitCode).not.toBe(0);
  expect(w.stdout).toMatch(/input `weight`: expected a whole percentage from 0 to 100 or `next`/);
  const i = await act('deploy-color', { image: `registry.local/${app}` });
  expect(i.stdout).toMatch(/no tag or digest/);
  const t = await act('rollback', { tenants: 'nobody' });
  expect(t.stdout).toMatch(/tenants: `nobody` not in the config/);
});

it('CLI: cutover deploy|shift|rollback --json print the outputs the actions set', () => {
  const kc = testKubeconfigPath();
  const d = cli([
    'deploy',
    '--image',
    image('c'),
    '--tenants',
    'north',
    '--kubeconfig',
    kc,
    '--json',
  ]);
  expect(d.code).toBe(0);
  expect(JSON.parse(d.stdout)).toMatchObject({ color: 'blue', 'live-color': 'green' });
  expect(d.stderr).toMatch(/ready \d\/2/);
  const s = cli(['shift', '--weight', '100', '--tenants', 'north', '--kubeconfig', kc, '--json']);
  expect(JSON.parse(s.stdout)).toMatchObject({ weight: 100, promoted: true });
  const r = cli([
    'rollback',
    '--reason',
    'cli',
    '--tenants',
    'north',
    '--kubeconfig',
    kc,
    '--json',
  ]);
  expect(r.code).toBe(0);
  expect(JSON.parse(r.stdout)['rolled-back']).toBe(1);
});
