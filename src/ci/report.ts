/**
 * What lint-test tells: one line per step as it ends, annotations at the file and line of
 * each problem and failed test, and the summary (steps with their times, the failing tests,
 * the end of each failed step's output).
 */
import type { Annotation, ReportBlock } from '../stages/io.ts';
import { details, heading, table, text } from '../stages/io.ts';
import type { CacheRestore } from './cache.ts';
import type { LintTestResult, StepResult } from './lint-test.ts';

/** GitHub shows 10 annotations of a kind per step and 50 per job; more only hide the rest. */
const ANNOTATIONS_PER_STEP = 50;
const FAILED_TESTS_SHOWN = 50;

const mark = { passed: '✓', failed: '✗', skipped: '–' } as const;

export function stepLine(r: StepResult): string {
  const why = r.reason ? ` (${r.reason})` : '';
  const optional = r.status === 'failed' && !r.required ? ' [optional]' : '';
  return `${mark[r.status]} ${r.name}: ${r.status}${why}${optional} in ${seconds(r.seconds)}`;
}

const seconds = (s: number) => `${s.toFixed(1)} s`;

export function stepsOutput(r: LintTestResult) {
  return r.steps.map((s) => ({
    name: s.name,
    command: s.command,
    status: s.status,
    required: s.required,
    ...(s.reason ? { reason: s.reason } : {}),
    seconds: Number(s.seconds.toFixed(2)),
    problems: s.problems.length,
    ...(s.tests
      ? {
          tests: {
            tests: s.tests.tests,
            failures: s.tests.failures,
            errors: s.tests.errors,
            skipped: s.tests.skipped,
          },
        }
      : {}),
  }));
}

export function lintTestAnnotations(r: LintTestResult): Annotation[] {
  return r.steps.flatMap((s) => {
    const level = s.required ? 'error' : 'warning';
    const problems: Annotation[] = s.problems.map((p) => ({
      level: p.severity === 'error' ? level : p.severity,
      message: p.message,
      title: `${s.name}${p.code ? `: ${p.code}` : ''}`,
      location: {
        file: p.file,
        ...(p.line ? { line: p.line } : {}),
        ...(p.column ? { column: p.column } : {}),
        ...(p.endLine ? { endLine: p.endLine } : {}),
        ...(p.endColumn ? { endColumn: p.endColumn } : {}),
      },
    }));
    const tests: Annotation[] = (s.tests?.failed ?? []).map((t) => ({
      level,
      message: t.message || t.kind,
      title: `${s.name}: ${t.suite ? `${t.suite} › ` : ''}${t.name}`,
      ...(t.file ? { location: { file: t.file, ...(t.line ? { line: t.line } : {}) } } : {}),
    }));
    return [...problems, ...tests].slice(0, ANNOTATIONS_PER_STEP);
  });
}

export function lintTestReport(r: LintTestResult): ReportBlock[] {
  const blocks: ReportBlock[] = [
    heading(`cutover lint-test: ${r.passed ? 'passed' : 'failed'}`),
    text(
      `${r.source.configured ? 'Steps from `ci.steps`' : `Steps detected: ${r.source.ecosystem} (\`${r.source.evidence}\`)`}; dependency cache: ${cacheLine(r.cache)}.`,
    ),
    table(
      ['step', 'status', 'time', 'problems', 'tests'],
      r.steps.map((s) => [
        s.name,
        `${mark[s.status]} ${s.status}${s.reason ? ` (${s.reason})` : ''}${s.required ? '' : ' (optional)'}`,
        seconds(s.seconds),
        String(s.problems.length),
        s.tests
          ? `${s.tests.tests - s.tests.failures - s.tests.errors - s.tests.skipped} passed, ${s.tests.failures + s.tests.errors} failed, ${s.tests.skipped} skipped`
          : '',
      ]),
    ),
  ];
  const failedTests = r.steps.flatMap((s) =>
    (s.tests?.failed ?? []).map((t) => ({ step: s.name, t })),
  );
  if (failedTests.length)
    blocks.push(
      table(
        ['step', 'failed test', 'where', 'message'],
        failedTests
          .slice(0, FAILED_TESTS_SHOWN)
          .map(({ step, t }) => [
            step,
            `${t.suite ? `${t.suite} › ` : ''}${t.name}`,
            t.file ? `${t.file}${t.line ? `:${t.line}` : ''}` : '',
            firstLine(t.message),
          ]),
      ),
    );
  for (const s of r.steps.filter((x) => x.status === 'failed' && x.tail.length))
    blocks.push(details(`${s.name}: the last lines of its output`, s.tail));
  return blocks;
}

const firstLine = (s: string) => (s.split('\n')[0] ?? '').slice(0, 200);

function cacheLine(c: LintTestResult['cache']): string {
  const restored = restoreLine(c.restore);
  return c.save ? `${restored}; ${c.save.reason}` : restored;
}

function restoreLine(r: CacheRestore): string {
  switch (r.status) {
    case 'off':
      return `off (${r.reason})`;
    case 'miss':
      return `miss for \`${r.key}\``;
    case 'hit':
      return `hit \`${r.key}\``;
    case 'partial':
      return `restored \`${r.matchedKey}\` (an older lockfile) for \`${r.key}\``;
    case 'error':
      return `could not restore \`${r.key}\`: ${r.reason}`;
  }
}
