import * as core from '@actions/core';
import { relative, isAbsolute } from 'node:path';
import { type CutoverError, formatDetail, isCutoverError } from '../errors.ts';

/**
 * Turns any failure into what a GitHub user sees: one annotation per detail, placed at
 * the config file's line when there is one, and the step marked failed with the full text.
 */
export async function reportFailure(e: unknown): Promise<void> {
  if (!isCutoverError(e)) {
    core.setFailed(e instanceof Error ? e.message : String(e));
    return;
  }
  const workspace = process.env.GITHUB_WORKSPACE ?? process.cwd();
  for (const d of e.details) {
    if (!d.location) continue;
    const file = isAbsolute(d.location.file)
      ? relative(workspace, d.location.file)
      : d.location.file;
    core.error(formatDetail({ ...d, location: undefined }), {
      title: `cutover ${e.code}`,
      file,
      startLine: d.location.line,
      startColumn: d.location.column,
    });
  }
  core.setFailed(e.format());
  await writeFailureSummary(e);
}

/** The failure in the job summary too, where people look first, with each detail's place. */
async function writeFailureSummary(e: CutoverError): Promise<void> {
  if (!process.env.GITHUB_STEP_SUMMARY) return;
  const summary = core.summary.addHeading(`cutover failed: ${e.code}`, 3).addRaw(e.message, true);
  if (e.details.length > 0) summary.addList(e.details.map((d) => escapeHtml(formatDetail(d))));
  if (e.hint) summary.addRaw(`Hint: ${escapeHtml(e.hint)}`, true);
  await summary.write();
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
