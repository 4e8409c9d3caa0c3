/**
 * JUnit XML test reports, as pytest, jest-junit, vitest, node --test, Maven Surefire and
 * go-junit-report write them: the counts, and each failed test with where it failed, so the
 * stage can annotate the test's file at that line. Counts come from the testcase elements:
 * the suites' own attributes are not always right (or there).
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { fileURLToPath } from 'node:url';
import { CutoverError } from '../errors.ts';

export interface FailedTest {
  suite: string;
  name: string;
  classname?: string;
  file?: string;
  line?: number;
  message: string;
  details?: string;
  seconds?: number;
  kind: 'failure' | 'error';
}

export interface JUnitSummary {
  tests: number;
  failures: number;
  errors: number;
  skipped: number;
  seconds?: number;
  failed: FailedTest[];
}

/** An element as fast-xml-parser gives it: attributes under `@name`, text under `#text`. */
type XmlNode = { [name: string]: unknown };

const LISTS = new Set(['testsuite', 'testcase', 'failure', 'error', 'skipped']);

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@', // node's reporter writes a `failure` attribute beside <failure>
  parseAttributeValue: false,
  parseTagValue: false,
  htmlEntities: true, // `&#10;` in pytest's and node's message attributes
  trimValues: false, // go's indented messages: the message drops the common indentation
  isArray: (name) => LISTS.has(name),
});

const HINT =
  'Point the report input at the JUnit XML file the test runner writes (pytest --junitxml, ' +
  'jest-junit, vitest --reporter=junit, node --test-reporter=junit, Surefire, go-junit-report), ' +
  'and check the runner finished writing it.';

/**
 * source: the report's path, for errors. Throws CutoverError('CI_REPORT_INVALID',
 * `<source>: not a JUnit XML report: <why, with the line>`, { hint }) when the XML does not
 * parse or has no <testsuites>/<testsuite> root.
 */
export function parseJUnit(xml: string, source: string): JUnitSummary {
  const invalid = (why: string) =>
    new CutoverError('CI_REPORT_INVALID', `${source}: not a JUnit XML report: ${why}`, {
      hint: HINT,
    });
  if (xml.trim() === '') throw invalid('the file is empty');
  const valid = XMLValidator.validate(xml);
  if (valid !== true) throw invalid(`line ${valid.err.line}: ${valid.err.msg}`);

  const doc = parser.parse(xml) as XmlNode;
  const names = Object.keys(doc).filter((k) => !k.startsWith('?') && !k.startsWith('!'));
  const roots = names.flatMap((name) => list(doc[name]).map((node) => ({ name, node })));
  if (roots.length !== 1) throw invalid(`${roots.length} root elements, not one`);
  const { name: root, node: top } = roots[0]!;
  const summary: JUnitSummary = { tests: 0, failures: 0, errors: 0, skipped: 0, failed: [] };
  if (root === 'testsuites') {
    const context = { suite: '', pytest: /^pytest\b/.test(attr(top, 'name') ?? '') };
    readSuite(top, context, summary);
    summary.seconds = seconds(attr(top, 'time')) ?? sumOfSuites(top);
  } else if (root === 'testsuite') {
    readSuite(top, { suite: '', pytest: false }, summary, true);
    summary.seconds = seconds(attr(top, 'time'));
  } else {
    throw invalid(`the root element is <${root}>, not <testsuites> or <testsuite>`);
  }
  return summary;
}

export function mergeJUnit(parts: JUnitSummary[]): JUnitSummary {
  const times = parts.map((p) => p.seconds).filter((s): s is number => s !== undefined);
  return {
    tests: sum(parts.map((p) => p.tests)),
    failures: sum(parts.map((p) => p.failures)),
    errors: sum(parts.map((p) => p.errors)),
    skipped: sum(parts.map((p) => p.skipped)),
    ...(times.length > 0 ? { seconds: round(sum(times)) } : {}),
    failed: parts.flatMap((p) => p.failed),
  };
}

interface SuiteContext {
  /** The enclosing suites' names, outermost first, joined by ` > `. */
  suite: string;
  /** pytest writes 0-based `line` attributes. */
  pytest: boolean;
  file?: string;
}

