import { readInputs } from '../../../src/github/inputs.ts';
import { deploymentInputs } from '../../../src/stages/inputs.ts';
import type { ReportBlock, StageIO } from '../../../src/stages/io.ts';
import type { deploymentOutputs } from '../../../src/stages/output-specs.ts';
import { run } from '../../../src/stages/deployment.ts';
import { startFakeGitHub, type FakeGitHub } from '../../support/fake-github.ts';
import { deployResults, gateChecks, rollbackResults } from '../../support/rollback-fixtures.ts';

type Outputs = Record<string, unknown>;

function recordingIO() {
  const outputs: Outputs = {};
  const blocks: ReportBlock[] = [];
  const warnings: string[] = [];
  const io = {
    workspace: '/tmp',
    setOutput: (name: string, value: unknown) => void (outputs[name] = value),
    progress: () => {},
    warning: (m: string) => void warnings.push(m),
    annotate: () => {},
    mask: () => {},
    verbatim: (fn: () => Promise<unknown>) => fn(),
    report: (...b: ReportBlock[]) => void blocks.push(...b),
  } as unknown as StageIO<typeof deploymentOutputs>;
  return { io, outputs, blocks, warnings };
}

/** The inputs as the action reads them: strings, defaults filled in, checked by the spec. */
const inputsOf = (raw: Record<string, string>) =>
  readInputs(deploymentInputs, (name) => raw[name] ?? '');

let gh: FakeGitHub;
const saved = { ...process.env };
beforeEach(async () => {
  gh = await startFakeGitHub('acme/shop');
  gh.allow('good-token', ['deployments', 'issues']);
  Object.assign(process.env, {
    GITHUB_REPOSITORY: 'acme/shop',
    GITHUB_API_URL: gh.url,
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_RUN_ID: '7',
    GITHUB_JOB: 'production',
    GITHUB_SHA: 'a'.repeat(40),
  });
});
afterEach(async () => {
  process.env = { ...saved };
  await gh.close();
});

describe('deployment stage (GitHub API faked)', () => {
  it('an unknown state is refused by the input check, naming the states', () => {
    expect(() => inputsOf({ token: 'good-token', state: 'done' })).toThrow(
      'input `state`: expected one of `start`, `success`, `failure`, `rolled-back`, found "done"',
    );
  });

  it('success without a deployment-id fails before any request, saying where the id comes from', async () => {
    const { io } = recordingIO();
    const e = await run(inputsOf({ token: 'good-token', state: 'success' }), io).catch(
      (x: unknown) => x,
    );
    expect((e as Error).message).toBe(
      'input `deployment-id` is required with `state: success`: it names the deployment to close',
    );
    expect((e as { hint: string }).hint).toContain('steps.<id>.outputs.deployment-id');
    expect(gh.calls).toEqual([]);
  });

  it('a deployment-id that is not a number is refused by the input check', () => {
    expect(() =>
      inputsOf({ token: 'good-token', state: 'success', 'deployment-id': '${{ steps.x }}' }),
    ).toThrow('input `deployment-id`: expected a whole number');
  });

  it.each([
    ['not JSON', '{"tenant": "acme"', /input `tenant-results`: not JSON/],
    ['not an array', '{"tenant": "acme"}', /expected a JSON array of tenants, found an object/],
    ['no tenant id', '[{"version": "1.4.0"}]', /entry 0 has no `tenant` id/],
  ])('tenant-results that are %s fail before any request', async (_, raw, message) => {
    const { io } = recordingIO();
    const e = await run(
      inputsOf({
        token: 'good-token',
        state: 'rolled-back',
        'github-environment': 'production',
        'tenant-results': raw,
      }),
      io,
    ).catch((x: unknown) => x);
    expect((e as Error).message).toMatch(message);
    expect((e as { hint: string }).hint).toContain('outputs.tenant-results');
    expect(gh.calls).toEqual([]);
  });

  it('evidence that does not parse fails before any request', async () => {
    const { io } = recordingIO();
    const e = await run(
      inputsOf({
        token: 'good-token',
        state: 'rolled-back',
        'github-environment': 'production',
        'tenant-results': JSON.stringify(rollbackResults),
        evidence: '[1, 2',
      }),
      io,
    ).catch((x: unknown) => x);
    expect((e as Error).message).toMatch(/^input `evidence`: not JSON/);
    expect(gh.calls).toEqual([]);
  });

  it('rolled-back needs the tenants and the environment', async () => {
    const { io } = recordingIO();
    const noTenants = await run(
      inputsOf({ token: 'good-token', state: 'rolled-back', 'github-environment': 'production' }),
      io,
    ).catch((x: unknown) => x);
    expect((noTenants as Error).message).toContain('input `tenant-results` is required');
    const noEnvironment = await run(inputsOf({ token: 'good-token', state: 'start' }), io).catch(
      (x: unknown) => x,
    );
    expect((noEnvironment as Error).message).toContain('input `github-environment` is required');
  });

  it('start, then rolled-back: outputs the ids and the issue, records versions from the tenant results', async () => {
    const started = recordingIO();
    await run(
      inputsOf({
        token: 'good-token',
        state: 'start',
        'github-environment': 'production',
        image: 'ghcr.io/acme/shop:2.0.0',
        'tenant-results': JSON.stringify(deployResults),
      }),
      started.io,
    );
    const id = Number(started.outputs['deployment-id']);
    expect(gh.deployments[0]).toMatchObject({
      id,
      description: 'shop 2.0.0 to 2 tenants',
      payload: {
        app: 'shop',
        version: '2.0.0',
        tenants: [
          { tenant: 'acme', ring: 'canary', version: '2.0.0' },
          { tenant: 'globex', ring: 'main', version: '2.0.0' },
        ],
      },
    });

    const rolled = recordingIO();
    await run(
      inputsOf({
        token: 'good-token',
        state: 'rolled-back',
        'github-environment': 'production',
        'deployment-id': String(id),
        'tenant-results': JSON.stringify(rollbackResults),
        evidence: JSON.stringify(gateChecks),
        reason: 'gate failed',
      }),
      rolled.io,
    );
    expect(rolled.outputs['issue-url']).toBe('https://github.com/acme/shop/issues/1');
    expect(Number(rolled.outputs['deployment-id'])).toBe(gh.deployments[1]!.id);
    expect(gh.deployments[1]!.payload).toMatchObject({
      kind: 'restore',
      replaces: id,
      tenants: [
        { tenant: 'acme', version: '1.4.0', from: '2.0.0' },
        { tenant: 'globex', version: '1.4.0', from: '2.0.0' },
      ],
    });
    // No earlier deployment of 1.4.0 is known here: the run's commit is recorded, and said so.
    expect(rolled.warnings.join('\n')).toContain('no earlier deployment of 1.4.0');
    expect(gh.issues[0]!.title).toBe('Rollback: shop 2.0.0 in production');
  });
});
