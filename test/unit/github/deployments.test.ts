import { connect, runContext } from '../../../src/github/api.ts';
import {
  DEPLOYMENT_TASK,
  finishDeployment,
  recordRollback,
  startDeployment,
  type Recorder,
  type ReleasePayload,
} from '../../../src/github/deployments.ts';
import { isCutoverError } from '../../../src/errors.ts';
import { startFakeGitHub, type FakeGitHub } from '../../support/fake-github.ts';

const SHA_V1 = '1'.repeat(40);
const SHA_V2 = '2'.repeat(40);

let gh: FakeGitHub;
beforeEach(async () => {
  gh = await startFakeGitHub('acme/shop');
  gh.allow('good-token', ['deployments', 'issues']);
  gh.allow('read-only', []);
});
afterEach(() => gh.close());

function recorder(token = 'good-token', env: Record<string, string> = {}): Recorder {
  const run = runContext({
    GITHUB_REPOSITORY: 'acme/shop',
    GITHUB_API_URL: gh.url,
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_RUN_ID: '7',
    GITHUB_RUN_ATTEMPT: '1',
    GITHUB_JOB: 'production',
    GITHUB_SHA: SHA_V2,
    ...env,
  });
  return { gh: connect(token, run), run, environmentUrl: 'https://shop.example.com' };
}

function payload(version: string, run = '7', job = 'production'): ReleasePayload {
  return {
    tool: 'cutover',
    kind: 'release',
    app: 'shop',
    version,
    image: `ghcr.io/acme/shop:${version}`,
    tenants: [
      { tenant: 'acme', ring: 'canary', version },
      { tenant: 'globex', ring: 'main', version },
    ],
    run: { id: run, attempt: '1', job, url: `https://github.com/acme/shop/actions/runs/${run}` },
  };
}

const states = (id: number) =>
  gh.deployments.find((d) => d.id === id)!.statuses.map((s) => s.state);

/** v1 released and live in production, by an earlier run. */
async function v1Live(): Promise<number> {
  const r = recorder('good-token', { GITHUB_RUN_ID: '6', GITHUB_SHA: SHA_V1 });
  const { deployment } = await startDeployment(r, {
    environment: 'production',
    ref: SHA_V1,
    description: 'shop 1.4.0 to 2 tenants',
    payload: payload('1.4.0', '6'),
  });
  await finishDeployment(r, deployment.id, { state: 'success', description: 'shop 1.4.0 is live' });
  return deployment.id;
}