/**
 * A suite's test cases and nested suites, into the summary. `self`: the element is a
 * <testsuite> (its name joins the path); <testsuites> is only a container.
 */
function readSuite(node: XmlNode, outer: SuiteContext, into: JUnitSummary, self = false): void {
  let context = outer;
  if (self) {
    const name = attr(node, 'name') ?? '';
    const file = attr(node, 'file') ?? outer.file;
    context = {
      suite: [outer.suite, name].filter(Boolean).join(' > '),
      pytest: outer.pytest || name === 'pytest',
      ...(file !== undefined ? { file } : {}),
    };
  }
  for (const tc of list(node.testcase)) readCase(tc, context, into);
  for (const inner of list(node.testsuite)) readSuite(inner, context, into, true);
  // A suite that failed as a whole (before or after its tests) with its own <failure>/<error>:
  // counted as one failure or error, though no testcase names it.
  const problem = self ? (list(node.failure)[0] ?? list(node.error)[0]) : undefined;
  if (problem) {
    const kind = list(node.failure)[0] ? 'failure' : 'error';
    into[kind === 'failure' ? 'failures' : 'errors'] += 1;
    into.failed.push(failedTest(node, problem, kind, context));
  }
}

/** One <testcase>: counted, and when it failed, a FailedTest. */
function readCase(tc: XmlNode, context: SuiteContext, into: JUnitSummary): void {
  into.tests += 1;
  const failure = list(tc.failure)[0];
  const error = list(tc.error)[0];
  if (failure) {
    into.failures += 1;
    into.failed.push(failedTest(tc, failure, 'failure', context));
  } else if (error) {
    into.errors += 1;
    into.failed.push(failedTest(tc, error, 'error', context));
  } else if (tc.skipped !== undefined) {
    into.skipped += 1;
  }
}

function failedTest(
  tc: XmlNode,
  problem: XmlNode,
  kind: FailedTest['kind'],
  context: SuiteContext,
): FailedTest {
  const raw = text(problem['#text']) ?? '';
  const body = raw.trim() || undefined;
  const classname = attr(tc, 'classname');
  const written = attr(tc, 'file') ?? context.file;
  const where = location(raw, written, classname);
  const attrLine = Number(attr(tc, 'line'));
  const line =
    where?.line ?? (Number.isInteger(attrLine) ? attrLine + (context.pytest ? 1 : 0) : undefined);
  const file = written ?? where?.file;
  const time = seconds(attr(tc, 'time'));
  return {
    suite: context.suite,
    name: attr(tc, 'name') ?? '',
    ...(classname !== undefined ? { classname } : {}),
    ...(file !== undefined ? { file } : {}),
    ...(line !== undefined && line > 0 ? { line } : {}),
    message: messageOf(attr(problem, 'message'), raw, kind),
    ...(body ? { details: body } : {}),
    ...(time !== undefined ? { seconds: time } : {}),
    kind,
  };
}

/**
 * The message: the message attribute, unless it is empty or says no more than "Failed"
 * (go-junit-report); then the text before the stack trace (jest-junit writes no attribute).
 */
function messageOf(attribute: string | undefined, body: string, kind: string): string {
  const said = attribute?.trim();
  if (said && !/^(failed|failure|error|true)$/i.test(said)) return said;
  const lines = body.split('\n');
  const frame = lines.findIndex((l) => STACK_FRAME.test(l));
  const lead = dedent(frame < 0 ? lines : lines.slice(0, frame));
  return lead || said || kind;
}

const STACK_FRAME = /^\s*at\s/;

/** Lines without their common indentation (go's `    calc_test.go:7: msg`), trimmed. */
function dedent(lines: string[]): string {
  const indents = lines.filter((l) => l.trim()).map((l) => /^\s*/.exec(l)![0].length);
  const cut = indents.length > 0 ? Math.min(...indents) : 0;
  return lines
    .map((l) => l.slice(cut))
    .join('\n')
    .trim();
}

/** A place in a failure's text: a stack frame, a traceback line. */
interface Place {
  file: string;
  line: number;
}

