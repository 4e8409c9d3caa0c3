/**
 * The commands lint-test runs when `ci.steps` is not given, read from the repository: the
 * package manager from its lockfile, the steps from what the project declares (package.json
 * scripts, ruff/mypy/pytest settings, a go.mod, a pom.xml or a Gradle build). Only steps the
 * project can run are proposed, so a detected step that fails is the project's failure.
 */
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

export type Ecosystem =
  'npm' | 'pnpm' | 'yarn' | 'uv' | 'poetry' | 'pip' | 'go' | 'maven' | 'gradle';

/** A step as lint-test runs it; `ci.steps` entries and detected steps both become one. */
export interface PlannedStep {
  name: string;
  run: string;
  shell?: 'bash' | 'sh' | 'pwsh' | undefined;
  /** Relative to the project directory. */
  workingDirectory?: string | undefined;
  env?: Record<string, string> | undefined;
  required: boolean;
  install: boolean;
  /** JUnit reports: relative to the step's directory, or absolute; `*` globs allowed. */
  reports?: string[] | undefined;
  timeoutMs: number;
  /** Fails the step when it prints anything (gofmt -l lists unformatted files, exit 0). */
  failOnOutput?: string | undefined;
}

export interface DetectedProject {
  ecosystem: Ecosystem;
  /** What gave it away, for the report (e.g. `package-lock.json`). */
  evidence: string;
  steps: PlannedStep[];
  cache: { paths: string[]; keyFiles: string[] };
}

const STEP_TIMEOUT_MS = 30 * 60_000;
const step = (name: string, run: string, more: Partial<PlannedStep> = {}): PlannedStep => ({
  name,
  run,
  required: true,
  install: false,
  timeoutMs: STEP_TIMEOUT_MS,
  ...more,
});

/** `reportsDir`: where detected test steps write JUnit reports (a temporary directory). */
export function detectProject(dir: string, reportsDir: string): DetectedProject | undefined {
  const has = (f: string) => existsSync(join(dir, f));
  if (has('package.json')) return detectNode(dir, has);
  if (has('pyproject.toml') || has('requirements.txt') || has('setup.py'))
    return detectPython(dir, has, reportsDir);
  if (has('go.mod')) return detectGo();
  if (has('pom.xml')) return detectMaven(has);
  if (has('build.gradle') || has('build.gradle.kts')) return detectGradle(has);
  return undefined;
}

/** What lint-test looks for, for the error that says nothing was found. */
export const DETECTED_FILES =
  'package.json, pyproject.toml, requirements.txt, setup.py, go.mod, pom.xml, build.gradle(.kts)';

type Has = (file: string) => boolean;

/** package.json scripts, in the order a CI runs them; the first name present of each row. */
const NODE_SCRIPTS: [step: string, scripts: string[]][] = [
  ['lint', ['lint']],
  ['format', ['format:check', 'check-format', 'prettier:check', 'fmt:check']],
  ['typecheck', ['typecheck', 'type-check', 'check-types', 'tsc']],
  ['unit tests', ['test:unit', 'test']],
  ['integration tests', ['test:integration', 'test:int']],
  ['e2e tests', ['test:e2e', 'e2e']],
];

function detectNode(dir: string, has: Has): DetectedProject {
  const scripts = packageScripts(dir);
  const manager: { eco: Ecosystem; lock: string; install: string; run: string; cache: string } =
    has('pnpm-lock.yaml')
      ? {
          eco: 'pnpm',
          lock: 'pnpm-lock.yaml',
          install: 'pnpm install --frozen-lockfile',
          run: 'pnpm run',
          cache: join(homedir(), '.local/share/pnpm/store'),
        }
      : has('yarn.lock')
        ? {
            eco: 'yarn',
            lock: 'yarn.lock',
            install: has('.yarnrc.yml')
              ? 'yarn install --immutable'
              : 'yarn install --frozen-lockfile',
            run: 'yarn run',
            cache: has('.yarnrc.yml')
              ? join(homedir(), '.yarn/berry/cache')
              : join(homedir(), '.cache/yarn'),
          }
        : {
            eco: 'npm',
            lock: has('package-lock.json') ? 'package-lock.json' : 'npm-shrinkwrap.json',
            install:
              has('package-lock.json') || has('npm-shrinkwrap.json') ? 'npm ci' : 'npm install',
            run: 'npm run',
            cache: join(homedir(), '.npm'),
          };
  const steps = [step('install', manager.install, { install: true })];
  for (const [name, names] of NODE_SCRIPTS) {
    const script = names.find((n) => n in scripts);
    // `test` is the unit step only when no test:unit is there; the default npm `test`
    // placeholder ("no test specified" && exit 1) is not a test suite.
    if (!script || /no test specified/.test(scripts[script] ?? '')) continue;
    // jest-junit and most JUnit reporters write ./junit.xml unless told otherwise.
    const reports = name.endsWith('tests') ? { reports: ['junit.xml'] } : {};
    steps.push(step(name, `${manager.run} ${script}`, reports));
  }
  return {
    ecosystem: manager.eco,
    evidence: has(manager.lock) ? manager.lock : 'package.json',
    steps,
    cache: {
      paths: [manager.cache],
      keyFiles: has(manager.lock) ? [manager.lock] : ['package.json'],
    },
  };
}

