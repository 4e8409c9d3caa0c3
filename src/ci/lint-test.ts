/**
 * lint-test: the project's steps in order, each with its time, its problems (from its
 * output) and its failed tests (from its JUnit reports). The install runs first and the
 * others are skipped when it fails; every other step runs whatever happened before it, so
 * one push shows every problem. Every command line is checked before the first one runs.
 */
import { existsSync, globSync, readFileSync, statSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { extname, isAbsolute, join, relative, resolve } from 'node:path';
import type { CiConfig } from '../config/index.ts';
import { CutoverError } from '../errors.ts';
import {
  cachePlan,
  restoreDependencies,
  saveDecision,
  saveDependencies,
  type CacheRestore,
  type CacheService,
} from './cache.ts';
import { shellSyntaxIn } from './command-line.ts';
import { DETECTED_FILES, detectProject, type DetectedProject, type PlannedStep } from './detect.ts';
import { mergeJUnit, parseJUnit, type JUnitSummary } from './junit.ts';
import { problemsInOutput, type Problem } from './problems.ts';
import { argvOf, runStep, type StepRun } from './run-step.ts';

export type StepStatus = 'passed' | 'failed' | 'skipped';

export interface StepResult {
  name: string;
  command: string;
  required: boolean;
  status: StepStatus;
  /** Why it failed or was skipped, in a few words. */
  reason?: string;
  seconds: number;
  exitCode?: number | null;
  problems: Problem[];
  tests?: JUnitSummary;
  /** Reports that were named but are not JUnit XML. */
  reportErrors: string[];
  /** The last lines of its output, for the summary of a failed step. */
  tail: string[];
}

export interface LintTestResult {
  /** `ci.steps`, or what was detected and from which file. */
  source: { configured: true } | { configured: false; ecosystem: string; evidence: string };
  steps: StepResult[];
  cache: { restore: CacheRestore; save?: { saved: boolean; reason: string } };
  passed: boolean;
}

export interface LintTestOptions {
  /** The repository root: annotations are relative to it. */
  root: string;
  ci: CiConfig | undefined;
  cache: CacheService;
  /** Each output line of a running step. */
  onLine: (step: string, line: string) => void;
  onStep: (step: PlannedStep, phase: 'start' | 'end', result?: StepResult) => void;
  env?: NodeJS.ProcessEnv;
  signal?: AbortSignal;
}

const TAIL_LINES = 30;

export async function lintTest(opts: LintTestOptions): Promise<LintTestResult> {
  const projectDir = resolve(opts.root, opts.ci?.workingDirectory ?? '.');
  if (!existsSync(projectDir) || !statSync(projectDir).isDirectory())
    throw new CutoverError(
      'CONFIG_INVALID',
      `ci.workingDirectory: ${projectDir} is not a directory`,
      {
        hint: 'give the folder of the project, relative to the repository root',
      },
    );
  const reportsDir = await mkdtemp(join(tmpdir(), 'cutover-reports-'));
  try {
    const detected = detectProject(projectDir, reportsDir);
    const steps = plannedSteps(opts.ci, detected, projectDir);
    const plan = cachePlanOf(opts.ci, detected, projectDir);
    const restore =
      opts.ci?.cache.enabled === false
        ? ({ status: 'off', reason: 'ci.cache.enabled is false' } as const)
        : await restoreDependencies(opts.cache, plan);

    const results: StepResult[] = [];
    const installs = steps.filter((s) => s.install);
    for (const s of installs) results.push(await runOne(s, opts, projectDir));
    const installPassed = results.every((r) => r.status === 'passed');
    for (const s of steps.filter((x) => !x.install)) {
      if (!installPassed) {
        const skipped = skippedStep(s, 'the install failed');
        opts.onStep(s, 'end', skipped);
        results.push(skipped);
      } else results.push(await runOne(s, opts, projectDir));
    }

    const save =
      'off' in plan || restore.status === 'off'
        ? undefined
        : await saveDependencies(
            opts.cache,
            plan,
            saveDecision(restore, installPassed && installs.length > 0),
          );
    return {
      source: opts.ci?.steps
        ? { configured: true }
        : { configured: false, ecosystem: detected!.ecosystem, evidence: detected!.evidence },
      steps: results,
      cache: { restore, ...(save ? { save } : {}) },
      passed: results.every((r) => r.status !== 'failed' || !r.required),
    };
  } finally {
    await rm(reportsDir, { recursive: true, force: true });
  }
}

/** `ci.steps`, or the detected ones; every command line checked before anything runs. */
function plannedSteps(
  ci: CiConfig | undefined,
  detected: DetectedProject | undefined,
  dir: string,
): PlannedStep[] {
  const steps: PlannedStep[] | undefined = ci?.steps
    ? ci.steps.map((s) => ({
        name: s.name,
        run: s.run,
        shell: s.shell,
        workingDirectory: s.workingDirectory,
        env: s.env,
        required: s.required,
        install: s.install,
        reports: s.reports,
        timeoutMs: s.timeout,
      }))
    : detected?.steps;
  if (!steps)
    throw new CutoverError(
      'CI_NOTHING_TO_RUN',
      `lint-test: no \`ci.steps\` in the config and no project found in ${dir}`,
      {
        hint: `looked for ${DETECTED_FILES}; add \`ci.steps\` to cutover.yaml (e.g. \`- { name: test, run: make test }\`), or set \`ci.workingDirectory\` to the project's folder`,
      },
    );
  ci?.steps?.forEach((s, i) => {
    const field = `ci.steps[${i}].run`;
    const syntax = s.shell ? undefined : shellSyntaxIn(s.run);
    if (syntax)
      throw new CutoverError(
        'CONFIG_INVALID',
        `${field}: \`${syntax}\` only means something to a shell, and the step runs without one`,
        {
          hint: 'set `shell: bash` on the step, or split it into steps',
        },
      );
    argvOf(s); // an unclosed quote fails here, before any step ran
    const cwd = resolve(dir, s.workingDirectory ?? '.');
    if (!existsSync(cwd))
      throw new CutoverError(
        'CONFIG_INVALID',
        `ci.steps[${i}].workingDirectory: ${relative(dir, cwd)} does not exist`,
      );
  });
  return steps;
}

function cachePlanOf(ci: CiConfig | undefined, detected: DetectedProject | undefined, dir: string) {
  const paths = ci?.cache.paths ?? detected?.cache.paths;
  const keyFiles = ci?.cache.keyFiles ?? detected?.cache.keyFiles;
  if (!paths || !keyFiles)
    return { off: 'no package manager detected: set ci.cache.paths and ci.cache.keyFiles' };
  return cachePlan({ ecosystem: detected?.ecosystem ?? 'custom', paths, keyFiles, dir });
}

async function runOne(
  s: PlannedStep,
  opts: LintTestOptions,
  projectDir: string,
): Promise<StepResult> {
  opts.onStep(s, 'start');
  const cwd = resolve(projectDir, s.workingDirectory ?? '.');
  const run = await runStep(argvOf(s), {
    cwd,
    env: { ...(opts.env ?? process.env), ...s.env },
    timeoutMs: s.timeoutMs,
    onLine: (l) => opts.onLine(s.name, l),
    signal: opts.signal,
  });
  const result = judged(s, run, cwd, opts.root);
  opts.onStep(s, 'end', result);
  return result;
}

function judged(s: PlannedStep, run: StepRun, cwd: string, root: string): StepResult {
  const problems = problemsInOutput(run.output, { cwd, root });
  const { tests, errors } = readReports(s.reports ?? [], cwd, root, run.startedAt);
  const listed = s.failOnOutput && run.exitCode === 0 ? run.output.trim() : '';
  if (listed) problems.push(...listedFiles(listed, cwd, root, s.failOnOutput!));
  const reason =
    run.stopped === 'timeout'
      ? `timed out after ${Math.round(s.timeoutMs / 1000)} s`
      : run.stopped === 'cancelled'
        ? 'cancelled'
        : run.startError
          ? run.startError
          : run.exitCode !== 0
            ? `exit code ${run.exitCode}`
            : listed
              ? s.failOnOutput
              : errors.length
                ? 'a report is not JUnit XML'
                : undefined;
  return {
    name: s.name,
    command: s.run,
    required: s.required,
    status: reason ? 'failed' : 'passed',
    ...(reason ? { reason } : {}),
    seconds: run.seconds,
    exitCode: run.exitCode,
    problems,
    ...(tests ? { tests } : {}),
    reportErrors: errors,
    tail: run.output.trimEnd().split(/\r?\n/).slice(-TAIL_LINES),
  };
}

function skippedStep(s: PlannedStep, reason: string): StepResult {
  return {
    name: s.name,
    command: s.run,
    required: s.required,
    status: 'skipped',
    reason,
    seconds: 0,
    problems: [],
    reportErrors: [],
    tail: [],
  };
}

/** A step's JUnit reports (globs expanded); a missing one is no error, the step may have crashed. */
function readReports(
  patterns: string[],
  cwd: string,
  root: string,
  since: number,
): { tests?: JUnitSummary; errors: string[] } {
  const parts: JUnitSummary[] = [];
  const errors: string[] = [];
  for (const p of patterns) {
    const files = p.includes('*')
      ? globSync(p, { cwd }).map((f) => resolve(cwd, f))
      : [resolve(cwd, p)];
    // A report older than the step is an earlier run's (or another step's): not this one.
    const fresh = files.filter((x) => existsSync(x) && statSync(x).mtimeMs >= since - 1000);
    for (const f of fresh.sort()) {
      try {
        parts.push(parseJUnit(readFileSync(f, 'utf8'), isAbsolute(p) ? f : relative(cwd, f)));
      } catch (e) {
        errors.push((e as Error).message);
      }
    }
  }
  if (!parts.length) return { errors };
  const tests = mergeJUnit(parts);
  // Reports name files relative to where the runner ran, or absolute: annotations want
  // them relative to the repository root, and none outside it.
  tests.failed = tests.failed.map(({ file, ...t }) => {
    const found = file ? located(file, t.classname, cwd) : undefined;
    const inRepo = found ? relative(root, found) : undefined;
    return inRepo && !inRepo.startsWith('..') && !isAbsolute(inRepo) ? { ...t, file: inRepo } : t;
  });
  return { tests, errors };
}

/**
 * The file a report names, on disk: as written, or (Java and Kotlin stack frames give a bare
 * `CartTest.java`) the one the test's class name points at, like src/test/java/a/CartTest.java.
 */
function located(file: string, classname: string | undefined, cwd: string): string | undefined {
  const direct = resolve(cwd, file);
  if (existsSync(direct)) return direct;
  const ext = extname(file);
  if (!classname || !ext || file.includes('/')) return undefined;
  const path = `${classname.replace(/\$.*$/, '').replace(/\./g, '/')}${ext}`;
  const hits = globSync(`**/${path}`, {
    cwd,
    exclude: (f) => f === 'node_modules' || f === 'target' || f === 'build',
  });
  return hits.length ? resolve(cwd, hits.sort()[0]!) : undefined;
}

/** Output that is a list of files (gofmt -l): one problem per file. */
function listedFiles(output: string, cwd: string, root: string, why: string): Problem[] {
  return output
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean)
    .map((f) => ({
      file: relative(root, resolve(cwd, f)),
      severity: 'error' as const,
      message: why,
    }));
}
