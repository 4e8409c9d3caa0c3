/**
 * Problems in a CI step's output: the lines where a linter, type checker, compiler or test
 * runner names a file and a line, so the stage can annotate the file there. One small parser
 * per format, tried line by line. A line is a problem only when its file part looks like a
 * path with an extension and resolves to a file in the repository (a relative path must
 * exist under the step's directory): that rule keeps URLs, timestamps and banners out.
 */
import { statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export interface Problem {
  file: string;
  line?: number;
  column?: number;
  endLine?: number;
  endColumn?: number;
  severity: 'error' | 'warning' | 'notice';
  message: string;
  /** the tool's rule or code, e.g. no-unused-vars, TS2322, F401 */
  code?: string;
}

export interface OutputPaths {
  /** The step's working directory: relative paths in the output are relative to it. */
  cwd: string;
  /** The repository root: problems carry paths relative to it, as GitHub annotations want. */
  root: string;
}

/** A problem as the tool wrote it, before its file is resolved. */
type Found = Problem;

// A path with an extension: no spaces, quotes, colons or brackets; an optional drive letter.
const FILE = String.raw`((?:[A-Za-z]:[\\/])?[^\s:"'()<>|*?]*[^\s:"'()<>|*?./\\]\.[A-Za-z][A-Za-z0-9]*)`;
const N = String.raw`(\d+)`;

/**
 * Problems found in a step's combined output. cwd: the step's working directory; absolute
 * paths under root become relative to root (the repository root, which GitHub annotations
 * want); paths outside root are dropped.
 */
export function problemsInOutput(output: string, opts: OutputPaths): Problem[] {
  const resolve = resolver(opts);
  const problems: Problem[] = [];
  const seen = new Set<string>();
  let stylishFile: string | undefined; // the file of the eslint stylish block being read
  let previous = ''; // the line before, for formats that put the message above the location
  let continued: Problem | undefined; // a tsc problem whose message may go on, indented

  const add = (found: Found): Problem | undefined => {
    const file = resolve(found.file);
    if (file === undefined) return undefined;
    const problem = { ...found, file };
    const key = JSON.stringify(problem);
    if (seen.has(key)) return undefined;
    seen.add(key);
    problems.push(problem);
    return problem;
  };

  for (const line of lines(output)) {
    if (continued && /^ {2,}\S/.test(line) && !lineProblem(line)) {
      continued.message += `\n${line.trim()}`;
      continue;
    }
    continued = undefined;
    if (stylishFile !== undefined) {
      const found = stylishProblem(line, stylishFile);
      if (found) {
        add(found);
        continue;
      }
      stylishFile = undefined;
    }
    stylishFile = stylishHeader(line);
    if (stylishFile === undefined) {
      const found = lineProblem(line) ?? arrowProblem(line, previous);
      const problem = found && add(found);
      if (problem && tscProblem(line)) continued = problem;
    }
    previous = line;
  }
  return problems;
}

/** The formats that say everything on one line, most specific first. */
function lineProblem(line: string): Found | undefined {
  return (
    tscProblem(line) ??
    tscPrettyProblem(line) ??
    eslintCompactProblem(line) ??
    eslintUnixProblem(line) ??
    taggedProblem(line) ??
    codedProblem(line) ??
    plainProblem(line)
  );
}

/** The output's lines without colours, progress redraws (`\r`) or trailing blanks. */
function lines(output: string): string[] {
  return output.split(/\r?\n/).map((l) => (stripAnsi(l).split('\r').pop() ?? '').trimEnd());
}

// CSI sequences (colours, erase line), OSC sequences (hyperlinks) and two-byte escapes.
// eslint-disable-next-line no-control-regex
const ANSI = /\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[@-Z\\-_]/g;

export function stripAnsi(text: string): string {
  return text.replace(ANSI, '');
}

/** tsc: `src/a.ts(7,9): error TS2322: Type 'string' is not assignable to type 'number'.` */
function tscProblem(line: string): Found | undefined {
  const m = new RegExp(`^${FILE}\\(${N},${N}\\): (error|warning|message) (TS\\d+): (.+)$`).exec(
    line,
  );
  if (!m) return undefined;
  return found(m[1]!, m[2], m[3], m[4]!, m[6]!, m[5]);
}

/** tsc --pretty: `src/a.ts:7:9 - error TS2322: Type ...` (a code frame follows). */
function tscPrettyProblem(line: string): Found | undefined {
  const m = new RegExp(`^${FILE}:${N}:${N} - (error|warning|message) (TS\\d+): (.+)$`).exec(line);
  if (!m) return undefined;
  return found(m[1]!, m[2], m[3], m[4]!, m[6]!, m[5]);
}

/** eslint --format compact: `/abs/a.js: line 1, col 10, Error - msg (no-unused-vars)` */
function eslintCompactProblem(line: string): Found | undefined {
  const m = new RegExp(
    `^${FILE}: line ${N}, col ${N}, (Error|Warning) - (.+?)(?: \\(([\\w@/-]+)\\))?$`,
  ).exec(line);
  if (!m) return undefined;
  return found(m[1]!, m[2], m[3], m[4]!, m[5]!, m[6]);
}

/** eslint --format unix: `/abs/a.js:1:10: msg [Error/no-unused-vars]` (`[Error]` for parse errors). */
function eslintUnixProblem(line: string): Found | undefined {
  const m = new RegExp(`^${FILE}:${N}:${N}: (.+) \\[(Error|Warning)(?:/([^\\]]+))?\\]$`).exec(line);
  if (!m) return undefined;
  return found(m[1]!, m[2], m[3], m[5]!, m[4]!, m[6]);
}

/** eslint stylish, the header of a block: the file's path alone on its line. */
function stylishHeader(line: string): string | undefined {
  return new RegExp(`^${FILE}$`).exec(line)?.[1];
}

/** eslint stylish, a problem in the block: `  13:7   warning  msg  prefer-const` */
function stylishProblem(line: string, file: string): Found | undefined {
  const m = /^\s+(\d+):(\d+)\s+(error|warning)\s+(.+?)(?:\s{2,}(\S+))?$/.exec(line);
  if (!m) return undefined;
  return found(file, m[1], m[2], m[3]!, m[4]!, m[5]);
}

/**
 * A severity after the position: mypy `a.py:6: error: msg  [assignment]` (with
 * --show-column-numbers --show-error-end `a.py:6:18:6:23: error: ...`), gcc and clang
 * `a.c:9:12: warning: msg [-Wformat=]`, `note:` lines, `fatal error:`.
 */
function taggedProblem(line: string): Found | undefined {
  const m = new RegExp(
    `^${FILE}:${N}(?::${N})?(?::${N}:${N})?: (fatal error|error|warning|note|info|notice): (.+)$`,
  ).exec(line);
  if (!m) return undefined;
  const [, file, l, c, endLine, endColumn, severity, text] = m;
  const coded = /^(.*?)\s+\[([^\]\s]+)\]$/.exec(text!);
  const problem = found(file!, l, c, severity!, coded ? coded[1]! : text!, coded?.[2]);
  return {
    ...problem,
    ...(positive(endLine) ? { endLine: positive(endLine) } : {}),
    ...(positive(endColumn) ? { endColumn: positive(endColumn) } : {}),
  };
}