/**
 * Where the test failed, from its failure text. With the test's file known (an attribute), the
 * first place in that file; without, the first place in a file that looks like a test (the
 * classname's path first: pytest's `tests.test_x` is tests/test_x.py), else the first place.
 */
function location(
  body: string,
  file: string | undefined,
  classname: string | undefined,
): Place | undefined {
  const places = placesIn(body);
  if (file !== undefined) return places.find((p) => samePath(p.file, file));
  const classPath = classname?.replace(/\./g, '/');
  return (
    (classPath
      ? places.find((p) => p.file.replace(/\.\w+$/, '').endsWith(classPath))
      : undefined) ??
    places.find((p) => looksLikeTest(p.file)) ??
    places[0]
  );
}

// `at fn (/abs/x.test.js:12:5)`, `at /abs/x.js:3:1`, `at pkg.CartTest.totals(CartTest.java:14)`,
// a line that starts with the place (pytest `tests/test_x.py:8: AssertionError`, go
// `    calc_test.go:7: msg`, vitest ` ❯ src/x.test.ts:5:19`), python `File "x.py", line 7`.
const PLACES = [
  /\(((?:file:\/\/)?[^\s()]+\.[A-Za-z]\w*):(\d+)(?::\d+)?\)/,
  /\bat ((?:file:\/\/)?[^\s()]+\.[A-Za-z]\w*):(\d+):\d+$/,
  /^\s*(?:❯\s*)?([^\s:()]+\.[A-Za-z]\w*):(\d+)(?::\d+)?(?::|$|\s)/,
  /^\s*File "([^"]+)", line (\d+)/,
];

function placesIn(body: string): Place[] {
  const places: Place[] = [];
  for (const line of body.split('\n')) {
    for (const pattern of PLACES) {
      const m = pattern.exec(line);
      if (!m) continue;
      const file = m[1]!.startsWith('file://') ? fileURLToPath(m[1]!) : m[1]!;
      if (!/^node:|\/node_modules\/|^internal\//.test(file)) {
        places.push({ file, line: Number(m[2]) });
      }
      break;
    }
  }
  return places;
}

/** One path names the same file as the other: equal, or one ends with the other at a `/`. */
function samePath(a: string, b: string): boolean {
  const norm = (p: string) => (p.startsWith('file://') ? fileURLToPath(p) : p).replace(/\\/g, '/');
  const [x, y] = [norm(a).replace(/^\.\//, ''), norm(b).replace(/^\.\//, '')];
  return x === y || x.endsWith(`/${y}`) || y.endsWith(`/${x}`);
}

function looksLikeTest(file: string): boolean {
  const base = file.replace(/\\/g, '/').split('/').pop() ?? '';
  return (
    /^test_|_test\.|\.test\.|\.spec\.|Tests?\.\w+$/.test(base) ||
    /(^|\/)(tests?|__tests__|spec)\//.test(file)
  );
}

function sumOfSuites(node: XmlNode): number | undefined {
  const times = list(node.testsuite)
    .map((s) => seconds(attr(s, 'time')))
    .filter((t): t is number => t !== undefined);
  return times.length > 0 ? round(sum(times)) : undefined;
}

/** A time attribute in seconds; Surefire has written `1,234.5`. */
function seconds(value: string | undefined): number | undefined {
  const s = value?.replace(/,/g, '');
  if (s === undefined || s === '') return undefined;
  const n = Number(s);
  return Number.isFinite(n) ? n : undefined;
}

function element(value: unknown): XmlNode {
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) return value as XmlNode;
  return typeof value === 'string' && value !== '' ? { '#text': value } : {};
}

function list(value: unknown): XmlNode[] {
  if (value === undefined) return [];
  return (Array.isArray(value) ? value : [value]).map(element);
}

/** An attribute's value, trimmed (jest-junit writes ` name` for a test outside a describe). */
function attr(node: XmlNode, name: string): string | undefined {
  const value = text(node[`@${name}`])?.trim();
  return value === '' ? undefined : value;
}

function text(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return undefined;
}

function sum(values: number[]): number {
  return values.reduce((a, b) => a + b, 0);
}

/** Sums of times without the float noise (0.1 + 0.2). */
function round(n: number): number {
  return Math.round(n * 1e6) / 1e6;
}
