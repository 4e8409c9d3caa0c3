import { connect, runContext } from '../../../src/github/api.ts';
import { openOrUpdateIssue } from '../../../src/github/feedback-issue.ts';
import {
  evidenceMarkdown,
  issueBody,
  issueTitle,
  type RollbackReport,
} from '../../../src/github/rollback-markdown.ts';
import { startFakeGitHub, type FakeGitHub } from '../../support/fake-github.ts';
import { gateChecks } from '../../support/rollback-fixtures.ts';

function report(over: Partial<RollbackReport> = {}): RollbackReport {
  return {
    app: 'shop',
    environment: 'production',
    rolledBack: '2.0.0',
    restored: '1.4.0',
    reason: 'gate failed\nin run 7',
    tenants: [
      { tenant: 'acme', ring: 'canary', version: '1.4.0', from: '2.0.0', status: 'ok' },
      { tenant: 'globex', ring: 'main', version: '1.4.0', from: '2.0.0', status: 'ok' },
    ],
    evidence: gateChecks,
    runUrl: 'https://github.com/acme/shop/actions/runs/7',
    runId: '7',
    deploymentId: 1001,
    ...over,
  };
}

describe('rollback issue text', () => {
  it('renders the gate evidence as tables: a verdict per tenant, the checks of the deciding round', () => {
    const md = evidenceMarkdown(gateChecks).join('\n');
    expect(md).toContain('| tenant | verdict | color | weight | rounds | reason |');
    expect(md).toContain(
      '| acme | fail | green (2.0.0) | 10% | 2 | 2 failed rounds reached the failure limit 2 |',
    );
    expect(md).toContain('| globex | pass | green (2.0.0) | 10% | 0 | all rounds passed |');
    // A `|` in a summary must not split the cell.
    expect(md).toContain(
      '| acme | 2 | error ratio | prometheus | fail | error ratio 4.1% > 1% \\| over 5m |',
    );
    expect(md).toContain('| acme | 2 | http /healthz | http | pass | 20/20 answered 200 |');
  });

  it('names the app, environment and version in the title; the body has the reason, tenants, run', () => {
    expect(issueTitle(report())).toBe('Rollback: shop 2.0.0 in production');
    const body = issueBody(report());
    expect(body.split('\n')[0]).toBe('<!-- cutover:rollback app=shop environment=production -->');
    expect(body).toContain('**Reason:** gate failed in run 7');
    expect(body).toContain('| acme | canary | 2.0.0 | 1.4.0 | ok |');
    expect(body).toContain('Run: https://github.com/acme/shop/actions/runs/7');
  });

  it('stays under GitHub’s 65,536 characters however much evidence there is', () => {
    const many = Object.fromEntries(
      Array.from({ length: 5000 }, (_, i) => [`tenant-${i}`, { ...gateChecks.acme }]),
    );
    const body = issueBody(report({ evidence: many }));
    expect(body.length).toBeLessThan(65_536);
    expect(body).toContain('more rows');
  });
});

describe('rollback issue (GitHub API faked)', () => {
  let gh: FakeGitHub;
  beforeEach(async () => {
    gh = await startFakeGitHub('acme/shop');
    gh.allow('good-token', ['deployments', 'issues']);
    gh.allow('deployments-only', ['deployments']);
  });
  afterEach(() => gh.close());

  const api = (token = 'good-token') =>
    connect(token, runContext({ GITHUB_REPOSITORY: 'acme/shop', GITHUB_API_URL: gh.url }));

  it('opens an issue with the label, then comments on it and retitles it on the next rollback', async () => {
    const first = await openOrUpdateIssue(api(), report());
    expect(first).toEqual({
      number: 1,
      url: 'https://github.com/acme/shop/issues/1',
      action: 'opened',
    });
    expect(gh.issues[0]).toMatchObject({
      title: 'Rollback: shop 2.0.0 in production',
      labels: ['cutover-rollback'],
    });

    const second = await openOrUpdateIssue(
      api(),
      report({ rolledBack: '2.0.1', runId: '8', reason: 'latency' }),
    );
    expect(second).toMatchObject({ number: 1, action: 'updated' });
    expect(gh.issues).toHaveLength(1);
    expect(gh.issues[0]!.title).toBe('Rollback: shop 2.0.1 in production');
    expect(gh.issues[0]!.comments).toHaveLength(1);
    expect(gh.issues[0]!.comments[0]!.body).toContain('**Reason:** latency');
    expect(gh.issues[0]!.comments[0]!.body).toContain('`2.0.1` → `1.4.0`');
  });

  it('a re-run of the same run writes nothing twice', async () => {
    await openOrUpdateIssue(api(), report());
    expect(await openOrUpdateIssue(api(), report())).toMatchObject({ action: 'unchanged' });
    await openOrUpdateIssue(api(), report({ runId: '8' }));
    expect(await openOrUpdateIssue(api(), report({ runId: '8' }))).toMatchObject({
      action: 'unchanged',
    });
    expect(gh.issues[0]!.comments).toHaveLength(1);
  });

  it('another environment, a closed issue or another label means a new issue', async () => {
    await openOrUpdateIssue(api(), report());
    await openOrUpdateIssue(api(), report({ environment: 'staging' }));
    expect(gh.issues.map((i) => i.title)).toEqual([
      'Rollback: shop 2.0.0 in production',
      'Rollback: shop 2.0.0 in staging',
    ]);
    gh.issues[0]!.state = 'closed'; // the cause was fixed
    await openOrUpdateIssue(api(), report({ runId: '9' }));
    await openOrUpdateIssue(api(), report({ runId: '10' }), 'incident');
    expect(gh.issues).toHaveLength(4);
    expect(gh.issues[3]!.labels).toEqual(['incident']);
  });

  it('a token without issues: write is an error naming that permission', async () => {
    const e = await openOrUpdateIssue(api('deployments-only'), report()).catch((x: unknown) => x);
    expect((e as Error).message).toContain('while opening the rollback issue');
    expect((e as Error).message).toContain('the token needs `issues: write`');
  });
});