/** A code first: ruff's concise format and flake8 `a.py:1:8: F401 [*] msg` (`[*]`: fixable). */
function codedProblem(line: string): Found | undefined {
  const m = new RegExp(`^${FILE}:${N}:${N}: ([A-Z]+[0-9]+):? (?:\\[\\*\\] )?(.+)$`).exec(line);
  if (!m) return undefined;
  return found(m[1]!, m[2], m[3], 'error', m[5]!, m[4]);
}

/**
 * The plain `file:line[:col]: msg`: go vet and go build (`./main.go:11:14: msg`), and go
 * test's indented `    calc_test.go:7: msg`, relative to the package's directory. Not
 * pytest's traceback locations (`tests/test_x.py:8: AssertionError`): JUnit reports those.
 */
function plainProblem(line: string): Found | undefined {
  const m = new RegExp(`^\\s*${FILE}:${N}(?::${N})?: (.+)$`).exec(line);
  if (!m) return undefined;
  const text = m[4]!.trim();
  if (/^[A-Za-z_][\w.]*(?:Error|Exception)$/.test(text)) return undefined;
  return found(m[1]!, m[2], m[3], /^\w*Warning:/.test(text) ? 'warning' : 'error', text);
}

/**
 * The location under the message: ruff's default format (`F401 [*] msg`, then
 * ` --> a.py:1:8`) and rustc's (`error[E0308]: msg`, then ` --> src/main.rs:4:18`).
 */
function arrowProblem(line: string, previous: string): Found | undefined {
  const m = new RegExp(`^\\s*--> ${FILE}:${N}:${N}$`).exec(line);
  if (!m) return undefined;
  const ruff = /^([A-Z]+[0-9]+) (?:\[\*\] )?(.+)$/.exec(previous);
  if (ruff) return found(m[1]!, m[2], m[3], 'error', ruff[2]!, ruff[1]);
  const rustc = /^(error|warning|note)(?:\[(\w+)\])?: (.+)$/.exec(previous);
  if (rustc) return found(m[1]!, m[2], m[3], rustc[1]!, rustc[3]!, rustc[2]);
  return undefined;
}

function found(
  file: string,
  line: string | undefined,
  column: string | undefined,
  severity: string,
  message: string,
  code?: string,
): Found {
  return {
    file,
    ...(positive(line) ? { line: positive(line) } : {}),
    ...(positive(column) ? { column: positive(column) } : {}),
    severity: severityOf(severity),
    message: message.trim(),
    ...(code ? { code } : {}),
  };
}

/** A line or column as a number, or undefined for none or 0 (some tools count columns from 0). */
function positive(n: string | undefined): number | undefined {
  return n !== undefined && Number(n) > 0 ? Number(n) : undefined;
}

function severityOf(word: string): Problem['severity'] {
  const w = word.toLowerCase();
  if (w === 'warning') return 'warning';
  if (w === 'note' || w === 'info' || w === 'notice' || w === 'message') return 'notice';
  return 'error';
}

/**
 * The file as GitHub wants it, relative to the root with `/`, or undefined: a relative path
 * that is not a file under cwd, or any path outside the root.
 */
function resolver({ cwd, root }: OutputPaths): (file: string) => string | undefined {
  const top = path.resolve(root);
  const known = new Map<string, string | undefined>();
  return (file) => {
    if (!known.has(file)) known.set(file, locate(file));
    return known.get(file);
  };

  function locate(written: string): string | undefined {
    const file = written.startsWith('file://') ? fileURLToPath(written) : written;
    const absolute = path.isAbsolute(file);
    const full = path.resolve(cwd, file);
    if (!absolute && !statSync(full, { throwIfNoEntry: false })?.isFile()) return undefined;
    const rel = path.relative(top, full);
    if (rel === '' || rel === '..' || rel.startsWith(`..${path.sep}`) || path.isAbsolute(rel)) {
      return undefined;
    }
    return rel.split(path.sep).join('/');
  }
}
