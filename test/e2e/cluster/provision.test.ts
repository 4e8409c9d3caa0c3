// provision-iac from the bundles, against the local control plane: the action the way the
// runner runs it, and the CLI the way a person runs it.
import { spawnSync } from 'node:child_process';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import * as k8s from '@kubernetes/client-node';
import { runAction } from '../../harness/action-harness.ts';
import { testKubeconfigPath } from '../../integration/helpers.ts';
import { adminConfig, tenantConfigYaml, uniqueApp } from '../../integration/tenant-fixtures.ts';

const root = resolve(import.meta.dirname, '../../..');
const action = join(root, 'actions/provision-iac');
const app = uniqueApp('e2e');
const yaml = tenantConfigYaml(app, [
  { id: 'north', ring: 'canary' },
  { id: 'south', ring: 'main' },
  { id: 'east', ring: 'main' },
]);

async function workspace(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'cutover-e2e-'));
  await writeFile(join(dir, 'cutover.yaml'), yaml);
  return dir;
}

function cli(args: string[], cwd: string) {
  const r = spawnSync(process.execPath, [join(root, 'dist/cli.js'), ...args], {
    cwd,
    encoding: 'utf8',
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('actions/provision-iac', () => {
  let ws: string;
  let kubeconfig: string;
  beforeAll(async () => {
    ws = await workspace();
    kubeconfig = await readFile(testKubeconfigPath(), 'utf8');
  });

  it('provisions from the kubeconfig input, writes outputs and the summary, and masks the kubeconfig', async () => {
    const run = await runAction(action, { config: 'cutover.yaml', kubeconfig }, { workspace: ws });
    expect(run.stderr).toBe('');
    expect(run.exitCode).toBe(0);
    const tenants = JSON.parse(run.outputs['tenant-results']!) as {
      tenant: string;
      namespace: string;
      status: string;
    }[];
    expect(tenants).toEqual([
      { tenant: 'north', unit: 'north', namespace: `${app}-north`, ring: 'canary', status: 'ok' },
      { tenant: 'south', unit: 'south', namespace: `${app}-south`, ring: 'main', status: 'ok' },
      { tenant: 'east', unit: 'east', namespace: `${app}-east`, ring: 'main', status: 'ok' },
    ]);
    expect(JSON.parse(run.outputs['ring-results']!)).toEqual([
      { ring: 'canary', status: 'ok', tenants: 1, failed: [] },
      { ring: 'main', status: 'ok', tenants: 2, failed: [] },
    ]);
    expect(Number(run.outputs.changes)).toBeGreaterThanOrEqual(3 * 9);
    expect(run.outputs.drift).toBe('false');
    expect(run.summary).toContain('<table>');
    expect(run.summary).toContain(`${app}-south`);
    // the kubeconfig is masked before anything else is printed, and never printed otherwise
    expect(run.masks).toContain(kubeconfig.trim());
    const token =
      /token: (\S+)/.exec(kubeconfig)?.[1] ?? /client-key-data: (\S+)/.exec(kubeconfig)![1]!;
    expect(run.masks).toContain(token); // masked on its own too: a log may print the file line by line
    const printed = run.stdout.split('\n').filter((l) => !l.startsWith('::add-mask::'));
    expect(printed.join('\n')).not.toContain(token);
    const ns = await adminConfig()
      .makeApiClient(k8s.CoreV1Api)
      .readNamespace({ name: `${app}-east` });
    expect(ns.metadata!.labels!['cutover.dev/ring']).toBe('main');
  });

  it('a dry run after it finds nothing to change', async () => {
    const run = await runAction(
      action,
      { config: 'cutover.yaml', kubeconfig, 'dry-run': 'true' },
      { workspace: ws },
    );
    expect(run.exitCode).toBe(0);
    expect(run.outputs.changes).toBe('0');
    expect(run.summary).toContain('dry run: nothing applied');
  });

  it('a kubeconfig that is not one fails clearly without echoing it', async () => {
    const secret = 'definitely-not-yaml: [ s3cr3t-value';
    const run = await runAction(
      action,
      { config: 'cutover.yaml', kubeconfig: secret },
      { workspace: ws },
    );
    expect(run.exitCode).toBe(1);
    expect(run.annotations[0]!.message).toContain('the kubeconfig could not be read');
    const printed = run.stdout.split('\n').filter((l) => !l.startsWith('::add-mask::'));
    expect(printed.join('\n')).not.toContain('s3cr3t-value');
  });

  it('no kubeconfig at all is named as such (not a refused localhost:8080)', async () => {
    const run = await runAction(
      action,
      { config: 'cutover.yaml' },
      { workspace: ws, env: { HOME: ws } },
    );
    expect(run.exitCode).toBe(1);
    expect(run.annotations[0]!.message).toContain('no kubeconfig');
    expect(run.stdout).toContain('pass the `kubeconfig` input');
  });

  it('an invalid boolean input fails before anything runs', async () => {
    const run = await runAction(
      action,
      { config: 'cutover.yaml', kubeconfig, 'dry-run': 'yes' },
      { workspace: ws },
    );
    expect(run.exitCode).toBe(1);
    expect(run.annotations[0]!.message).toContain(
      'input `dry-run`: expected true or false, found "yes"',
    );
  });
});

describe('cutover provision (CLI)', () => {
  it('plans with --dry-run, detects a hand edit with --detect-drift (exit 3), and corrects it', async () => {
    const ws = await workspace();
    const kc = testKubeconfigPath();
    const first = cli(['provision', '--kubeconfig', kc], ws);
    expect(first.code).toBe(0);
    expect(first.stderr).toContain(`[canary] north (${app}-north)`);
    expect(first.stdout).toMatch(
      /ring\s+tenant\s+namespace\s+create\s+update\s+delete\s+unchanged\s+result/,
    );

    await adminConfig()
      .makeApiClient(k8s.CoreV1Api)
      .patchNamespacedLimitRange(
        {
          name: 'cutover-limits',
          namespace: `${app}-south`,
          body: [{ op: 'replace', path: '/spec/limits/0/default/memory', value: '1Gi' }],
        },
        k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.JsonPatch),
      );
    const drift = cli(['provision', '--kubeconfig', kc, '--dry-run', '--detect-drift'], ws);
    expect(drift.code).toBe(3);
    expect(drift.stdout).toContain('~ LimitRange cutover-limits');
    expect(drift.stdout).toContain('spec.limits: ');
    const fix = cli(['provision', '--kubeconfig', kc], ws);
    expect(fix.code).toBe(0);
    expect(cli(['provision', '--kubeconfig', kc, '--dry-run', '--detect-drift'], ws).code).toBe(0);
  });

  it('a config error exits 2 and names the line', async () => {
    const ws = await workspace();
    await writeFile(join(ws, 'cutover.yaml'), yaml.replace('tier: small', 'tier: smal'));
    const r = cli(['provision', '--kubeconfig', testKubeconfigPath()], ws);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/cutover\.yaml:\d+:\d+: tenants\[0\]\.tier/);
  });
});
