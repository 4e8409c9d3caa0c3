/**
 * Problems read from tools' real output: each fixture under fixtures/<tool>/ was captured by
 * running the tool on the small bad files beside it (fixtures/capture.sh says how). Sources
 * the repository's own lint and tsc must not see are stored as `<name>.fixture`; a test copies
 * the fixture to a temporary directory under their real names, so relative paths exist there.
 */
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync } from 'node:fs';
import { rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { problemsInOutput, stripAnsi, type Problem } from '../../../src/ci/problems.ts';

const fixtures = join(import.meta.dirname, 'fixtures');
let scratch: string;
beforeAll(() => {
  scratch = mkdtempSync(join(tmpdir(), 'cutover-problems-'));
});
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** A copy of fixtures/<tool> with `.fixture` suffixes dropped: the step's directory. */
function workspace(tool: string): string {
  const dir = join(scratch, `${tool}-${Math.random().toString(36).slice(2)}`);
  cpSync(join(fixtures, tool), dir, { recursive: true });
  for (const entry of readdirSync(dir, { recursive: true, encoding: 'utf8' })) {
    if (entry.endsWith('.fixture')) renameSync(join(dir, entry), join(dir, entry.slice(0, -8)));
  }
  return dir;
}

const captured = (tool: string, file: string) => readFileSync(join(fixtures, tool, file), 'utf8');

type Row = [
  file: string,
  line?: number,
  column?: number,
  severity?: string,
  code?: string,
  message?: string,
];
/** A problem as one row, to compare line by line. */
const row = (p: Problem): Row => [p.file, p.line, p.column, p.severity, p.code, p.message];

describe('tsc', () => {
  const expected: Row[] = [
    ['src/greet.ts', 7, 9, 'error', 'TS2322', "Type 'string' is not assignable to type 'number'."],
    [
      'src/greet.ts',
      11,
      22,
      'error',
      'TS2322',
      "Type 'string' is not assignable to type 'number'.",
    ],
    [
      'src/greet.ts',
      13,
      31,
      'error',
      'TS2741',
      "Property 'age' is missing in type '{ name: string; }' but required in type 'User'.",
    ],
    [
      'src/main.ts',
      3,
      19,
      'error',
      'TS2345',
      "Argument of type 'number' is not assignable to parameter of type 'User'.",
    ],
  ];
  const elaborated =
    "Type '(s: string) => string' is not assignable to type '(s: number) => string'.";

  test('plain output, with the indented elaboration joined to the message', () => {
    const dir = workspace('tsc');
    const problems = problemsInOutput(captured('tsc', 'output.txt'), { cwd: dir, root: dir });
    expect(problems.map(row)).toEqual([
      ...expected,
      [
        'src/main.ts',
        5,
        14,
        'error',
        'TS2322',
        `${elaborated}\nTypes of parameters 's' and 's' are incompatible.\nType 'number' is not assignable to type 'string'.`,
      ],
    ]);
  });

  test('--pretty output: colours, code frames, related locations and the summary table skipped', () => {
    const dir = workspace('tsc');
    const output = captured('tsc', 'output-pretty.txt');
    expect(output).toContain('\x1b[');
    const problems = problemsInOutput(output, { cwd: dir, root: dir });
    expect(problems.map(row)).toEqual([
      ...expected,
      ['src/main.ts', 5, 14, 'error', 'TS2322', elaborated],
    ]);
  });

  test('paths relative to the root when the step ran in a subdirectory', () => {
    const dir = workspace('tsc');
    const problems = problemsInOutput(captured('tsc', 'output.txt'), {
      cwd: dir,
      root: dirname(dir),
    });
    expect(problems[0]!.file).toMatch(/^tsc-\w+\/src\/greet\.ts$/);
  });
});

describe('eslint', () => {
  // Captured in /tmp/cicap/eslint: eslint prints absolute paths, which need not exist here.
  const at = { cwd: '/tmp/cicap/eslint', root: '/tmp/cicap/eslint' };
  const rows = (dot: string): Row[] => [
    ['lib/broken.js', 1, 24, 'error', undefined, 'Parsing error: Unexpected token ;'],
    [
      'lib/cart.js',
      1,
      10,
      'error',
      'no-unused-vars',
      `'readFileSync' is defined but never used${dot}`,
    ],
    ['lib/cart.js', 6, 18, 'warning', 'eqeqeq', `Expected '===' and instead saw '=='${dot}`],
    [
      'lib/cart.js',
      13,
      7,
      'warning',
      'prefer-const',
      `'text' is never reassigned. Use 'const' instead${dot}`,
    ],
    ['lib/cart.js', 13, 14, 'error', 'no-undef', `'readFile' is not defined${dot}`],
    [
      'lib/index.js',
      3,
      7,
      'error',
      'no-unused-vars',
      `'unused' is assigned a value but never used${dot}`,
    ],
  ];

  test('stylish, the default formatter', () => {
    expect(problemsInOutput(captured('eslint', 'output.txt'), at).map(row)).toEqual(rows(''));
  });

  test('stylish with --color', () => {
    const output = captured('eslint', 'output-color.txt');
    expect(output).toContain('\x1b[');
    expect(problemsInOutput(output, at).map(row)).toEqual(rows(''));
  });

  test('--format unix', () => {
    expect(problemsInOutput(captured('eslint', 'output-unix.txt'), at).map(row)).toEqual(rows('.'));
  });

  test('--format compact', () => {
    expect(problemsInOutput(captured('eslint', 'output-compact.txt'), at).map(row)).toEqual(
      rows('.'),
    );
  });

  test('a crash (config that does not load) is no problem at a line', () => {
    expect(problemsInOutput(captured('eslint', 'output-crash.txt'), at)).toEqual([]);
  });

  test('files outside the root are dropped', () => {
    const elsewhere = { cwd: '/tmp/cicap/eslint', root: '/tmp/cicap/eslint/lib/sub' };
    expect(problemsInOutput(captured('eslint', 'output.txt'), elsewhere)).toEqual([]);
    const inLib = { cwd: '/tmp/cicap/eslint', root: '/tmp/cicap/eslint/lib' };
    expect(problemsInOutput(captured('eslint', 'output-unix.txt'), inLib)[0]!.file).toBe(
      'broken.js',
    );
  });
});

describe('go', () => {
  const vet: Row[] = [
    [
      'main.go',
      11,
      14,
      'error',
      undefined,
      'fmt.Printf format %d has arg name of wrong type string',
    ],
    [
      'main.go',
      12,
      2,
      'error',
      undefined,
      'fmt.Println call has possible Printf formatting directive %d',
    ],
  ];

  test('go vet', () => {
    const dir = workspace('govet');
    expect(
      problemsInOutput(captured('govet', 'output.txt'), { cwd: dir, root: dir }).map(row),
    ).toEqual(vet);
  });

  test("go test's vet (`./main.go`, package headers, [build failed])", () => {
    const dir = workspace('govet');
    const output = captured('govet', 'output-test.txt');
    expect(problemsInOutput(output, { cwd: dir, root: dir }).map(row)).toEqual(vet);
    // The same problems from go vet and go test's vet are one each.
    const both = output + captured('govet', 'output.txt');
    expect(problemsInOutput(both, { cwd: dir, root: dir }).map(row)).toEqual(vet);
  });

  test('go test in the package directory: the indented t.Error lines', () => {
    const dir = workspace('gotest');
    const output = captured('gotest', 'calc/output.txt');
    const problems = problemsInOutput(output, { cwd: join(dir, 'calc'), root: dir });
    expect(problems.map(row)).toEqual([
      ['calc/calc_test.go', 7, undefined, 'error', undefined, 'Add(2, 2) = 5, want 4'],
      ['calc/calc_test.go', 15, undefined, 'error', undefined, 'Add(0, 0) = 1, want 0'],
      ['calc/calc_test.go', 15, undefined, 'error', undefined, 'Add(1, 1) = 3, want 2'],
    ]);
  });

  test('go test ./...: files are relative to their package, so only the root package resolves', () => {
    const dir = workspace('gotest');
    const output = captured('gotest', 'output.txt');
    expect(output).toContain('calc_test.go:7');
    expect(problemsInOutput(output, { cwd: dir, root: dir }).map(row)).toEqual([
      // t.Log in a failed test prints the same way as t.Error.
      ['shop_test.go', 6, undefined, 'error', undefined, 'checking the banner'],
      ['shop_test.go', 8, undefined, 'error', undefined, 'banner is empty'],
    ]);
  });
});

describe('gcc', () => {
  const expected: Row[] = [
    [
      'src/parse.c',
      4,
      5,
      'error',
      undefined,
      'conflicting types for ‘parse_count’; have ‘int(const char *)’',
    ],
    [
      'src/parse.h',
      1,
      5,
      'notice',
      undefined,
      'previous declaration of ‘parse_count’ with type ‘int(char *)’',
    ],
    [
      'src/parse.c',
      9,
      12,
      'warning',
      '-Wformat=',
      'format ‘%s’ expects argument of type ‘char *’, but argument 2 has type ‘int’',
    ],
    ['src/parse.c', 10, 11, 'error', undefined, 'expected ‘;’ before ‘}’ token'],
    ['src/parse.c', 5, 7, 'warning', '-Wunused-variable', 'unused variable ‘unused’'],
  ];

  test('warnings, errors and notes; code frames and "In function" lines skipped', () => {
    const dir = workspace('gcc');
    expect(
      problemsInOutput(captured('gcc', 'output.txt'), { cwd: dir, root: dir }).map(row),
    ).toEqual(expected);
  });

  test('-fdiagnostics-color=always', () => {
    const dir = workspace('gcc');
    const output = captured('gcc', 'output-color.txt');
    expect(output).toContain('\x1b[');
    expect(problemsInOutput(output, { cwd: dir, root: dir }).map(row)).toEqual(expected);
  });
});

describe('python', () => {
  const mypy: Row[] = [
    [
      'shop/cart.py',
      6,
      undefined,
      'error',
      'assignment',
      'Incompatible types in assignment (expression has type "str", variable has type "int")',
    ],
    [
      'shop/cart.py',
      16,
      undefined,
      'error',
      'return-value',
      'Incompatible return value type (got "str", expected "int")',
    ],
  ];
  const ruff: Row[] = [
    ['shop/cart.py', 1, 8, 'error', 'F401', '`os` imported but unused'],
    ['shop/cart.py', 2, 8, 'error', 'F401', '`sys` imported but unused'],
    ['shop/cart.py', 6, 5, 'error', 'F841', 'Local variable `count` is assigned to but never used'],
  ];

  test('mypy', () => {
    const dir = workspace('python');
    expect(
      problemsInOutput(captured('python', 'mypy.txt'), { cwd: dir, root: dir }).map(row),
    ).toEqual(mypy);
  });

  test('mypy --show-column-numbers --show-error-end', () => {
    const dir = workspace('python');
    const problems = problemsInOutput(captured('python', 'mypy-columns.txt'), {
      cwd: dir,
      root: dir,
    });
    expect(problems).toEqual([
      { ...problem(mypy[0]!), column: 18, endLine: 6, endColumn: 23 },
      { ...problem(mypy[1]!), column: 12, endLine: 16, endColumn: 28 },
    ]);
  });

  test('ruff check --output-format concise', () => {
    const dir = workspace('python');
    const output = captured('python', 'ruff-concise.txt');
    expect(problemsInOutput(output, { cwd: dir, root: dir }).map(row)).toEqual(ruff);
  });

  test("ruff check's default format (message, then ` --> file:line:col`)", () => {
    const dir = workspace('python');
    const output = captured('python', 'ruff-full.txt');
    expect(problemsInOutput(output, { cwd: dir, root: dir }).map(row)).toEqual(ruff);
  });

  test("pytest's own output is left to its JUnit report", () => {
    const dir = workspace('python');
    const output = captured('python', 'pytest-output.txt');
    expect(output).toContain('tests/test_cart.py:8: AssertionError');
    expect(output).toContain('FAILED tests/test_cart.py::test_total');
    expect(problemsInOutput(output, { cwd: dir, root: dir })).toEqual([]);
  });
});

describe('hand-written samples of formats not captured here', () => {
  test('rustc / clippy (`error[E0308]: msg`, then ` --> src/main.rs:4:18`)', () => {
    const dir = files({ 'src/main.rs': 'fn main() {}\n' });
    const output = [
      'error[E0308]: mismatched types',
      ' --> src/main.rs:4:18',
      '  |',
      '4 |     let x: i32 = "one";',
      'warning: unused variable: `y`',
      ' --> src/main.rs:5:9',
      'note: not an arrow without a location',
    ].join('\n');
    expect(problemsInOutput(output, { cwd: dir, root: dir }).map(row)).toEqual([
      ['src/main.rs', 4, 18, 'error', 'E0308', 'mismatched types'],
      ['src/main.rs', 5, 9, 'warning', undefined, 'unused variable: `y`'],
    ]);
  });

  test('flake8, a fatal compiler error, a python warning', () => {
    const dir = files({ 'app.py': '', 'lib/x.c': '' });
    const output = [
      'app.py:3:1: E302 expected 2 blank lines, found 1',
      'lib/x.c:1:10: fatal error: missing.h: No such file or directory',
      'app.py:7: DeprecationWarning: datetime.utcnow() is deprecated',
    ].join('\n');
    expect(problemsInOutput(output, { cwd: dir, root: dir }).map(row)).toEqual([
      ['app.py', 3, 1, 'error', 'E302', 'expected 2 blank lines, found 1'],
      ['lib/x.c', 1, 10, 'error', undefined, 'missing.h: No such file or directory'],
      [
        'app.py',
        7,
        undefined,
        'warning',
        undefined,
        'DeprecationWarning: datetime.utcnow() is deprecated',
      ],
    ]);
  });
});

describe('what is not a problem', () => {
  test('ordinary log lines, even with files of those names on disk', () => {
    const dir = files({
      'app.js': '',
      'main.go': '',
      'src/index.js': '',
      Dockerfile: '',
      'conf.d/a.conf': '',
    });
    const log = [
      'http://localhost:80/api: connection refused',
      'https://registry.npmjs.org:443/pkg: 404',
      '12:30:01 server started',
      '[12:30:01] Starting build...',
      '2026-05-01T12:30:01.123Z info: ready',
      'npm ERR! code ELIFECYCLE',
      'npm ERR! errno 1',
      'npm ERR! app@1.0.0 test: `jest`',
      'npm ERR! Exit status 1',
      'asset main.js 1.2 KiB [emitted] (name: main)',
      'webpack 5.90.0 compiled with 1 warning in 345 ms',
      'ERROR in ./src/index.js 3:10-14',
      'Module not found: Error: Can\'t resolve "./missing" in "/work/src"',
      '    at Object.<anonymous> (app.js:12:5)',
      'node:internal/modules/cjs/loader:1228',
      'app.js:12',
      'main.go:3:',
      'Dockerfile:3 DL3008 Pin versions in apt get install',
      'conf.d:3: a directory, not a file',
      'missing.ts:3:1: error: no such file here',
      '/elsewhere/app.js:3:1: error: outside the root',
      'FAIL\texample.com/shop\t0.004s',
      'ok  \texample.com/shop/calc\t0.003s',
      'Listening on 0.0.0.0:8080: ready',
      'version 1.2.3: released',
    ].join('\n');
    expect(problemsInOutput(log, { cwd: dir, root: dir })).toEqual([]);
  });

  test('identical problems once; colours and progress redraws stripped', () => {
    const dir = files({ 'main.go': '' });
    const line = 'main.go:3:2: undefined: foo';
    const output = [line, `\x1b[31m${line}\x1b[0m`, `building... 40%\r${line}`, line].join('\n');
    expect(problemsInOutput(output, { cwd: dir, root: dir })).toEqual([
      { file: 'main.go', line: 3, column: 2, severity: 'error', message: 'undefined: foo' },
    ]);
  });

  test('stripAnsi removes colours, erase-line and hyperlinks', () => {
    expect(
      stripAnsi('\x1b[01m\x1b[Ka.c:1:2:\x1b[m\x1b[K \x1b]8;;file:///a.c\x07a.c\x1b]8;;\x07'),
    ).toBe('a.c:1:2: a.c');
  });
});

function problem([file, line, column, severity, code, message]: Row): Problem {
  return {
    file,
    ...(line !== undefined ? { line } : {}),
    ...(column !== undefined ? { column } : {}),
    severity: severity as Problem['severity'],
    ...(code !== undefined ? { code } : {}),
    message: message!,
  };
}

/** A directory holding these files (content by path). */
function files(content: Record<string, string>): string {
  const dir = join(scratch, `files-${Math.random().toString(36).slice(2)}`);
  for (const [name, text] of Object.entries(content)) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}
