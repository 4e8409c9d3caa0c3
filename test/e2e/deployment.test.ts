// actions/deployment, bundled, run the way the runner runs it, against a fake of GitHub's API
// (GitHub is outside this machine): the records a cd run and two rollbacks leave.
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { runAction, type ActionRun } from '../harness/action-harness.ts';
import { startFakeGitHub, type FakeGitHub } from '../support/fake-github.ts';
import { deployResults, gateChecks, rollbackResults } from '../support/rollback-fixtures.ts';

const root = resolve(import.meta.dirname, '../..');
const action = join(root, 'actions/deployment');
const TOKEN = 'ghs_e2eTokenThatMustNeverBePrinted0123';
const SHA_V1 = '1'.repeat(40);
const SHA_V2 = '2'.repeat(40);

let gh: FakeGitHub;
beforeAll(async () => {
  gh = await startFakeGitHub('acme/shop');
  gh.allow(TOKEN, ['deployments', 'issues']);
  gh.allow('ghs_deploymentsOnlyToken0123456789', ['deployments']);
});
afterAll(() => gh.close());

/** One step of a job of run `runId`. */
function step(inputs: Record<string, string>, runId: string, sha = SHA_V2, token = TOKEN) {
  return runAction(
    action,
    { token, 'github-environment': 'production', ...inputs },
    {
      env: {
        GITHUB_API_URL: gh.url,
        GITHUB_SERVER_URL: 'https://github.com',
        GITHUB_RUN_ID: runId,
        GITHUB_RUN_ATTEMPT: '1',
        GITHUB_JOB: 'production',
        GITHUB_SHA: sha,
      },
    },
  );
}

function expectOk(run: ActionRun): void {
  if (run.exitCode !== 0) throw new Error(`step failed:\n${run.stdout}\n${run.stderr}`);
}

/** stdout without the runner's own `::add-mask::` commands, which carry the value to hide. */
const printed = (run: ActionRun) =>
  run.stdout
    .split('\n')
    .filter((l) => !l.startsWith('::add-mask::'))
    .join('\n') + run.stderr;

const statesOf = (id: string | undefined) =>
  gh.deployments.find((d) => d.id === Number(id))!.statuses.map((s) => s.state);

