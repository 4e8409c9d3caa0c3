/**
 * The deployment stage: a release's record in GitHub Deployments, and after a rollback the
 * feedback issue. GitHub-only by nature (there is no cluster in it, and no CLI command: a
 * terminal has no run to link and no environment page to show), so it uses the GitHub client
 * of src/github directly, as lint-test uses its cache service: widening StageIO, which every
 * front end implements, for one stage that only an action runs, would buy nothing. Tests
 * point that client at a fake API (GITHUB_API_URL), which exercises the real requests.
 */
import { CutoverError } from '../errors.ts';
import { connect, runContext, type RunContext } from '../github/api.ts';
import {
  finishDeployment,
  recordRollback,
  startDeployment,
  type Recorder,
  type ReleasePayload,
  type TenantRelease,
} from '../github/deployments.ts';
import { DEFAULT_ISSUE_LABEL, openOrUpdateIssue } from '../github/feedback-issue.ts';
import { parseImage } from '../release/image.ts';
import { resolve } from 'node:path';
import {
  appName,
  configAppName,
  parseEvidence,
  parseTenantResults,
  versionOf,
} from './deployment-inputs.ts';
import type { deploymentInputs } from './inputs.ts';
import { heading, table, text, type StageIO } from './io.ts';
import type { deploymentOutputs } from './output-specs.ts';
import type { StageInputs, StageRun } from './stage.ts';

type Inputs = StageInputs<typeof deploymentInputs>;
type IO = StageIO<typeof deploymentOutputs>;

export const run: StageRun<typeof deploymentInputs, typeof deploymentOutputs> = async (
  inputs,
  io,
) => {
  // Everything that can be wrong with the inputs is found before the first request.
  const tenants = parseTenantResults(inputs['tenant-results']);
  const evidence = parseEvidence(inputs.evidence);
  if (inputs.image) parseImage(inputs.image, 'input `image`');
  requireFor(inputs, tenants);
  const ctx = runContext();
  const recorder: Recorder = {
    gh: connect(inputs.token, ctx),
    run: ctx,
    environmentUrl: inputs['environment-url'],
  };
  const app =
    inputs.app ??
    (await configAppName(resolve(io.workspace, inputs.config))) ??
    appName(inputs.image, ctx.repo);
  io.setOutput('issue-url', '');
  switch (inputs.state) {
    case 'start':
      return start(inputs, io, recorder, app, tenants ?? []);
    case 'success':
    case 'failure':
      return finish(inputs, io, recorder, app, inputs.state, tenants);
    case 'rolled-back':
      return rolledBack(inputs, io, recorder, app, tenants!, evidence);
  }
};

async function start(
  inputs: Inputs,
  io: IO,
  r: Recorder,
  app: string,
  tenants: TenantRelease[],
): Promise<void> {
  const environment = inputs['github-environment']!;
  const version = inputs.image ? versionOf(inputs.image) : agreed(tenants.map((t) => t.version));
  const ref = refOf(inputs, r.run);
  const { deployment, reused } = await startDeployment(r, {
    environment,
    ref,
    production: inputs['production-environment'],
    description: `${app} ${version ?? ''} to ${count(tenants)}`.replace(/ {2}/, ' '),
    payload: payloadOf('release', app, inputs, r.run, tenants, version),
  });
  io.setOutput('deployment-id', String(deployment.id));
  io.progress(
    `deployment ${deployment.id} of ${ref} to ${environment}: in progress${reused ? ' (reused: this job started it before)' : ''}`,
  );
  io.report(
    heading(`cutover deployment: ${environment}`),
    table(
      ['deployment', 'environment', 'version', 'commit', 'state'],
      [[String(deployment.id), environment, version ?? '', deployment.sha, 'in_progress']],
    ),
  );
}

async function finish(
  inputs: Inputs,
  io: IO,
  r: Recorder,
  app: string,
  state: 'success' | 'failure',
  tenants: TenantRelease[] | undefined,
): Promise<void> {
  const id = inputs['deployment-id']!;
  const version = agreed((tenants ?? []).map((t) => t.version));
  const description =
    state === 'success'
      ? `${app} ${version ?? ''} is live`.replace(/ {2}/, ' ')
      : `failed: ${inputs.reason ?? 'see the run'}`;
  const { deployment, superseded } = await finishDeployment(r, id, {
    state,
    description,
    environment: inputs['github-environment'],
  });
  io.setOutput('deployment-id', String(id));
  io.progress(
    `deployment ${id} in ${deployment.environment}: ${state}${superseded ? `; deployment ${superseded} is inactive now` : ''}`,
  );
  io.report(
    heading(`cutover deployment: ${deployment.environment}`),
    table(
      ['deployment', 'environment', 'commit', 'state'],
      [
        [String(id), deployment.environment, deployment.sha, state],
        ...(superseded ? [[String(superseded), deployment.environment, '', 'inactive']] : []),
      ],
    ),
  );
}

