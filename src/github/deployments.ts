/**
 * GitHub Deployments for cutover's releases: one deployment per release of an environment,
 * its statuses as the release goes (in_progress, then success or failure), and, after a
 * rollback, the replaced release marked inactive and a deployment recording the release
 * restored, so the environment's page shows what really serves users.
 *
 * Inactive statuses are written here rather than left to `auto_inactive`: GitHub applies that
 * to non-production environments only, and every status written here says why. Each state is
 * safe to repeat: a re-run of the job finds the deployment its run made and reuses it.
 */
import type { GitHubApi, RunContext } from './api.ts';
import { CutoverError } from '../errors.ts';

/** Our deployments' task: listed apart from the ones Actions jobs with `environment:` make. */
export const DEPLOYMENT_TASK = 'deploy:cutover';
const NEEDS = 'deployments: write';
/** GitHub cuts a status description at 140 characters; we cut it first, on our terms. */
const DESCRIPTION_MAX = 140;
/** How many of our deployments of an environment are read back (newest first). */
const LISTED = 30;
/** How many of them may have their statuses read to find the one still active. */
const STATUS_READS = 10;

export interface TenantRelease {
  tenant: string;
  ring?: string | undefined;
  namespace?: string | undefined;
  status?: string | undefined;
  /** The version the tenant runs after this step (for a rollback: the version restored). */
  version?: string | undefined;
  /** For a rollback: the version it replaced. */
  from?: string | undefined;
}

/** The deployment's payload: what was released, where, and by which run. */
export interface ReleasePayload {
  tool: 'cutover';
  kind: 'release' | 'restore';
  app: string;
  version?: string | undefined;
  image?: string | undefined;
  tenants: TenantRelease[];
  run: {
    id?: string | undefined;
    attempt?: string | undefined;
    job?: string | undefined;
    url?: string | undefined;
  };
  /** For a restore: the deployment it replaced, and why. */
  replaces?: number | undefined;
  reason?: string | undefined;
}

export interface Deployment {
  id: number;
  sha: string;
  ref: string;
  environment: string;
  production_environment?: boolean;
  payload: unknown;
}

export type StatusState = 'in_progress' | 'success' | 'failure' | 'inactive';

export interface Recorder {
  gh: GitHubApi;
  run: RunContext;
  environmentUrl?: string | undefined;
}

export interface StartOptions {
  environment: string;
  ref: string;
  production?: boolean | undefined;
  description: string;
  payload: ReleasePayload;
}

/** Opens the release's deployment, in progress; a re-run of the same job reuses it. */
export async function startDeployment(
  r: Recorder,
  o: StartOptions,
): Promise<{ deployment: Deployment; reused: boolean }> {
  const ours = await listDeployments(r, o.environment);
  const again = ours.find((d) => sameRun(d.payload, o.payload));
  const deployment = again ?? (await createDeployment(r, o));
  // auto_inactive off: the release serving users stays active until this one succeeds.
  await setStatus(r, deployment.id, 'in_progress', o.description);
  return { deployment, reused: again !== undefined };
}

/** Closes a started deployment; on success the release it replaces becomes inactive. */
export async function finishDeployment(
  r: Recorder,
  id: number,
  o: { state: 'success' | 'failure'; description: string; environment?: string | undefined },
): Promise<{ deployment: Deployment; superseded: number | undefined }> {
  const deployment = await getDeployment(r, id, o.environment);
  await setStatus(r, id, o.state, o.description);
  if (o.state === 'failure') return { deployment, superseded: undefined };
  const states = stateReader(r);
  const ours = await listDeployments(r, deployment.environment);
  const superseded = await inactivateActive(r, ours, states, id, [id]);
  return { deployment, superseded };
}

export interface RollbackOptions {
  environment: string;
  /** The deployment of the release rolled back (a start's output); default: the active one. */
  replacedId?: number | undefined;
  /** The commit to record when no earlier deployment of the restored version is found. */
  fallbackRef: string;
  restoredVersion: string | undefined;
  production?: boolean | undefined;
  description: string;
  payload: ReleasePayload;
}

