import * as core from '@actions/core';
import { relative, isAbsolute } from 'node:path';
import { isCutoverError, formatDetail } from '../errors.ts';

/**
 * Turns any failure into what a GitHub user sees: one annotation per detail, placed at
 * the config file's line when there is one, and the step marked failed with the full text.
 */
export function reportFailure(e: unknown): void {
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
}
