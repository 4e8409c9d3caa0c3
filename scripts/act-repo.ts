/**
 * A repository act (nektos/act) can run cutover's reusable workflows in: cutover's
 * workflows, actions and dist/ beside a consumer's files, committed, as one checkout.
 * GitHub resolves `uses: $/actions/x` to the called workflow's own repository; act does not
 * take that syntax, so in the copy the same actions are `./actions/x`, and the consumer's
 * `OWNER/cutover/.github/workflows/x.yml@v1` is the local `./.github/workflows/x.yml`.
 * Used by the workflows' end-to-end test and by the demo (scripts/demo-workflows.ts).
 */
import { spawnSync } from 'node:child_process';
import { cp, mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
export const CUTOVER_WORKFLOWS = ['ci.yml', 'cd.yml', 'rollback.yml'];

/** The example consumer's workflows, under .github/workflows/consumer-<name>. */
export const CONSUMER_WORKFLOWS = ['deploy.yml', 'rollback.yml'];

export function forAct(workflow: string): string {
  return workflow
    .replaceAll('$/actions/', './actions/')
    .replace(/OWNER\/cutover\/\.github\/workflows\/([a-z-]+\.yml)@v1/g, './.github/workflows/$1');
}

/**
 * Writes the repository at `dir`: cutover's parts, the example consumer's workflows, then
 * `files` (path → content, or `{ from }` a file of this repository to copy). Commits it,
 * with `origin` so act names the repository `acme/shop`.
 */
export async function assembleActRepository(
  dir: string,
  files: Record<string, string | { from: string }>,
): Promise<string> {
  const workflows = join(dir, '.github/workflows');
  await mkdir(workflows, { recursive: true });
  await cp(join(root, 'actions'), join(dir, 'actions'), { recursive: true });
  await cp(join(root, 'dist'), join(dir, 'dist'), { recursive: true });
  for (const f of CUTOVER_WORKFLOWS)
    await writeFile(
      join(workflows, f),
      forAct(await readFile(join(root, '.github/workflows', f), 'utf8')),
    );
  for (const f of CONSUMER_WORKFLOWS)
    await writeFile(
      join(workflows, `consumer-${f}`),
      forAct(await readFile(join(root, 'examples/consumer/.github/workflows', f), 'utf8')),
    );
  for (const [path, content] of Object.entries(files)) {
    await mkdir(dirname(join(dir, path)), { recursive: true });
    if (typeof content === 'string') await writeFile(join(dir, path), content);
    else await cp(join(root, content.from), join(dir, path));
  }
  const git = (...args: string[]) => {
    const r = spawnSync('git', args, { cwd: dir, encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`git ${args.join(' ')}: ${r.stderr}`);
  };
  git('init', '-q', '-b', 'main');
  git('remote', 'add', 'origin', 'https://github.com/acme/shop.git');
  git('add', '-A');
  git('-c', 'user.name=cutover', '-c', 'user.email=cutover@localhost', 'commit', '-qm', 'init');
  return dir;
}

/** act's secret file (dotenv): each kubeconfig as one JSON line, which is YAML too. */
export function secretsFile(secrets: Record<string, unknown>): string {
  return Object.entries(secrets)
    .map(([k, v]) => `${k}=${JSON.stringify(typeof v === 'string' ? v : JSON.stringify(v))}\n`)
    .join('');
}

/** The act command line that runs one workflow of the repository on this host, no Docker. */
export function actArgs(o: {
  event: string;
  workflow: string;
  secretFile: string;
  env?: Record<string, string>;
  extra?: string[];
}): string[] {
  return [
    o.event,
    '-W',
    `.github/workflows/${o.workflow}`,
    '-P',
    'ubuntu-latest=-self-hosted',
    '--secret-file',
    o.secretFile,
    ...Object.entries(o.env ?? {}).flatMap(([k, v]) => ['--env', `${k}=${v}`]),
    ...(o.extra ?? []),
  ];
}

/** act's `🏁 Job …` lines: job display name → succeeded | failed (act adds -N to matrix jobs). */
export function jobResults(out: string): Record<string, string> {
  const jobs: Record<string, string> = {};
  for (const m of out.matchAll(
    /^\[[^\]]*?\/([^\]/]+?)(?:-\d+)?\s*\]\s+🏁\s+Job (succeeded|failed)$/gmu,
  ))
    jobs[m[1]!.trim()] = m[2]!;
  return jobs;
}
