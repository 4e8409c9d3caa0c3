/**
 * The GitHub REST API as the deployment stage uses it: an Octokit for the job's repository,
 * the run it is part of, and one place that turns GitHub's refusals into errors naming the
 * token and the permission to grant, so no caller has to know the status codes.
 */
import { getOctokit } from '@actions/github';
import { CutoverError } from '../errors.ts';

export type Octokit = ReturnType<typeof getOctokit>;

/** What the job's environment says about the run (read when called, so tests can set it). */
export interface RunContext {
  owner: string;
  repo: string;
  serverUrl: string;
  apiUrl: string;
  runId: string | undefined;
  runAttempt: string | undefined;
  job: string | undefined;
  /** The run's page: the log_url of every status, the link in the rollback issue. */
  runUrl: string | undefined;
  sha: string | undefined;
}

export function runContext(env: NodeJS.ProcessEnv = process.env): RunContext {
  const [owner, repo] = (env.GITHUB_REPOSITORY ?? '').split('/');
  if (!owner || !repo)
    throw new CutoverError('INPUT_MISSING', 'GITHUB_REPOSITORY is not set (owner/name)', {
      hint: 'the deployment stage records to GitHub, so it runs as a step of a GitHub Actions job',
    });
  const serverUrl = (env.GITHUB_SERVER_URL || 'https://github.com').replace(/\/$/, '');
  const runId = env.GITHUB_RUN_ID || undefined;
  return {
    owner,
    repo,
    serverUrl,
    apiUrl: (env.GITHUB_API_URL || 'https://api.github.com').replace(/\/$/, ''),
    runId,
    runAttempt: env.GITHUB_RUN_ATTEMPT || undefined,
    job: env.GITHUB_JOB || undefined,
    runUrl: runId ? `${serverUrl}/${owner}/${repo}/actions/runs/${runId}` : undefined,
    sha: env.GITHUB_SHA || undefined,
  };
}

/** The permission a request needs, as a job's `permissions:` block spells it. */
export type Permission = 'deployments: write' | 'issues: write';

export interface GitHubApi {
  readonly octokit: Octokit;
  readonly owner: string;
  readonly repo: string;
  /**
   * Runs one request; what GitHub refuses becomes an error saying what to grant or fix.
   * `notFound` names the input at fault when a 404 means a wrong id, not a hidden repository.
   */
  call<T>(
    doing: string,
    permission: Permission,
    request: () => Promise<{ data: T }>,
    notFound?: () => Error,
  ): Promise<T>;
}

export function connect(token: string, run: RunContext): GitHubApi {
  // baseUrl given here, not left to @actions/github, which reads GITHUB_API_URL once at import.
  const octokit = getOctokit(token, { baseUrl: run.apiUrl });
  const repository = `${run.owner}/${run.repo}`;
  return {
    octokit,
    owner: run.owner,
    repo: run.repo,
    async call(doing, permission, request, notFound) {
      try {
        return (await request()).data;
      } catch (e) {
        if (notFound && httpStatusOf(e) === 404) throw notFound();
        throw gitHubError(e, { doing, permission, repository, apiUrl: run.apiUrl });
      }
    },
  };
}

interface HttpError {
  status: number;
  message: string;
  response?: { data?: unknown; headers?: Record<string, string | number | undefined> };
}

export function httpStatusOf(e: unknown): number | undefined {
  return typeof e === 'object' && e !== null && typeof (e as HttpError).status === 'number'
    ? (e as HttpError).status
    : undefined;
}

const PERMISSIONS_HINT =
  'cutover needs `deployments: write` to record deployments and `issues: write` for the rollback issue';

/** One request's failure, in the words of what the user has to change. */
export function gitHubError(
  e: unknown,
  o: { doing: string; permission: Permission; repository: string; apiUrl: string },
): Error {
  const status = httpStatusOf(e);
  if (status === undefined) return e instanceof Error ? e : new Error(String(e));
  const err = e as HttpError;
  const said = apiMessage(err);
  const tokenError = (message: string, hint: string) =>
    new CutoverError('INPUT_INVALID', message, {
      hint,
      httpStatus: status,
      cause: e,
    });
  if (status === 401)
    return tokenError(
      `input \`token\`: GitHub refused the token while ${o.doing} (401 ${said})`,
      'pass `token: ${{ github.token }}`, or a token that has not expired or been revoked',
    );
  if (status === 403 && rateLimited(err))
    return new Error(
      `GitHub's API rate limit was reached while ${o.doing} (403 ${said}); re-run the job after the limit resets`,
    );
  if (status === 403)
    return tokenError(
      `input \`token\`: GitHub refused it while ${o.doing} in ${o.repository} (403 ${said}): the token needs \`${o.permission}\``,
      `give the job \`permissions: { ${o.permission} }\`, or pass a token that has it (${PERMISSIONS_HINT})`,
    );
  if (status === 404)
    return tokenError(
      `GitHub answered 404 while ${o.doing}: ${o.repository} does not exist, or the token cannot see it`,
      `pass a token of ${o.repository} (\`token: \${{ github.token }}\`); ${PERMISSIONS_HINT}`,
    );
  if (status === 422)
    return new CutoverError(
      'INPUT_INVALID',
      `GitHub refused the request while ${o.doing} (422 ${said}${validationErrors(err)})`,
      {
        hint: '`ref` must name a commit, branch or tag pushed to the repository, and `environment` a valid environment name',
        httpStatus: status,
        cause: e,
      },
    );
  if (status >= 500 && !err.response)
    return new Error(
      `GitHub's API at ${o.apiUrl} could not be reached while ${o.doing}: ${err.message}; re-run the job (each state is safe to repeat)`,
      { cause: e },
    );
  return new Error(
    `GitHub's API failed while ${o.doing} (${status} ${said}); re-run the job (each state is safe to repeat)`,
    { cause: e },
  );
}

function apiMessage(e: HttpError): string {
  const data = e.response?.data;
  if (
    data &&
    typeof data === 'object' &&
    typeof (data as { message?: unknown }).message === 'string'
  )
    return (data as { message: string }).message;
  return e.message;
}

function validationErrors(e: HttpError): string {
  const errors = (e.response?.data as { errors?: unknown } | undefined)?.errors;
  if (!Array.isArray(errors) || errors.length === 0) return '';
  const parts = errors.map((x) =>
    typeof x === 'string'
      ? x
      : [x?.field, x?.code, x?.message].filter((p) => typeof p === 'string').join(' '),
  );
  return `: ${parts.join('; ')}`;
}

function rateLimited(e: HttpError): boolean {
  const remaining = e.response?.headers?.['x-ratelimit-remaining'];
  return String(remaining) === '0' || /rate limit/i.test(apiMessage(e));
}
