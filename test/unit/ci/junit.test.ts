/**
 * JUnit XML reports as the runners write them. Captured by running the runner on the failing
 * tests in fixtures/junit/src and fixtures/python (fixtures/capture.sh): pytest (xunit2, the
 * default, and xunit1), node --test's junit reporter, jest-junit with addFileAttribute,
 * go-junit-report v2. Hand-written after their documented shape: Maven Surefire, vitest.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { mergeJUnit, parseJUnit, type FailedTest } from '../../../src/ci/junit.ts';
import { CutoverError } from '../../../src/errors.ts';

const dir = join(import.meta.dirname, 'fixtures', 'junit');
const report = (name: string) => parseJUnit(readFileSync(join(dir, name), 'utf8'), name);

type Row = [name: string, kind: string, file?: string, line?: number, message?: string];
const row = (f: FailedTest): Row => [f.name, f.kind, f.file, f.line, f.message];
const counts = ({ tests, failures, errors, skipped }: ReturnType<typeof parseJUnit>) => ({
  tests,
  failures,
  errors,
  skipped,
});

describe('pytest', () => {
  const failed: Row[] = [
    [
      'test_total',
      'failure',
      'tests/test_cart.py',
      8,
      "AssertionError: assert 6 == 7\n +  where 6 = total([{'price': 2, 'qty': 3}])",
    ],
    [
      'test_load_missing',
      'failure',
      'tests/test_cart.py',
      18,
      "FileNotFoundError: [Errno 2] No such file or directory: '/nonexistent/file.json'",
    ],
    [
      'test_uses_fixture',
      'error',
      'tests/test_cart.py',
      28,
      'failed on setup with "RuntimeError: fixture exploded"',
    ],
  ];

  test('xunit2 (no file attribute): the place in the test module, from the traceback', () => {
    const r = report('pytest.xml');
    expect(counts(r)).toEqual({ tests: 5, failures: 2, errors: 1, skipped: 1 });
    expect(r.seconds).toBe(0.084);
    expect(r.failed.map(row)).toEqual(failed);
    // The traceback goes on into shop/cart.py; the test's own frame is the place.
    expect(r.failed[1]!.details).toContain('shop/cart.py:16: FileNotFoundError');
    expect(r.failed[0]).toMatchObject({
      suite: 'pytest',
      classname: 'tests.test_cart',
      seconds: 0.002,
    });
  });

  test("xunit1's file and line attributes; the failing line over the test's def", () => {
    const r = report('pytest-xunit1.xml');
    expect(counts(r)).toEqual({ tests: 5, failures: 2, errors: 1, skipped: 1 });
    expect(r.failed.map(row)).toEqual(failed);
  });

  test("xunit1's line is 0-based: without a traceback the def's line is one more", () => {
    const xml = `<testsuites name="pytest tests"><testsuite name="pytest" tests="1">
      <testcase classname="tests.test_cart" name="test_total" file="tests/test_cart.py" line="5">
        <failure message="boom">no place in here</failure></testcase></testsuite></testsuites>`;
    expect(parseJUnit(xml, 'r.xml').failed[0]).toMatchObject({
      file: 'tests/test_cart.py',
      line: 6,
    });
  });
});

test('node --test --test-reporter=junit: nested suites, tests outside a suite, todo', () => {
  const r = report('node-test.xml');
  expect(counts(r)).toEqual({ tests: 6, failures: 3, errors: 0, skipped: 2 });
  const file = '/tmp/cicap/nodetest/test/cart.test.js';
  expect(r.failed.map(row)).toEqual([
    ['loads the catalogue', 'failure', file, 27, 'catalogue is not a function'],
    ['totals the items', 'failure', file, 8, 'Expected values to be strictly equal:\n\n7 !== 6'],
    ['applies a code', 'failure', file, 17, 'no discount service'],
  ]);
  expect(r.failed.map((f) => f.suite)).toEqual(['', 'cart', 'cart > discounts']);
  expect(r.failed[2]!.classname).toBe('cart.discounts');
});

test('jest-junit with addFileAttribute: no message attribute, the text before the stack', () => {
  const r = report('jest-junit.xml');
  expect(counts(r)).toEqual({ tests: 4, failures: 2, errors: 0, skipped: 1 });
  expect(r.seconds).toBe(0.775);
  expect(r.failed.map(row)).toEqual([
    [
      'price adds VAT',
      'failure',
      'src/price.test.js',
      5,
      'Error: expect(received).toBe(expected) // Object.is equality\n\nExpected: 12.5\nReceived: 12',
    ],
    [
      'throws on NaN',
      'failure',
      'src/price.test.js',
      16,
      'Error: expect(received).toThrow(expected)\n\nExpected substring: "not a number"\n\nReceived function did not throw',
    ],
  ]);
  expect(r.failed[0]!.details).toContain('at Object.toBe (/tmp/cicap/jest/src/price.test.js:5:23)');
});

test('go-junit-report: "Failed" says nothing, the test output is the message', () => {
  const r = report('go-junit-report.xml');
  expect(counts(r)).toEqual({ tests: 5, failures: 5, errors: 0, skipped: 0 });
  expect(r.seconds).toBe(0.009);
  expect(r.failed.map(row)).toEqual([
    [
      'TestBanner',
      'failure',
      'shop_test.go',
      6,
      'shop_test.go:6: checking the banner\nshop_test.go:8: banner is empty',
    ],
    ['TestAdd', 'failure', 'calc_test.go', 7, 'calc_test.go:7: Add(2, 2) = 5, want 4'],
    ['TestAddTable', 'failure', undefined, undefined, 'Failed'],
    ['TestAddTable/case', 'failure', 'calc_test.go', 15, 'calc_test.go:15: Add(0, 0) = 1, want 0'],
    [
      'TestAddTable/case#01',
      'failure',
      'calc_test.go',
      15,
      'calc_test.go:15: Add(1, 1) = 3, want 2',
    ],
  ]);
  expect(r.failed[1]!.suite).toBe('example.com/shop/calc');
});

test('Maven Surefire: a bare <testsuite>, the test class frame of a Java stack', () => {
  const r = report('surefire.xml');
  expect(counts(r)).toEqual({ tests: 4, failures: 1, errors: 1, skipped: 1 });
  expect(r.seconds).toBe(0.052);
  expect(r.failed.map(row)).toEqual([
    ['totalsItems', 'failure', 'CartTest.java', 14, 'expected: <7> but was: <6>'],
    ['loadsCatalogue', 'error', 'CartTest.java', 20, 'catalogue.json (No such file or directory)'],
  ]);
  expect(r.failed[0]).toMatchObject({
    suite: 'com.example.shop.CartTest',
    classname: 'com.example.shop.CartTest',
  });
});

test('vitest with addFileAttribute: the ` ❯ file:line:col` frame', () => {
  const r = report('vitest.xml');
  expect(counts(r)).toEqual({ tests: 3, failures: 1, errors: 0, skipped: 1 });
  expect(r.failed.map(row)).toEqual([
    ['math > adds', 'failure', 'src/math.test.ts', 5, 'expected 3 to be 4 // Object.is equality'],
  ]);
});

describe('counts', () => {
  test("from the testcases, not the suites' attributes", () => {
    const xml = `<testsuite name="s" tests="10" failures="0" errors="0" skipped="0">
      <testcase name="a"/><testcase name="b"><failure>x.test.js:3: nope</failure></testcase>
      <testcase name="c"><skipped/></testcase></testsuite>`;
    const r = parseJUnit(xml, 'r.xml');
    expect(counts(r)).toEqual({ tests: 3, failures: 1, errors: 0, skipped: 1 });
    expect(r.failed[0]).toMatchObject({ file: 'x.test.js', line: 3, message: 'x.test.js:3: nope' });
  });

  test('a suite that failed as a whole is one error, at the file the suite names', () => {
    const xml = `<testsuites><testsuite name="db" file="test/db.test.js">
      <error message="beforeAll hook timed out"/></testsuite></testsuites>`;
    const r = parseJUnit(xml, 'r.xml');
    expect(counts(r)).toEqual({ tests: 0, failures: 0, errors: 1, skipped: 0 });
    expect(r.failed).toEqual([
      {
        suite: 'db',
        name: 'db',
        file: 'test/db.test.js',
        message: 'beforeAll hook timed out',
        kind: 'error',
      },
    ]);
  });

  test('merged: sums, times added, failed tests in order', () => {
    const merged = mergeJUnit([report('pytest.xml'), report('surefire.xml'), report('vitest.xml')]);
    expect(counts(merged)).toEqual({ tests: 12, failures: 4, errors: 2, skipped: 3 });
    expect(merged.seconds).toBe(0.548);
    expect(merged.failed.map((f) => f.name)).toEqual([
      'test_total',
      'test_load_missing',
      'test_uses_fixture',
      'totalsItems',
      'loadsCatalogue',
      'math > adds',
    ]);
    expect(mergeJUnit([])).toEqual({ tests: 0, failures: 0, errors: 0, skipped: 0, failed: [] });
  });
});

describe('not a JUnit report', () => {
  const invalid = (xml: string, source: string) => {
    try {
      parseJUnit(xml, source);
    } catch (e) {
      expect(e).toBeInstanceOf(CutoverError);
      expect((e as CutoverError).code).toBe('CI_REPORT_INVALID');
      expect((e as CutoverError).hint).toMatch(/JUnit XML/);
      return (e as CutoverError).message;
    }
    throw new Error('parsed');
  };
  const read = (name: string) => readFileSync(join(dir, name), 'utf8');

  test('malformed XML, with the line', () => {
    expect(invalid(read('malformed.xml'), 'reports/malformed.xml')).toBe(
      "reports/malformed.xml: not a JUnit XML report: line 6: Expected closing tag 'failure' (opened in line 5, col 7) instead of closing tag 'testcase'.",
    );
  });

  test('a report cut short (the runner was killed while writing it)', () => {
    const xml = read('jest-junit.xml');
    expect(invalid(xml.slice(0, xml.length / 2), 'junit.xml')).toMatch(
      /^junit\.xml: not a JUnit XML report: line \d+: /,
    );
  });

  test('an HTML page', () => {
    expect(invalid(read('not-junit.xml'), 'out/report.html')).toBe(
      'out/report.html: not a JUnit XML report: the root element is <html>, not <testsuites> or <testsuite>',
    );
  });

  test('an empty file, text, two roots', () => {
    expect(invalid('', 'a.xml')).toBe('a.xml: not a JUnit XML report: the file is empty');
    expect(invalid('PASS all tests', 'b.xml')).toMatch(/^b\.xml: not a JUnit XML report: line 1: /);
    expect(invalid('<testsuite/><testsuite/>', 'c.xml')).toBe(
      'c.xml: not a JUnit XML report: 2 root elements, not one',
    );
  });
});
