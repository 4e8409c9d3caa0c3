import { mkdtemp, mkdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { detectProject } from '../../../src/ci/detect.ts';

async function repo(files: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'cutover-detect-'));
  for (const [f, t] of Object.entries(files)) {
    await mkdir(dirname(join(dir, f)), { recursive: true });
    await writeFile(join(dir, f), t);
  }
  return dir;
}

const runs = (dir: string) => detectProject(dir, '/reports')?.steps.map((s) => [s.name, s.run]);
const pkg = (scripts: Record<string, string>) => JSON.stringify({ scripts });

describe('detectProject', () => {
  it('npm: npm ci, then the scripts the project has, in CI order', async () => {
    const dir = await repo({
      'package.json': pkg({
        test: 'jest',
        lint: 'eslint .',
        typecheck: 'tsc',
        'format:check': 'prettier -c .',
        'test:e2e': 'x',
      }),
      'package-lock.json': '{}',
    });
    expect(runs(dir)).toEqual([
      ['install', 'npm ci'],
      ['lint', 'npm run lint'],
      ['format', 'npm run format:check'],
      ['typecheck', 'npm run typecheck'],
      ['unit tests', 'npm run test'],
      ['e2e tests', 'npm run test:e2e'],
    ]);
    const d = detectProject(dir, '/r')!;
    expect(d).toMatchObject({
      ecosystem: 'npm',
      evidence: 'package-lock.json',
      cache: { keyFiles: ['package-lock.json'] },
    });
    expect(d.steps[0]!.install).toBe(true);
    expect(d.steps.find((s) => s.name === 'unit tests')!.reports).toEqual(['junit.xml']);
  });

  it("npm's placeholder test script is no test suite; test:unit wins over test", async () => {
    expect(
      runs(
        await repo({ 'package.json': pkg({ test: 'echo "Error: no test specified" && exit 1' }) }),
      ),
    ).toEqual([['install', 'npm install']]);
    expect(
      runs(await repo({ 'package.json': pkg({ test: 'a', 'test:unit': 'b' }) })),
    ).toContainEqual(['unit tests', 'npm run test:unit']);
  });

  it('pnpm and yarn (classic and berry) from their lockfiles', async () => {
    expect(runs(await repo({ 'package.json': pkg({ lint: 'x' }), 'pnpm-lock.yaml': '' }))).toEqual([
      ['install', 'pnpm install --frozen-lockfile'],
      ['lint', 'pnpm run lint'],
    ]);
    expect(runs(await repo({ 'package.json': pkg({}), 'yarn.lock': '' }))![0]).toEqual([
      'install',
      'yarn install --frozen-lockfile',
    ]);
    expect(
      runs(await repo({ 'package.json': pkg({}), 'yarn.lock': '', '.yarnrc.yml': '' }))![0],
    ).toEqual(['install', 'yarn install --immutable']);
  });

  it('python: uv, poetry or pip; ruff, mypy and pytest when configured, pytest with a JUnit report', async () => {
    const pyproject = '[tool.ruff]\nline-length = 100\n[tool.mypy]\nstrict = true\n';
    expect(
      runs(await repo({ 'pyproject.toml': pyproject, 'uv.lock': '', 'tests/test_a.py': '' })),
    ).toEqual([
      ['install', 'uv sync --frozen'],
      ['lint', 'uv run ruff check --output-format concise .'],
      ['format', 'uv run ruff format --check .'],
      ['typecheck', 'uv run mypy .'],
      ['tests', 'uv run pytest --junitxml=/reports/pytest.xml'],
    ]);
    expect(runs(await repo({ 'pyproject.toml': '', 'poetry.lock': '' }))).toEqual([
      ['install', 'poetry install --no-interaction'],
    ]);
    const pip = detectProject(
      await repo({ 'requirements.txt': 'pytest', 'pytest.ini': '' }),
      '/reports',
    )!;
    expect(pip.steps.map((s) => s.run)).toEqual([
      'python -m pip install -r requirements.txt',
      'python -m pytest --junitxml=/reports/pytest.xml',
    ]);
    expect(pip.steps[1]!.reports).toEqual(['/reports/pytest.xml']);
  });

  it('go: download, gofmt -l (failing on any file it lists), vet, test', async () => {
    const d = detectProject(await repo({ 'go.mod': 'module x\n' }), '/r')!;
    expect(d.steps.map((s) => s.run)).toEqual([
      'go mod download',
      'gofmt -l .',
      'go vet ./...',
      'go test ./...',
    ]);
    expect(d.steps[1]!.failOnOutput).toContain('gofmt');
    expect(d.cache.keyFiles).toEqual(['go.sum']);
  });

  it('maven and gradle (wrappers when present) with their JUnit report folders', async () => {
    const mvn = detectProject(await repo({ 'pom.xml': '<project/>', mvnw: '' }), '/r')!;
    expect(mvn.steps.map((s) => s.run)).toEqual([
      './mvnw -B -ntp dependency:resolve',
      './mvnw -B -ntp verify',
    ]);
    expect(mvn.steps[1]!.reports).toEqual(['target/surefire-reports/*.xml']);
    const gradle = detectProject(await repo({ 'build.gradle.kts': '' }), '/r')!;
    expect(gradle.steps.map((s) => s.run)).toEqual(['gradle build --no-daemon']);
  });

  it('nothing to detect is undefined (the stage turns it into CI_NOTHING_TO_RUN)', async () => {
    expect(detectProject(await repo({ 'README.md': '# hi' }), '/r')).toBeUndefined();
  });
});
