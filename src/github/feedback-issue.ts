/**
 * The feedback issue after a rollback: one open issue per app and environment, so a bad
 * release that keeps coming back reads as one story. The first rollback opens it; later ones
 * comment on it and retitle it with the latest version rolled back. Someone closes it when the
 * cause is fixed, and the next rollback opens a new one.
 */
import type { GitHubApi } from './api.ts';
import {
  commentBody,
  issueBody,
  issueMarker,
  issueTitle,
  runMarker,
  type RollbackReport,
} from './rollback-markdown.ts';

export const DEFAULT_ISSUE_LABEL = 'cutover-rollback';
const NEEDS = 'issues: write';

export interface FeedbackIssue {
  number: number;
  url: string;
  /** `unchanged`: this run had already written it (a re-run of the job). */
  action: 'opened' | 'updated' | 'unchanged';
}

interface Issue {
  number: number;
  html_url: string;
  title: string;
  body?: string | null;
  pull_request?: unknown;
}

export async function openOrUpdateIssue(
  gh: GitHubApi,
  report: RollbackReport,
  label = DEFAULT_ISSUE_LABEL,
): Promise<FeedbackIssue> {
  const existing = await findOpenIssue(gh, report, label);
  if (!existing) {
    const created = await gh.call<Issue>('opening the rollback issue', NEEDS, () =>
      gh.octokit.rest.issues.create({
        owner: gh.owner,
        repo: gh.repo,
        title: issueTitle(report),
        body: issueBody(report),
        // GitHub creates a label it does not know yet, so nothing has to be set up first.
        labels: [label],
      }),
    );
    return { number: created.number, url: created.html_url, action: 'opened' };
  }
  const result = { number: existing.number, url: existing.html_url };
  if (await alreadyWritten(gh, existing, report.runId)) return { ...result, action: 'unchanged' };
  await gh.call('commenting on the rollback issue', NEEDS, () =>
    gh.octokit.rest.issues.createComment({
      owner: gh.owner,
      repo: gh.repo,
      issue_number: existing.number,
      body: commentBody(report),
    }),
  );
  const title = issueTitle(report);
  if (existing.title !== title)
    await gh.call('retitling the rollback issue', NEEDS, () =>
      gh.octokit.rest.issues.update({
        owner: gh.owner,
        repo: gh.repo,
        issue_number: existing.number,
        title,
      }),
    );
  return { ...result, action: 'updated' };
}

/** The open issue this app and environment already have, found by label and marker. */
async function findOpenIssue(
  gh: GitHubApi,
  report: RollbackReport,
  label: string,
): Promise<Issue | undefined> {
  const marker = issueMarker(report.app, report.environment);
  const open = await gh.call<Issue[]>('listing the open rollback issues', NEEDS, () =>
    gh.octokit.rest.issues.listForRepo({
      owner: gh.owner,
      repo: gh.repo,
      state: 'open',
      labels: label,
      sort: 'created',
      direction: 'desc',
      per_page: 100,
    }),
  );
  // The issues list holds pull requests too; only an issue carries our marker anyway.
  return open.find((i) => !i.pull_request && (i.body ?? '').includes(marker));
}

async function alreadyWritten(
  gh: GitHubApi,
  issue: Issue,
  runId: string | undefined,
): Promise<boolean> {
  const marker = runMarker(runId);
  if (!marker) return false;
  if ((issue.body ?? '').includes(marker)) return true;
  // Paged through: an issue that keeps coming back can have more than one page of comments.
  const comments = await gh.call<{ body?: string }[]>(
    'reading the rollback issue comments',
    NEEDS,
    async () => ({
      data: await gh.octokit.paginate(gh.octokit.rest.issues.listComments, {
        owner: gh.owner,
        repo: gh.repo,
        issue_number: issue.number,
        per_page: 100,
      }),
    }),
  );
  return comments.some((c) => (c.body ?? '').includes(marker));
}