export interface RollbackRecord {
  restored: Deployment;
  replaced: Deployment | undefined;
  /** Where the restored deployment's commit came from. */
  refFrom: 'earlier-deployment' | 'input';
  /** Another deployment of ours that was still active, now inactive. */
  superseded: number | undefined;
}

/**
 * After a rollback: a deployment for the release restored (at the commit of its own earlier
 * deployment when there is one), then the replaced release marked inactive with the reason.
 */
export async function recordRollback(r: Recorder, o: RollbackOptions): Promise<RollbackRecord> {
  const states = stateReader(r);
  const ours = await listDeployments(r, o.environment);
  const given = o.replacedId;
  const replaced =
    given === undefined
      ? await firstActive(ours, states, [])
      : (ours.find((d) => d.id === given) ?? (await getDeployment(r, given, o.environment)));
  const earlier = ours.find(
    (d) =>
      d.id !== replaced?.id &&
      (replaced === undefined || d.id < replaced.id) &&
      o.restoredVersion !== undefined &&
      releases(d.payload, o.restoredVersion),
  );
  const again = ours.find((d) => sameRun(d.payload, o.payload));
  const restored =
    again ??
    (await createDeployment(r, {
      environment: o.environment,
      ref: earlier?.sha ?? o.fallbackRef,
      production: o.production,
      description: o.description,
      payload: { ...o.payload, replaces: replaced?.id },
    }));
  if (!again || (await states(again.id)) !== 'success')
    await setStatus(r, restored.id, 'success', o.description);
  if (replaced && (await states(replaced.id)) !== 'inactive')
    await setStatus(r, replaced.id, 'inactive', clip(`rolled back: ${o.payload.reason ?? ''}`));
  // When the replaced release was not the active one (it never got past in_progress), the
  // release that was active before it is what the restored record now stands for.
  const superseded =
    given === undefined
      ? undefined
      : await inactivateActive(r, ours, states, restored.id, [restored.id, given]);
  return {
    restored,
    replaced,
    refFrom: earlier && restored.sha === earlier.sha ? 'earlier-deployment' : 'input',
    superseded,
  };
}

async function createDeployment(r: Recorder, o: StartOptions): Promise<Deployment> {
  const { gh } = r;
  const created = await gh.call<Deployment | { message?: string }>(
    `creating a deployment to ${o.environment}`,
    NEEDS,
    () =>
      gh.octokit.rest.repos.createDeployment({
        owner: gh.owner,
        repo: gh.repo,
        ref: o.ref,
        task: DEPLOYMENT_TASK,
        // The release is what it is: no merge of the default branch, no wait on commit statuses.
        auto_merge: false,
        required_contexts: [],
        environment: o.environment,
        ...(o.production === undefined ? {} : { production_environment: o.production }),
        transient_environment: false,
        description: clip(o.description),
        payload: o.payload as unknown as Record<string, unknown>,
      }),
  );
  // 202 is GitHub's "merged the default branch instead", which auto_merge: false rules out.
  if (!('id' in created))
    throw new Error(`GitHub created no deployment to ${o.environment}: ${created.message ?? ''}`);
  return created as Deployment;
}

export async function setStatus(
  r: Recorder,
  id: number,
  state: StatusState,
  description: string,
): Promise<void> {
  const { gh, run } = r;
  await gh.call(`setting deployment ${id} ${state}`, NEEDS, () =>
    gh.octokit.rest.repos.createDeploymentStatus({
      owner: gh.owner,
      repo: gh.repo,
      deployment_id: id,
      state,
      description: clip(description),
      ...(run.runUrl ? { log_url: run.runUrl } : {}),
      ...(r.environmentUrl && state !== 'inactive' ? { environment_url: r.environmentUrl } : {}),
      auto_inactive: false,
    }),
  );
}

