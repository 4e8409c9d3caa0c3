// The repository's workflows and action.yml files pass actionlint and zizmor (both installed
// by scripts/setup-tools.sh: actionlint from the Go module proxy, zizmor from PyPI).
import { spawnSync } from 'node:child_process';
import { mkdtemp, mkdir, writeFile } from 'node:fs/promises';
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

it('both linters do fail on a bad workflow (the checks above can fail)', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'cutover-lint-'));
  await mkdir(join(dir, '.github/workflows'), { recursive: true });
  await writeFile(
    join(dir, '.github/workflows/bad.yml'),
    'on: push\njobs:\n  x:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v5\n      - run: echo "${{ github.event.head_commit.message }}"\n      - run: echo ${{ matrix.nope }}\n',
  );
  expect(run('actionlint', ['-color=false'], dir).code).not.toBe(0);
  expect(run('zizmor', ['--offline', '--no-progress', '.'], dir).code).not.toBe(0);
});