describe('actions/deployment under the runner-faithful harness (GitHub API faked)', () => {
  const runs: ActionRun[] = [];
  const ids: Record<string, string> = {};

  it('records a release: created at the commit, in progress, then success', async () => {
    // An earlier cd run released 1.4.0.
    const v1 = await step(
      {
        state: 'start',
        image: 'ghcr.io/acme/shop:1.4.0',
        'environment-url': 'https://shop.example.com',
      },
      '6',
      SHA_V1,
    );
    expectOk(v1);
    ids.v1 = v1.outputs['deployment-id']!;
    const done = await step({ state: 'success', 'deployment-id': ids.v1 }, '6', SHA_V1);
    expectOk(done);
    expect(statesOf(ids.v1)).toEqual(['in_progress', 'success']);

    // This run deploys 2.0.0 to two tenants.
    const v2 = await step(
      {
        state: 'start',
        image: 'ghcr.io/acme/shop:2.0.0',
        'tenant-results': JSON.stringify(deployResults),
        'environment-url': 'https://shop.example.com',
      },
      '7',
    );
    expectOk(v2);
    ids.v2 = v2.outputs['deployment-id']!;
    runs.push(v1, done, v2);
    const created = gh.calls.filter((c) => c.method === 'POST' && c.path.endsWith('/deployments'));
    expect(created[1]!.body).toMatchObject({
      ref: SHA_V2,
      auto_merge: false,
      required_contexts: [],
      environment: 'production',
      description: 'shop 2.0.0 to 2 tenants',
      payload: {
        tool: 'cutover',
        kind: 'release',
        app: 'shop',
        image: 'ghcr.io/acme/shop:2.0.0',
        version: '2.0.0',
        tenants: [
          { tenant: 'acme', ring: 'canary', namespace: 'shop-acme', version: '2.0.0' },
          { tenant: 'globex', ring: 'main', namespace: 'shop-globex', version: '2.0.0' },
        ],
        run: { id: '7', job: 'production', url: 'https://github.com/acme/shop/actions/runs/7' },
      },
    });
    const inProgress = gh.deployments.find((d) => d.id === Number(ids.v2))!.statuses[0]!;
    expect(inProgress).toMatchObject({
      state: 'in_progress',
      log_url: 'https://github.com/acme/shop/actions/runs/7',
      environment_url: 'https://shop.example.com',
    });
    expect(v2.summary).toContain('cutover deployment: production');
  });

  it('a rollback: the replaced release inactive, the restored one recorded, the issue opened', async () => {
    const rolled = await step(
      {
        state: 'rolled-back',
        'deployment-id': ids.v2!,
        'tenant-results': JSON.stringify(rollbackResults),
        evidence: JSON.stringify(gateChecks),
        reason: 'health gate failed: error ratio 4.1% > 1%',
      },
      '7',
    );
    expectOk(rolled);
    runs.push(rolled);
    ids.restored = rolled.outputs['deployment-id']!;
    expect(statesOf(ids.v2)).toEqual(['in_progress', 'inactive']);
    expect(statesOf(ids.restored)).toEqual(['success']);
    expect(statesOf(ids.v1)).toEqual(['in_progress', 'success', 'inactive']);
    const restored = gh.deployments.find((d) => d.id === Number(ids.restored))!;
    expect(restored.sha).toBe(SHA_V1); // 1.4.0's own commit, from its earlier deployment
    expect(restored.payload).toMatchObject({ kind: 'restore', replaces: Number(ids.v2) });

    expect(rolled.outputs['issue-url']).toBe('https://github.com/acme/shop/issues/1');
    const issue = gh.issues[0]!;
    expect(issue.title).toBe('Rollback: shop 2.0.0 in production');
    expect(issue.labels).toEqual(['cutover-rollback']);
    expect(issue.body).toContain('**Reason:** health gate failed: error ratio 4.1% > 1%');
    expect(issue.body).toContain('| acme | canary | 2.0.0 | 1.4.0 | ok |');
    expect(issue.body).toContain(
      '| acme | fail | green (2.0.0) | 10% | 2 | 2 failed rounds reached the failure limit 2 |',
    );
    expect(issue.body).toContain('Run: https://github.com/acme/shop/actions/runs/7');
    expect(rolled.summary).toContain('Rollback issue #1 (opened)');
  });

  it('a second rollback comments on the open issue and retitles it', async () => {
    const start = await step(
      {
        state: 'start',
        image: 'ghcr.io/acme/shop:2.0.1',
        'tenant-results': JSON.stringify(deployResults.map((t) => ({ ...t, version: '2.0.1' }))),
      },
      '8',
    );
    expectOk(start);
    const rolled = await step(
      {
        state: 'rolled-back',
        'deployment-id': start.outputs['deployment-id']!,
        'tenant-results': JSON.stringify(
          rollbackResults.map((t) => ({ ...t, detail: 'from ghcr.io/acme/shop:2.0.1' })),
        ),
        reason: 'latency p95 over 300 ms',
      },
      '8',
    );
    expectOk(rolled);
    runs.push(start, rolled);
    expect(gh.issues).toHaveLength(1);
    expect(rolled.outputs['issue-url']).toBe('https://github.com/acme/shop/issues/1');
    expect(gh.issues[0]!.title).toBe('Rollback: shop 2.0.1 in production');
    expect(gh.issues[0]!.comments).toHaveLength(1);
    expect(gh.issues[0]!.comments[0]!.body).toContain('**Reason:** latency p95 over 300 ms');
    expect(statesOf(start.outputs['deployment-id'])).toEqual(['in_progress', 'inactive']);
  });

  it('the token is masked first and never printed; every request carried it', () => {
    for (const run of runs) {
      expect(run.masks).toContain(TOKEN);
      expect(run.stdout.indexOf(`::add-mask::${TOKEN}`)).toBe(0);
      expect(printed(run)).not.toContain(TOKEN);
    }
    expect(gh.calls.every((c) => c.authorization === `token ${TOKEN}`)).toBe(true);
  });

  it('a token without issues: write fails the step naming the permission, after the deployment is recorded', async () => {
    const start = await step({ state: 'start', image: 'ghcr.io/acme/shop:2.0.2' }, '9');
    const token = 'ghs_deploymentsOnlyToken0123456789';
    const rolled = await step(
      {
        state: 'rolled-back',
        'deployment-id': start.outputs['deployment-id']!,
        'tenant-results': JSON.stringify(rollbackResults),
      },
      '9',
      SHA_V2,
      token,
    );
    expect(rolled.exitCode).toBe(1);
    const error = rolled.annotations.find((a) => a.command === 'error')!;
    expect(error.message).toContain('while commenting on the rollback issue');
    expect(error.message).toContain('the token needs `issues: write`');
    expect(rolled.outputs['deployment-id']).toMatch(/^\d+$/);
    expect(printed(rolled)).not.toContain(token);
  });

  it('a refused token and an unknown state are one clear error each', async () => {
    const refused = await step({ state: 'start' }, '10', SHA_V2, 'ghs_revokedToken0123456789');
    expect(refused.exitCode).toBe(1);
    expect(refused.annotations[0]!.message).toMatch(
      /input `token`: GitHub refused the token while .* \(401 Bad credentials\)/,
    );
    const unknown = await step({ state: 'deployed' }, '10');
    expect(unknown.exitCode).toBe(1);
    expect(unknown.annotations[0]!.message).toContain(
      'input `state`: expected one of `start`, `success`, `failure`, `rolled-back`',
    );
  });

  it('a missing token fails before the GitHub client loads', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'cutover-deployment-'));
    const trace = join(dir, 'loads.txt');
    await writeFile(trace, '');
    const run = await runAction(
      action,
      { state: 'start' },
      {
        env: {
          NODE_OPTIONS: `--import ${join(root, 'test/harness/trace-loads.mjs')}`,
          CUTOVER_TRACE_LOADS: trace,
        },
      },
    );
    expect(run.exitCode).toBe(1);
    expect(run.annotations[0]!.message).toContain('`token` is required');
    const loaded = (await readFile(trace, 'utf8')).split('\n').filter((u) => u.includes('/dist/'));
    const text = (await Promise.all(loaded.map((u) => readFile(new URL(u), 'utf8')))).join('\n');
    expect(text).not.toContain('octokit'); // no Octokit parsed to fail on an input
    expect(gh.calls.filter((c) => c.authorization === undefined)).toEqual([]);
  });
});