async function rolledBack(
  inputs: Inputs,
  io: IO,
  r: Recorder,
  app: string,
  tenants: TenantRelease[],
  evidence: Record<string, unknown> | undefined,
): Promise<void> {
  const environment = inputs['github-environment']!;
  const reason = inputs.reason ?? 'no reason given';
  const imageVersion = inputs.image ? versionOf(inputs.image) : undefined;
  const withFrom = tenants.map((t) => ({ ...t, from: t.from ?? imageVersion }));
  const restored = agreed(withFrom.map((t) => t.version));
  const rolledBackVersions = listed(withFrom.map((t) => t.from)) || 'an unknown version';
  const restoredVersions = listed(withFrom.map((t) => t.version)) || 'the previous release';
  const record = await recordRollback(r, {
    environment,
    replacedId: inputs['deployment-id'],
    fallbackRef: refOf(inputs, r.run),
    restoredVersion: restored,
    production: inputs['production-environment'],
    description: `${app} ${restoredVersions} restored: ${reason}`,
    payload: { ...payloadOf('restore', app, inputs, r.run, withFrom, restored), reason },
  });
  io.setOutput('deployment-id', String(record.restored.id));
  const rows = [
    [String(record.restored.id), restoredVersions, record.restored.sha, 'success (restored)'],
  ];
  if (record.replaced)
    rows.push([String(record.replaced.id), rolledBackVersions, record.replaced.sha, 'inactive']);
  else io.warning(`no active cutover deployment in ${environment} to mark rolled back`);
  if (record.superseded) rows.push([String(record.superseded), '', '', 'inactive (superseded)']);
  io.progress(
    `deployment ${record.restored.id} records ${restoredVersions} in ${environment}${record.replaced ? `; deployment ${record.replaced.id} (${rolledBackVersions}) is inactive` : ''}`,
  );
  io.report(
    heading(`cutover deployment: rollback in ${environment}`),
    text(`${app}: \`${rolledBackVersions}\` → \`${restoredVersions}\`. Reason: ${reason}`),
    table(['deployment', 'version', 'commit', 'state'], rows),
  );
  if (record.refFrom === 'input')
    io.warning(
      `no earlier deployment of ${restoredVersions} in ${environment}: deployment ${record.restored.id} records the commit ${record.restored.sha}`,
    );
  if (!inputs['feedback-issue']) return;
  const issue = await openOrUpdateIssue(
    r.gh,
    {
      app,
      environment,
      rolledBack: rolledBackVersions,
      restored: restoredVersions,
      reason,
      tenants: withFrom,
      evidence,
      runUrl: r.run.runUrl,
      runId: r.run.runId,
      deploymentId: record.restored.id,
    },
    inputs['issue-label'] || DEFAULT_ISSUE_LABEL,
  );
  io.setOutput('issue-url', issue.url);
  io.progress(`rollback issue #${issue.number} ${issue.action}: ${issue.url}`);
  io.report(text(`Rollback issue #${issue.number} (${issue.action}): ${issue.url}`));
}

/** The inputs each state needs beyond the spec's (which cannot say "required when"). */
function requireFor(inputs: Inputs, tenants: TenantRelease[] | undefined): void {
  const missing = (name: string, why: string, hint: string) =>
    new CutoverError(
      'INPUT_MISSING',
      `input \`${name}\` is required with \`state: ${inputs.state}\`: ${why}`,
      { hint },
    );
  if ((inputs.state === 'success' || inputs.state === 'failure') && !inputs['deployment-id'])
    throw missing(
      'deployment-id',
      'it names the deployment to close',
      'pass the `deployment-id` output of the step with `state: start`: `deployment-id: ${{ steps.<id>.outputs.deployment-id }}`',
    );
  if ((inputs.state === 'start' || inputs.state === 'rolled-back') && !inputs['github-environment'])
    throw missing(
      'github-environment',
      'it names the GitHub environment the deployment is recorded in',
      'add `github-environment: production`: the name the job gives in `environment:`',
    );
  if (inputs.state === 'rolled-back' && !tenants?.length)
    throw missing(
      'tenant-results',
      'it says which tenants were rolled back and which version serves them now',
      "pass the rollback step's output: `tenant-results: ${{ steps.<id>.outputs.tenant-results }}`",
    );
}

function refOf(inputs: Inputs, run: RunContext): string {
  const ref = inputs.ref ?? run.sha;
  if (!ref)
    throw new CutoverError('INPUT_MISSING', 'input `ref` is required: GITHUB_SHA is not set', {
      hint: 'pass the commit deployed: `ref: ${{ github.sha }}`',
    });
  return ref;
}

function payloadOf(
  kind: ReleasePayload['kind'],
  app: string,
  inputs: Inputs,
  run: RunContext,
  tenants: TenantRelease[],
  version: string | undefined,
): ReleasePayload {
  return {
    tool: 'cutover',
    kind,
    app,
    version,
    image: inputs.image,
    tenants,
    run: { id: run.runId, attempt: run.runAttempt, job: run.job, url: run.runUrl },
  };
}

/** The one value all agree on, else undefined (tenants on different versions). */
function agreed(values: (string | undefined)[]): string | undefined {
  const set = new Set(values.filter((v): v is string => Boolean(v)));
  return set.size === 1 ? [...set][0] : undefined;
}

function listed(values: (string | undefined)[]): string {
  return [...new Set(values.filter(Boolean))].join(', ');
}

function count(tenants: TenantRelease[]): string {
  return tenants.length === 1 ? '1 tenant' : `${tenants.length || 'its'} tenants`;
}
