/**
 * `ci` and `package`: what the CI stages run before anything is deployed. Both are
 * optional: lint-test detects the commands of npm/pnpm/yarn, pip/poetry/uv, go and
 * maven/gradle repositories, and package-artifact builds `./Dockerfile`.
 */
import * as z from 'zod';
import { doc, withHint } from './docs.ts';
import { duration, envVars } from './fields.ts';

/** Shells a step may ask for; anything else would be a command of its own. */
export const STEP_SHELLS = ['bash', 'sh', 'pwsh'] as const;

const relativePath = (description: string) =>
  doc(
    description,
    withHint(
      'write a path relative to the repository root, like `services/api`',
      z
        .string({ error: 'expected a path (a string)' })
        .min(1, { error: 'expected a path, found an empty string' })
        .refine((p) => !p.startsWith('/') && !p.split(/[\\/]/).includes('..'), {
          error: 'expected a path inside the repository (relative, without `..`)',
        }),
    ),
  );

export const ciStepSchema = z.strictObject({
  name: doc(
    'Name of the step in the log and the job summary',
    z.string({ error: 'expected a step name (a string)' }).regex(/^[\w][\w .:/-]{0,62}$/, {
      error: 'expected a short name: letters, digits, spaces and . _ : / - (at most 63)',
    }),
  ),
  run: doc(
    'The command line. Without `shell` it is split into words (quotes and backslashes honoured) and run directly, so no text becomes shell syntax',
    z
      .string({ error: 'expected a command line (a string)' })
      .refine((s) => s.trim().length > 0, { error: 'expected a command, found an empty string' }),
  ),
  shell: doc(
    'Run `run` as a script of this shell (pipes, globs, `&&`); off by default',
    z.enum(STEP_SHELLS),
  ).optional(),
  workingDirectory: relativePath(
    'Where the step runs, relative to `ci.workingDirectory`',
  ).optional(),
  env: envVars('Extra environment variables of the step').optional(),
  required: doc(
    'Whether a failure of this step fails the stage (an optional step only warns)',
    z.boolean({ error: 'expected true or false' }),
  ).default(true),
  install: doc(
    'The dependency install: it runs first, and when it fails the other steps are skipped',
    z.boolean({ error: 'expected true or false' }),
  ).default(false),
  reports: doc(
    'JUnit XML reports the step writes (paths relative to its working directory): failed tests become annotations',
    z.array(relativePath('A JUnit XML report')),
  ).optional(),
  timeout: duration('How long the step may run before it is stopped').prefault('30m'),
});

export const ciCacheSchema = z.strictObject({
  enabled: doc(
    'Cache dependencies with the GitHub Actions cache',
    z.boolean({ error: 'expected true or false' }),
  ).default(true),
  paths: doc(
    'What to cache (default: the detected package manager’s store, like ~/.npm)',
    z.array(z.string().min(1)).min(1, { error: 'expected at least one path' }),
  ).optional(),
  keyFiles: doc(
    'Files whose content keys the cache (default: the lockfiles found)',
    z
      .array(relativePath('A file of the repository'))
      .min(1, { error: 'expected at least one file' }),
  ).optional(),
});

export const ciSchema = doc(
  'What lint-test runs: the steps (default: detected from the repository) and the dependency cache',
  z.strictObject({
    workingDirectory: relativePath(
      'Where the project lives, relative to the repository root',
    ).default('.'),
    steps: doc(
      'The commands to run, in order (default: detected from the repository)',
      z.array(ciStepSchema).min(1, { error: 'expected at least one step, or leave `steps` out' }),
    ).optional(),
    cache: ciCacheSchema.prefault({}),
  }),
);

export const packageSchema = doc(
  'What package-artifact builds: the image (Dockerfile, context) and the deploy bundle beside it',
  z.strictObject({
    context: relativePath('The build context, relative to the repository root').default('.'),
    dockerfile: relativePath('The Dockerfile, relative to the repository root').default(
      'Dockerfile',
    ),
    target: doc('The build stage to stop at (`--target`)', z.string().min(1)).optional(),
    platform: doc('The platform to build for, like linux/amd64', z.string().min(1)).optional(),
    buildArgs: doc(
      'Build arguments (`--build-arg NAME=value`); never put secrets here, they end in the image history',
      z.record(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/), z.string()),
    ).optional(),
    bundle: doc(
      'Also push the deploy bundle (this file and the rendered per-tenant manifests) as an OCI artifact beside the image',
      z.boolean({ error: 'expected true or false' }),
    ).default(true),
  }),
);
