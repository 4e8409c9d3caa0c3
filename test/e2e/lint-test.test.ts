// lint-test from its bundle, run the way the runner runs it, and from the CLI, on fixture
// repositories (test/fixtures/ci: go, node, python) with known lint and test failures. The
// annotations are checked line by line. No GitHub cache service here: the cache is off.
import { spawnSync } from 'node:child_process';
import { cp, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { runAction, type ActionRun } from '../harness/action-harness.ts';

const root = resolve(import.meta.dirname, '../..');
const action = join(root, 'actions/lint-test');

async function fixture(name: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), `cutover-lint-${name}-`));
  await cp(join(root, 'test/fixtures/ci', name), dir, { recursive: true });
  return dir;
}

/** level | file:line:col | title | message, for every annotation at a place in the repository. */
const annotations = (run: ActionRun) =>
  run.annotations
    .filter((a) => a.properties.file)
    .map((a) =>
      [
        a.command,
        [a.properties.file, a.properties.line, a.properties.col].filter(Boolean).join(':'),
        a.properties.title,
        a.message,
      ].join(' | '),
    );

const steps = (run: ActionRun) =>
  (JSON.parse(run.outputs.steps!) as { name: string; status: string }[]).map((s) => [
    s.name,
    s.status,
  ]);

const minimalConfig = (ci: string) => `version: 1
app: { name: web, port: 8080, resources: { requests: { cpu: 50m, memory: 64Mi } } }
image: { repository: registry.local/web }
rings: [{ name: main }]
tenants: [{ id: alpha, ring: main, tier: standard }]
isolation: { tiers: { standard: { quota: { cpu: '1', memory: 1Gi, pods: 5 } } } }
${ci}`;