async function getDeployment(
  r: Recorder,
  id: number,
  environment: string | undefined,
): Promise<Deployment> {
  const { gh } = r;
  const d = (await gh.call(
    `reading deployment ${id}`,
    NEEDS,
    () =>
      gh.octokit.rest.repos.getDeployment({ owner: gh.owner, repo: gh.repo, deployment_id: id }),
    () =>
      new CutoverError(
        'INPUT_INVALID',
        `input \`deployment-id\`: ${id} is not a deployment of ${gh.owner}/${gh.repo}`,
        { hint: 'pass the `deployment-id` output of the step with `state: start`' },
      ),
  )) as Deployment;
  if (environment && d.environment !== environment)
    throw new CutoverError(
      'INPUT_INVALID',
      `input \`deployment-id\`: ${id} is a deployment to \`${d.environment}\`, not \`${environment}\``,
      { hint: 'pass the deployment-id of the same environment, or leave `environment` out' },
    );
  return d;
}

async function listDeployments(r: Recorder, environment: string): Promise<Deployment[]> {
  const { gh } = r;
  const list = await gh.call(`listing the deployments of ${environment}`, NEEDS, () =>
    gh.octokit.rest.repos.listDeployments({
      owner: gh.owner,
      repo: gh.repo,
      environment,
      task: DEPLOYMENT_TASK,
      per_page: LISTED,
    }),
  );
  return (list as Deployment[]).toSorted((a, b) => b.id - a.id);
}

/** Each deployment's latest status state, read once per run of the stage. */
function stateReader(r: Recorder): (id: number) => Promise<string | undefined> {
  const { gh } = r;
  const seen = new Map<number, Promise<string | undefined>>();
  return (id) => {
    let state = seen.get(id);
    if (!state) {
      state = gh
        .call(`reading the statuses of deployment ${id}`, NEEDS, () =>
          gh.octokit.rest.repos.listDeploymentStatuses({
            owner: gh.owner,
            repo: gh.repo,
            deployment_id: id,
            per_page: 1,
          }),
        )
        .then((statuses) => statuses[0]?.state);
      seen.set(id, state);
    }
    return state;
  };
}

/**
 * The newest of our deployments (older than `before` when given) whose latest status is
 * success. One is active at a time, so the walk stops at the first, and reads few statuses.
 */
async function firstActive(
  ours: Deployment[],
  states: (id: number) => Promise<string | undefined>,
  exclude: number[],
  before = Infinity,
): Promise<Deployment | undefined> {
  const candidates = ours.filter((d) => d.id < before && !exclude.includes(d.id));
  for (const d of candidates.slice(0, STATUS_READS)) {
    if ((await states(d.id)) === 'success') return d;
  }
  return undefined;
}

async function inactivateActive(
  r: Recorder,
  ours: Deployment[],
  states: (id: number) => Promise<string | undefined>,
  current: number,
  exclude: number[],
): Promise<number | undefined> {
  const active = await firstActive(ours, states, exclude, current);
  if (!active) return undefined;
  await setStatus(r, active.id, 'inactive', `superseded by deployment ${current}`);
  return active.id;
}

function payloadOf(p: unknown): Partial<ReleasePayload> {
  if (typeof p === 'string') {
    try {
      return payloadOf(JSON.parse(p));
    } catch {
      return {};
    }
  }
  return p && typeof p === 'object' ? (p as Partial<ReleasePayload>) : {};
}

/**
 * The same run, job, kind and tenants: a re-run of the job (same run id, next attempt). Two
 * jobs of one run (staging, then production; or one per ring) never share a deployment.
 */
function sameRun(existing: unknown, ours: ReleasePayload): boolean {
  const p = payloadOf(existing);
  if (p.tool !== 'cutover' || !ours.run.id) return false;
  const tenants = (x: Partial<ReleasePayload>) =>
    (x.tenants ?? [])
      .map((t) => t.tenant)
      .toSorted()
      .join(',');
  return (
    p.kind === ours.kind &&
    p.run?.id === ours.run.id &&
    p.run?.job === ours.run.job &&
    tenants(p) === tenants(ours)
  );
}

/** Whether a deployment of ours released `version` (to all its tenants, or as its image). */
function releases(payload: unknown, version: string): boolean {
  const p = payloadOf(payload);
  if (p.tool !== 'cutover') return false;
  const versions = (p.tenants ?? []).map((t) => t.version).filter(Boolean);
  return versions.length > 0 ? versions.every((v) => v === version) : p.version === version;
}

export function clip(text: string, max = DESCRIPTION_MAX): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