function packageScripts(dir: string): Record<string, string> {
  try {
    const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as {
      scripts?: Record<string, string>;
    };
    return pkg.scripts ?? {};
  } catch {
    return {};
  }
}

function detectPython(dir: string, has: Has, reportsDir: string): DetectedProject {
  const pyproject = has('pyproject.toml') ? readFileSync(join(dir, 'pyproject.toml'), 'utf8') : '';
  const [eco, lock, install, run, cache]: [Ecosystem, string, string, string, string] = has(
    'uv.lock',
  )
    ? ['uv', 'uv.lock', 'uv sync --frozen', 'uv run', '.cache/uv']
    : has('poetry.lock')
      ? [
          'poetry',
          'poetry.lock',
          'poetry install --no-interaction',
          'poetry run',
          '.cache/pypoetry',
        ]
      : [
          'pip',
          has('requirements.txt') ? 'requirements.txt' : 'pyproject.toml',
          has('requirements.txt')
            ? 'python -m pip install -r requirements.txt'
            : 'python -m pip install -e .',
          'python -m',
          '.cache/pip',
        ];
  const tool = (name: string) => `${run} ${name}`;
  const usesRuff = has('ruff.toml') || has('.ruff.toml') || /^\[tool\.ruff/m.test(pyproject);
  const usesMypy = has('mypy.ini') || /^\[tool\.mypy/m.test(pyproject);
  const usesPytest =
    has('pytest.ini') || has('tests') || has('conftest.py') || /^\[tool\.pytest/m.test(pyproject);
  const steps = [step('install', install, { install: true })];
  if (usesRuff) {
    steps.push(step('lint', `${tool('ruff')} check --output-format concise .`));
    steps.push(step('format', `${tool('ruff')} format --check .`));
  }
  if (usesMypy) steps.push(step('typecheck', `${tool('mypy')} .`));
  if (usesPytest) {
    const report = join(reportsDir, 'pytest.xml');
    steps.push(step('tests', `${tool('pytest')} --junitxml=${report}`, { reports: [report] }));
  }
  return {
    ecosystem: eco,
    evidence: lock,
    steps,
    cache: { paths: [join(homedir(), cache)], keyFiles: [lock] },
  };
}

function detectGo(): DetectedProject {
  return {
    ecosystem: 'go',
    evidence: 'go.mod',
    steps: [
      step('install', 'go mod download', { install: true }),
      step('format', 'gofmt -l .', {
        failOnOutput: 'gofmt -l lists files that are not gofmt-formatted',
      }),
      step('vet', 'go vet ./...'),
      step('tests', 'go test ./...'),
    ],
    cache: {
      paths: [join(homedir(), 'go/pkg/mod'), join(homedir(), '.cache/go-build')],
      keyFiles: ['go.sum'],
    },
  };
}

function detectMaven(has: Has): DetectedProject {
  const mvn = has('mvnw') ? './mvnw' : 'mvn';
  return {
    ecosystem: 'maven',
    evidence: 'pom.xml',
    steps: [
      step('install', `${mvn} -B -ntp dependency:resolve`, { install: true }),
      step('verify', `${mvn} -B -ntp verify`, { reports: ['target/surefire-reports/*.xml'] }),
    ],
    cache: { paths: [join(homedir(), '.m2/repository')], keyFiles: ['pom.xml'] },
  };
}

function detectGradle(has: Has): DetectedProject {
  const gradle = has('gradlew') ? './gradlew' : 'gradle';
  const build = has('build.gradle.kts') ? 'build.gradle.kts' : 'build.gradle';
  return {
    ecosystem: 'gradle',
    evidence: build,
    steps: [
      step('build', `${gradle} build --no-daemon`, {
        reports: ['build/test-results/test/*.xml'],
      }),
    ],
    cache: {
      paths: [join(homedir(), '.gradle/caches'), join(homedir(), '.gradle/wrapper')],
      keyFiles: [build, ...(has('gradle.lockfile') ? ['gradle.lockfile'] : [])],
    },
  };
}
