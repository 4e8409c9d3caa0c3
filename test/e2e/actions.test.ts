// Every bundled action, run the way the GitHub runner runs it (see test/harness).
import { mkdtemp, readFile, readdir, writeFile, copyFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parse } from 'yaml';
import { runAction } from '../harness/action-harness.ts';

const root = resolve(import.meta.dirname, '../..');
const actionDirs = async () => [
  root,
  ...(await readdir(join(root, 'actions'))).map((d) => join(root, 'actions', d)),
];

async function workspaceWith(files: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'cutover-ws-'));
  for (const [name, text] of Object.entries(files)) await writeFile(join(dir, name), text);
  return dir;
}

async function exampleWorkspace(): Promise<string> {
  const dir = await workspaceWith({});
  await copyFile(join(root, 'examples/cutover.yaml'), join(dir, 'cutover.yaml'));
  return dir;
}

/** The dist/ files an action run loaded, recorded by a module hook. */
async function tracedRun(actionDir: string, inputs: Record<string, string>, workspace: string) {
  const trace = join(workspace, 'loads.txt');
  await writeFile(trace, '');
  const run = await runAction(actionDir, inputs, {
    workspace,
    env: {
      NODE_OPTIONS: `--import ${join(root, 'test/harness/trace-loads.mjs')}`,
      CUTOVER_TRACE_LOADS: trace,
    },
  });
  const loaded = (await readFile(trace, 'utf8')).split('\n').filter((u) => u.includes('/dist/'));
  const texts = await Promise.all(loaded.map((u) => readFile(new URL(u), 'utf8')));
  return { run, loaded, text: texts.join('\n') };
}

describe('bundled actions under the runner-faithful harness', () => {
  it('every action.yml runs on node24 and names a built entry', async () => {
    for (const dir of await actionDirs()) {
      const meta = parse(await readFile(join(dir, 'action.yml'), 'utf8')) as {
        runs: { using: string; main: string };
      };
      expect(meta.runs.using).toBe('node24');
      await expect(readFile(resolve(dir, meta.runs.main))).resolves.toBeDefined();
    }
  });

  it.each(['validate', 'plan', 'provision-iac'])(
    'actions/%s fails on a missing required input before loading its stage',
    async (name) => {
      const ws = await workspaceWith({});
      const { run, text } = await tracedRun(join(root, 'actions', name), {}, ws);
      expect(run.exitCode).toBe(1);
      expect(run.annotations[0]).toMatchObject({ command: 'error' });
      expect(run.annotations[0]!.message).toContain('`config` is required');
      expect(text).not.toContain('ZodError'); // the config schema did not load
      expect(text).not.toContain('application/apply-patch+yaml'); // nor the Kubernetes client
    },
  );

  it('the root action requires a stage and names the choices', async () => {
    const run = await runAction(root, {}, { workspace: await workspaceWith({}) });
    expect(run.exitCode).toBe(1);
    expect(run.annotations[0]!.message).toContain('`stage` is required');
    const bad = await runAction(
      root,
      { stage: 'deploy-everything' },
      { workspace: await workspaceWith({}) },
    );
    expect(bad.exitCode).toBe(1);
    expect(bad.annotations[0]!.message).toContain('one of `validate`, `lint-test`');
  });

  it('validate passes the example config and reports it in outputs and the summary', async () => {
    const ws = await exampleWorkspace();
    const { run, text } = await tracedRun(
      join(root, 'actions/validate'),
      { config: 'cutover.yaml' },
      ws,
    );
    expect(run.exitCode).toBe(0);
    expect(Number(run.outputs.tenants)).toBeGreaterThan(0);
    expect(JSON.parse(run.outputs.rings!)).toEqual(expect.arrayContaining(['canary']));
    expect(run.summary).toContain('config valid');
    expect(text).not.toContain('application/apply-patch+yaml'); // validate never loads the k8s client
  });

  it('validate annotates the config file at the offending line', async () => {
    const example = await readFile(join(root, 'examples/cutover.yaml'), 'utf8');
    const broken = example.replace(/^(\s+port:) \d+/m, '$1 http');
    const line = broken.split('\n').findIndex((l) => /^\s+port: http/.test(l)) + 1;
    const ws = await workspaceWith({ 'cutover.yaml': broken });
    const run = await runAction(
      join(root, 'actions/validate'),
      { config: 'cutover.yaml' },
      { workspace: ws },
    );
    expect(run.exitCode).toBe(1);
    const at = run.annotations.find((a) => a.properties.file === 'cutover.yaml');
    expect(at).toBeDefined();
    expect(at!.properties.line).toBe(String(line));
    expect(at!.message).toContain('app.port');
    expect(run.summary).toContain('cutover failed: CONFIG_INVALID');
    expect(run.summary).toContain(`cutover.yaml:${line}:`);
  });

  it('plan writes the rollout plan as JSON and a summary table, via the root action', async () => {
    const ws = await exampleWorkspace();
    const run = await runAction(
      root,
      { stage: 'plan', config: 'cutover.yaml', image: 'ghcr.io/acme/shop:2.0.0' },
      { workspace: ws },
    );
    expect(run.exitCode).toBe(0);
    const plan = JSON.parse(run.outputs.plan!);
    expect(plan.image).toBe('ghcr.io/acme/shop:2.0.0');
    expect(plan.rings[0].name).toBe('canary');
    expect(run.summary).toContain('<table>');
    expect(Number(run.outputs.tenants)).toBeGreaterThan(0);
  });

  it('a missing config file is one clear error', async () => {
    const ws = await workspaceWith({});
    const run = await runAction(
      join(root, 'actions/plan'),
      { config: 'nope.yaml' },
      { workspace: ws },
    );
    expect(run.exitCode).toBe(1);
    expect(run.stdout).toContain('CONFIG_NOT_FOUND');
  });
});
