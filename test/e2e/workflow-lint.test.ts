// The repository's workflows and action.yml files pass actionlint and zizmor (both installed
// by scripts/setup-tools.sh: actionlint from the Go module proxy, zizmor from PyPI).
import { spawnSync } from 'node:child_process';
import { mkdtemp, mkdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '../..');

function run(cmd: string, args: string[], cwd = root) {
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8' });
  if (r.error) throw r.error; // not installed: scripts/setup-tools.sh puts them on the PATH
  return { code: r.status, out: `${r.stdout}${r.stderr}` };
}

it('actionlint finds nothing in .github/workflows', () => {
  const r = run('actionlint', ['-color=false']);
  expect(r.out).toBe('');
  expect(r.code).toBe(0);
});

it('zizmor finds nothing in the workflows and action.yml files', () => {
  const r = run('zizmor', ['--offline', '--no-progress', '--format', 'plain', '.']);
  expect(r.code).toBe(0);
  expect(r.out).toContain('No findings');
});

// The consumer example: its own zizmor config lets it adopt cutover by the v1 tag.
it('actionlint and zizmor find nothing in the example consumer workflows', () => {
  const dir = join(root, 'examples/consumer');
  const files = ['deploy.yml', 'rollback.yml'].map((f) => `.github/workflows/${f}`);
  const a = run('actionlint', ['-color=false', ...files], dir);
  expect(a.out).toBe('');
  expect(a.code).toBe(0);
  const z = run(
    'zizmor',
    ['--offline', '--no-progress', '--format', 'plain', '--config', '.github/zizmor.yml', '.'],
    dir,
  );
  expect(z.code).toBe(0);
  expect(z.out).toContain('No findings');
});

it('actionlint ignores only the self-repository `$/actions/...` finding, nothing else in those files', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'cutover-lint-'));
  await mkdir(join(dir, '.github/workflows'), { recursive: true });
  await writeFile(
    join(dir, '.github/actionlint.yaml'),
    await readFile(join(root, '.github/actionlint.yaml'), 'utf8'),
  );
  run('git', ['init', '-q'], dir); // actionlint finds its config at the repository root
  const cd = await readFile(join(root, '.github/workflows/cd.yml'), 'utf8');
  await writeFile(
    join(dir, '.github/workflows/cd.yml'),
    `${cd}      - run: echo \${{ matrix.nope }}\n`,
  );
  const r = run('actionlint', ['-color=false', '-oneline'], dir);
  expect(r.code).not.toBe(0);
  expect(r.out).toMatch(/property "nope" is not defined/);
  expect(r.out).not.toMatch(/\$\/actions/);
});

it('both linters do fail on a bad workflow (the checks above can fail)', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'cutover-lint-'));
  await mkdir(join(dir, '.github/workflows'), { recursive: true });
  await writeFile(
    join(dir, '.github/workflows/bad.yml'),
    'on: push\njobs:\n  x:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v5\n      - run: echo "${{ github.event.head_commit.message }}"\n      - run: echo ${{ matrix.nope }}\n',
  );
  run('git', ['init', '-q'], dir);
  const a = run('actionlint', ['-color=false'], dir);
  expect(a.code).not.toBe(0);
  expect(a.out).toMatch(/property "nope" is not defined/);
  const z = run('zizmor', ['--offline', '--no-progress', '.'], dir);
  expect(z.code).not.toBe(0);
  expect(z.out).toMatch(/template-injection/);
});
