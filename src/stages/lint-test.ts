import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { loadConfig, type CiConfig } from '../config/index.ts';
import { CutoverError } from '../errors.ts';
import { githubCache } from '../github/cache-service.ts';
import { lintTest, type LintTestResult } from '../ci/lint-test.ts';
import { lintTestAnnotations, lintTestReport, stepLine, stepsOutput } from '../ci/report.ts';
import type { lintTestInputs } from './inputs.ts';
import type { lintTestOutputs } from './output-specs.ts';
import type { StageRun } from './stage.ts';

export const run: StageRun<typeof lintTestInputs, typeof lintTestOutputs> = async (inputs, io) => {
  const ci = await ciSection(resolve(io.workspace, inputs.config), inputs['working-directory']);
  const result: LintTestResult = await io.verbatim(() =>
    lintTest({
      root: io.workspace,
      ci,
      cache: githubCache,
      onLine: (_, line) => io.progress(line),
      onStep: (s, phase, r) =>
        io.progress(phase === 'start' ? `▶ ${s.name}: ${s.run}` : stepLine(r!)),
    }),
  );
  for (const a of lintTestAnnotations(result)) io.annotate(a);
  io.setOutput('passed', result.passed);
  io.setOutput('steps', stepsOutput(result));
  io.setOutput(
    'failed-tests',
    result.steps.reduce((n, s) => n + (s.tests ? s.tests.failures + s.tests.errors : 0), 0),
  );
  io.report(...lintTestReport(result));
  const failure = failureOf(result);
  if (failure) throw failure;
};

/** The config's `ci` section when there is a config; without one, everything is detected. */
async function ciSection(path: string, workingDirectory: string | undefined) {
  const ci: CiConfig | undefined = existsSync(path)
    ? (await loadConfig(path)).config.ci
    : undefined;
  if (!workingDirectory) return ci;
  return { cache: { enabled: true }, ...ci, workingDirectory } as CiConfig;
}

function failureOf(r: LintTestResult): CutoverError | undefined {
  const invalid = r.steps.flatMap((s) => s.reportErrors);
  if (invalid.length)
    return new CutoverError('CI_REPORT_INVALID', invalid.join('; '), {
      hint: 'point `reports` at the JUnit XML files the test runner writes (e.g. jest-junit, pytest --junitxml)',
    });
  const failed = r.steps.filter((s) => s.status === 'failed' && s.required);
  if (!failed.length) return undefined;
  return new CutoverError(
    'CI_STEP_FAILED',
    `lint-test: ${failed.length} of ${r.steps.length} steps failed: ${failed.map((s) => `${s.name} (${s.reason})`).join(', ')}`,
    { hint: 'the annotations and the job summary show each problem at its file and line' },
  );
}