describe('GitHub deployments (GitHub API faked)', () => {
  it('start creates a deployment of the commit, no merge, no required contexts, with the payload, in progress', async () => {
    const { deployment, reused } = await startDeployment(recorder(), {
      environment: 'production',
      ref: SHA_V2,
      production: true,
      description: 'shop 2.0.0 to 2 tenants',
      payload: payload('2.0.0'),
    });
    expect(reused).toBe(false);
    const create = gh.calls.find((c) => c.method === 'POST' && c.path.endsWith('/deployments'))!;
    expect(create.authorization).toBe('token good-token');
    expect(create.body).toEqual({
      ref: SHA_V2,
      task: DEPLOYMENT_TASK,
      auto_merge: false,
      required_contexts: [],
      environment: 'production',
      production_environment: true,
      transient_environment: false,
      description: 'shop 2.0.0 to 2 tenants',
      payload: payload('2.0.0'),
    });
    const status = gh.calls.find((c) => c.path.endsWith(`/deployments/${deployment.id}/statuses`))!;
    expect(status.body).toEqual({
      state: 'in_progress',
      description: 'shop 2.0.0 to 2 tenants',
      log_url: 'https://github.com/acme/shop/actions/runs/7',
      environment_url: 'https://shop.example.com',
      // The live release stays active until this one succeeds.
      auto_inactive: false,
    });
  });

  it('a re-run of the same job reuses its deployment; another job of the run gets its own', async () => {
    const start = (job: string) =>
      startDeployment(recorder('good-token', { GITHUB_JOB: job }), {
        environment: 'production',
        ref: SHA_V2,
        description: 'shop 2.0.0',
        payload: payload('2.0.0', '7', job),
      });
    const first = await start('production');
    const again = await start('production');
    const other = await start('ring-main');
    expect(again).toMatchObject({ reused: true, deployment: { id: first.deployment.id } });
    expect(other.deployment.id).not.toBe(first.deployment.id);
    expect(gh.deployments).toHaveLength(2);
  });

  it('success makes the release it replaces inactive, in production too (where GitHub would not)', async () => {
    const v1 = await v1Live();
    const r = recorder();
    const { deployment } = await startDeployment(r, {
      environment: 'production',
      ref: SHA_V2,
      description: 'shop 2.0.0',
      payload: payload('2.0.0'),
    });
    expect(states(v1)).toEqual(['in_progress', 'success']); // still live while 2.0.0 starts
    const done = await finishDeployment(r, deployment.id, {
      state: 'success',
      description: 'shop 2.0.0 is live',
      environment: 'production',
    });
    expect(done.superseded).toBe(v1);
    expect(states(deployment.id)).toEqual(['in_progress', 'success']);
    expect(states(v1)).toEqual(['in_progress', 'success', 'inactive']);
    expect(gh.deployments.find((d) => d.id === v1)!.statuses[2]!.description).toBe(
      `superseded by deployment ${deployment.id}`,
    );
  });

  it('failure closes the deployment and leaves the live release active', async () => {
    const v1 = await v1Live();
    const r = recorder();
    const { deployment } = await startDeployment(r, {
      environment: 'production',
      ref: SHA_V2,
      description: 'shop 2.0.0',
      payload: payload('2.0.0'),
    });
    await finishDeployment(r, deployment.id, { state: 'failure', description: 'failed: gate' });
    expect(states(deployment.id)).toEqual(['in_progress', 'failure']);
    expect(states(v1)).toEqual(['in_progress', 'success']);
  });

  it('rolled back: the restored release recorded at its own commit, the replaced one inactive with the reason', async () => {
    const v1 = await v1Live();
    const r = recorder();
    const started = await startDeployment(r, {
      environment: 'production',
      ref: SHA_V2,
      description: 'shop 2.0.0',
      payload: payload('2.0.0'),
    });
    const restore = {
      ...payload('1.4.0'),
      kind: 'restore' as const,
      reason: 'error ratio 4% over 1%',
      tenants: [{ tenant: 'acme', version: '1.4.0', from: '2.0.0' }],
    };
    const record = await recordRollback(r, {
      environment: 'production',
      replacedId: started.deployment.id,
      fallbackRef: SHA_V2,
      restoredVersion: '1.4.0',
      description: 'shop 1.4.0 restored: error ratio 4% over 1%',
      payload: restore,
    });
    expect(record.refFrom).toBe('earlier-deployment');
    const restored = gh.deployments.find((d) => d.id === record.restored.id)!;
    expect(restored.sha).toBe(SHA_V1);
    expect(restored.payload).toMatchObject({ kind: 'restore', replaces: started.deployment.id });
    expect(states(restored.id)).toEqual(['success']);
    expect(states(started.deployment.id)).toEqual(['in_progress', 'inactive']);
    expect(gh.deployments.find((d) => d.id === started.deployment.id)!.statuses[1]).toMatchObject({
      description: 'rolled back: error ratio 4% over 1%',
      log_url: 'https://github.com/acme/shop/actions/runs/7',
    });
    // v1's own deployment is superseded by the record of its restore: one active at a time.
    expect(record.superseded).toBe(v1);
    expect(states(v1)).toEqual(['in_progress', 'success', 'inactive']);

    // A re-run of the job writes nothing twice.
    const before = gh.deployments.map((d) => d.statuses.length);
    const again = await recordRollback(r, {
      environment: 'production',
      replacedId: started.deployment.id,
      fallbackRef: SHA_V2,
      restoredVersion: '1.4.0',
      description: 'shop 1.4.0 restored',
      payload: restore,
    });
    expect(again.restored.id).toBe(record.restored.id);
    expect(gh.deployments.map((d) => d.statuses.length)).toEqual(before);
  });

  it('rolled back by hand (no deployment-id): the active release is the one replaced', async () => {
    const v1 = await v1Live();
    const r2 = recorder('good-token', { GITHUB_RUN_ID: '8' });
    const v2 = await startDeployment(r2, {
      environment: 'production',
      ref: SHA_V2,
      description: 'shop 2.0.0',
      payload: payload('2.0.0', '8'),
    });
    await finishDeployment(r2, v2.deployment.id, { state: 'success', description: 'live' });
    const r = recorder('good-token', { GITHUB_RUN_ID: '9', GITHUB_JOB: 'rollback' });
    const record = await recordRollback(r, {
      environment: 'production',
      fallbackRef: SHA_V2,
      restoredVersion: '1.4.0',
      description: 'shop 1.4.0 restored: by hand',
      payload: { ...payload('1.4.0', '9', 'rollback'), kind: 'restore', reason: 'by hand' },
    });
    expect(record.replaced?.id).toBe(v2.deployment.id);
    expect(states(v2.deployment.id)).toEqual(['in_progress', 'success', 'inactive']);
    expect(gh.deployments.find((d) => d.id === record.restored.id)!.sha).toBe(SHA_V1);
    expect(states(v1)).toEqual(['in_progress', 'success', 'inactive']);
  });

  it('a refused token is an error naming the token and the permission it needs', async () => {
    const start = (token: string) =>
      startDeployment(recorder(token), {
        environment: 'production',
        ref: SHA_V2,
        description: 'x',
        payload: payload('2.0.0'),
      });
    const unauthorized = await start('expired').catch((e: unknown) => e);
    expect(isCutoverError(unauthorized)).toBe(true);
    expect((unauthorized as Error).message).toMatch(
      /input `token`: GitHub refused the token .*401 Bad credentials/,
    );
    const forbidden = await start('read-only').catch((e: unknown) => e);
    expect((forbidden as Error).message).toContain('403 Resource not accessible by integration');
    expect((forbidden as Error).message).toContain('`deployments: write`');
    expect((forbidden as { hint: string }).hint).toContain('permissions: { deployments: write }');
    expect(JSON.stringify(forbidden)).not.toContain('read-only');
  });

  it('a deployment-id of no deployment is an error naming the input', async () => {
    const e = await finishDeployment(recorder(), 424242, {
      state: 'success',
      description: 'x',
    }).catch((x: unknown) => x);
    expect((e as Error).message).toBe(
      'input `deployment-id`: 424242 is not a deployment of acme/shop',
    );
  });

  it('a deployment-id of another environment is refused before any status is written', async () => {
    const { deployment } = await startDeployment(recorder(), {
      environment: 'staging',
      ref: SHA_V2,
      description: 'x',
      payload: payload('2.0.0'),
    });
    const e = await finishDeployment(recorder(), deployment.id, {
      state: 'success',
      description: 'x',
      environment: 'production',
    }).catch((x: unknown) => x);
    expect((e as Error).message).toContain('is a deployment to `staging`, not `production`');
    expect(states(deployment.id)).toEqual(['in_progress']);
  });

  it('a status description over GitHub’s 140 characters is cut, not refused', async () => {
    const { deployment } = await startDeployment(recorder(), {
      environment: 'production',
      ref: SHA_V2,
      description: 'x'.repeat(300),
      payload: payload('2.0.0'),
    });
    expect(
      gh.deployments.find((d) => d.id === deployment.id)!.statuses[0]!.description,
    ).toHaveLength(140);
  });
});