describe('lint-test action', () => {
  it('go: gofmt, go vet and go test failures annotated at their lines; every step runs', async () => {
    const ws = await fixture('go');
    const run = await runAction(action, {}, { workspace: ws, timeoutMs: 300_000 });
    expect(run.exitCode).toBe(1);
    expect(steps(run)).toEqual([
      ['install', 'passed'],
      ['format', 'failed'],
      ['vet', 'failed'],
      ['tests', 'failed'],
    ]);
    expect(annotations(run)).toEqual([
      'error | sub.go | format | gofmt -l lists files that are not gofmt-formatted',
      'error | calc.go:14:2 | vet | unreachable code',
      'error | calc_test.go:7 | tests | Add(1, 2) = 4, want 3',
    ]);
    expect(run.outputs.passed).toBe('false');
    expect(run.summary).toContain('Steps detected: go (`go.mod`)');
    expect(run.summary).toMatch(/dependency cache: off \(no go\.sum to key the cache on\)/);
    expect(run.stdout).toContain(
      '::error::CI_STEP_FAILED: lint-test: 3 of 4 steps failed: format (gofmt -l',
    );
  }, 300_000);

  it('node: npm ci, eslint problems at their columns, the failed test from its JUnit report', async () => {
    const ws = await fixture('node');
    const run = await runAction(action, {}, { workspace: ws, timeoutMs: 300_000 });
    expect(steps(run)).toEqual([
      ['install', 'passed'],
      ['lint', 'failed'],
      ['unit tests', 'failed'],
    ]);
    const found = annotations(run);
    expect(found).toEqual(
      expect.arrayContaining([
        "error | calc.js:3:9 | lint: no-unused-vars | 'unused' is assigned a value but never used",
        "error | calc.js:8:12 | lint: eqeqeq | Expected '===' and instead saw '=='",
      ]),
    );
    expect(found.filter((a) => a.includes('unit tests'))).toEqual([
      expect.stringMatching(/^error \| calc\.test\.js:\d+ \| unit tests: .*add adds \| /),
    ]);
    expect(JSON.parse(run.outputs.steps!)[2].tests).toEqual({
      tests: 2,
      failures: 1,
      errors: 0,
      skipped: 0,
    });
    expect(run.outputs['failed-tests']).toBe('1');
    expect(run.summary).toContain('add adds');
  }, 300_000);

  it('python: pip install, ruff, pytest with its JUnit report', async () => {
    const ws = await fixture('python');
    const venv = join(ws, '.venv');
    expect(spawnSync('python3', ['-m', 'venv', venv]).status).toBe(0);
    const run = await runAction(
      action,
      {},
      {
        workspace: ws,
        env: { PATH: `${venv}/bin:${process.env.PATH}`, VIRTUAL_ENV: venv },
        timeoutMs: 300_000,
      },
    );
    expect(steps(run)).toEqual([
      ['install', 'passed'],
      ['lint', 'failed'],
      ['format', 'failed'],
      ['tests', 'failed'],
    ]);
    const found = annotations(run);
    expect(found).toContain('error | calc/__init__.py:1:8 | lint: F401 | `os` imported but unused');
    expect(found.filter((a) => a.includes('| tests'))).toEqual([
      expect.stringMatching(/^error \| tests\/test_calc\.py:6 \| tests: .*test_add \| /),
    ]);
  }, 300_000);

  it('maven: surefire reports, the failed test at its source file found by its class name', async () => {
    const ws = await fixture('maven');
    const run = await runAction(action, {}, { workspace: ws, timeoutMs: 600_000 });
    expect(steps(run)).toEqual([
      ['install', 'passed'],
      ['verify', 'failed'],
    ]);
    expect(annotations(run)).toEqual([
      'error | src/test/java/demo/CalcTest.java:10 | verify: demo.CalcTest › addAdds | expected:<3> but was:<4>',
    ]);
  }, 600_000);

  it('runs configured steps without a shell, so text stays text; an optional failure only warns', async () => {
    const ws = await mkdtemp(join(tmpdir(), 'cutover-lint-cfg-'));
    await writeFile(
      join(ws, 'cutover.yaml'),
      minimalConfig(`ci:
  steps:
    - name: words
      run: node -e "console.log(process.argv.slice(1).join('|'))" '$(touch pwned)' "a b"
    - name: scripted
      run: echo one && echo two
      shell: bash
    - name: flaky
      run: node -e "process.exit(3)"
      required: false
`),
    );
    const run = await runAction(action, {}, { workspace: ws });
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toContain('$(touch pwned)|a b');
    expect(spawnSync('test', ['-e', join(ws, 'pwned')]).status).toBe(1);
    expect(run.stdout).toMatch(/one\ntwo/);
    expect(steps(run)).toEqual([
      ['words', 'passed'],
      ['scripted', 'passed'],
      ['flaky', 'failed'],
    ]);
    expect(run.outputs.passed).toBe('true');
    expect(run.summary).toContain('exit code 3) (optional)');
  });

  it("a tool's output cannot issue workflow commands", async () => {
    const ws = await mkdtemp(join(tmpdir(), 'cutover-lint-cmd-'));
    await writeFile(
      join(ws, 'cutover.yaml'),
      minimalConfig(`ci:
  steps:
    - { name: sneaky, run: "node -e \\"console.log('::add-mask::x'); console.log('::error::fake')\\"" }
`),
    );
    const run = await runAction(action, {}, { workspace: ws });
    expect(run.exitCode).toBe(0);
    expect(run.annotations).toEqual([]);
    expect(run.masks).toEqual([]);
  });

  it('bad input: nothing to run, shell syntax without a shell, a report that is not JUnit', async () => {
    const empty = await mkdtemp(join(tmpdir(), 'cutover-lint-empty-'));
    const none = await runAction(action, {}, { workspace: empty });
    expect(none.exitCode).toBe(1);
    expect(none.stdout).toContain(
      '::error::CI_NOTHING_TO_RUN: lint-test: no `ci.steps` in the config and no project found',
    );

    const ws = await mkdtemp(join(tmpdir(), 'cutover-lint-bad-'));
    await writeFile(
      join(ws, 'cutover.yaml'),
      minimalConfig(`ci:
  steps:
    - { name: first, run: "node -e \\"require('fs').writeFileSync('ran', '')\\"" }
    - { name: both, run: npm ci && npm test }
`),
    );
    const amp = await runAction(action, {}, { workspace: ws });
    expect(amp.exitCode).toBe(1);
    expect(amp.stdout).toContain(
      '::error::CONFIG_INVALID: ci.steps[1].run: `&&` only means something to a shell, and the step runs without one',
    );
    expect(spawnSync('test', ['-e', join(ws, 'ran')]).status).toBe(1); // nothing half-run

    await writeFile(
      join(ws, 'cutover.yaml'),
      minimalConfig(`ci:
  steps:
    - name: tests
      run: "node -e \\"require('fs').writeFileSync('report.xml', '<html><body>')\\""
      reports: [report.xml]
`),
    );
    const bad = await runAction(action, {}, { workspace: ws });
    expect(bad.exitCode).toBe(1);
    expect(bad.stdout).toMatch(/::error::CI_REPORT_INVALID: report\.xml: not a JUnit XML report/);
  });
});

describe('cutover check', () => {
  it('prints each step and its problems at file:line, exit 1 on a failure', () => {
    const r = spawnSync(
      process.execPath,
      [join(root, 'dist/cli.js'), 'check', '--working-directory', 'test/fixtures/ci/go'],
      { cwd: root, encoding: 'utf8', timeout: 300_000 },
    );
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('✓ install: passed');
    expect(r.stderr).toContain('✗ vet: failed (exit code 1)');
    expect(r.stderr).toContain('test/fixtures/ci/go/calc.go:14:2: error: vet: unreachable code');
    expect(r.stdout).toContain('cutover lint-test: failed');
  }, 300_000);
});
