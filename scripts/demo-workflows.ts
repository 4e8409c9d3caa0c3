/**
 * The demo's last part: the example consumer's workflows, run by act on this host against
 * the local cluster. deploy.yml calls ci.yml (lint-test, then the image built by buildah and
 * pushed to the demo's registry) and cd.yml (staging, its approval, then ring by ring with a
 * gate at each traffic step); then the rollback workflow, dispatched for one tenant.
 * GitHub's API is not reachable here, so the demo turns off `record-deployments` (the e2e
 * test checks those calls against a fake).
 *
 *   node scripts/demo-workflows.ts --kubeconfig FILE --registry 127.0.0.1:PORT
 */
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { parse, stringify } from 'yaml';
import { actArgs, assembleActRepository, forAct, jobResults, secretsFile } from './act-repo.ts';

const { values } = parseArgs({
  options: { kubeconfig: { type: 'string' }, registry: { type: 'string' } },
});
if (!values.kubeconfig || !values.registry) {
  console.error('usage: node scripts/demo-workflows.ts --kubeconfig FILE --registry HOST:PORT');
  process.exit(2);
}

/** The demo's config as a consumer keeps it: its registry, its app folder, a staging. */
async function consumerConfig(): Promise<string> {
  const demo = await readFile('examples/demo/cutover.yaml', 'utf8');
  return `${demo.replace('repository: registry.local/web', `repository: ${values.registry}/demo/web`)}
ci:
  workingDirectory: examples/demo/app
# Staging on the same local cluster: one tenant of its own.
environments:
  staging:
    rings: [{ name: canary }]
    tenants: [{ id: qa, ring: canary, tier: standard }]
`;
}

/** The example workflow, told not to call GitHub's API (out of reach here). */
async function withoutDeployments(file: string, job: string): Promise<string> {
  const doc = parse(forAct(await readFile(file, 'utf8'))) as {
    jobs: Record<string, { with?: Record<string, unknown> }>;
  };
  doc.jobs[job]!.with = { ...doc.jobs[job]!.with, 'record-deployments': false };
  return stringify(doc);
}

function act(repo: string, args: string[]): Promise<{ code: number; out: string }> {
  return new Promise((done, fail) => {
    const child = spawn('act', args, { cwd: repo, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    const take = (d: Buffer) => {
      out += d.toString();
      // progress: each job's start and end
      for (const line of d.toString().split('\n'))
        if (/⭐ Run Set up job|🏁 {2}Job/u.test(line)) console.log(line.replace(/\s+\]/, ']'));
    };
    child.stdout.on('data', take);
    child.stderr.on('data', take);
    child.on('error', fail);
    child.on('close', (code) => done({ code: code ?? 1, out }));
  });
}

const repo = join(await mkdtemp(join(tmpdir(), 'cutover-demo-wf-')), 'shop');
const consumer = 'examples/consumer/.github/workflows';
await assembleActRepository(repo, {
  'cutover.yaml': await consumerConfig(),
  'examples/demo/app/go.mod': { from: 'examples/demo/app/go.mod' },
  'examples/demo/app/main.go': { from: 'examples/demo/app/main.go' },
  'examples/demo/app/main_test.go': { from: 'examples/demo/app/main_test.go' },
  'examples/demo/app/Dockerfile': { from: 'examples/demo/app/Dockerfile' },
  'examples/demo/app/web': { from: 'examples/demo/app/web' }, // built by scripts/demo.sh
  '.github/workflows/demo-deploy.yml': await withoutDeployments(`${consumer}/deploy.yml`, 'cd'),
  '.github/workflows/demo-rollback.yml': await withoutDeployments(
    `${consumer}/rollback.yml`,
    'rollback',
  ),
});
const kubeconfig = parse(await readFile(values.kubeconfig, 'utf8')) as unknown;
const secrets = join(repo, '..', 'secrets.env');
await writeFile(
  secrets,
  secretsFile({ KUBECONFIG: kubeconfig, STAGING_KUBECONFIG: kubeconfig, GITHUB_TOKEN: 'demo' }),
);
const event = join(repo, '..', 'push.json');
await writeFile(event, JSON.stringify({ ref: 'refs/heads/main' }));

const runs: [string, string[]][] = [
  ['deploy.yml (ci, then cd)', ['push', '-e', event]],
  [
    'rollback.yml for tenant bravo',
    ['workflow_dispatch', '--input', 'tenants=bravo', '--input', 'reason=demo: bravo back'],
  ],
];
for (const [what, [eventName, ...extra]] of runs) {
  console.log(`-- act: ${what}`);
  const workflow = what.startsWith('deploy') ? 'demo-deploy.yml' : 'demo-rollback.yml';
  const r = await act(
    repo,
    actArgs({ event: eventName!, workflow, secretFile: secrets, extra: extra }),
  );
  const log = join(repo, '..', `${workflow}.log`);
  await writeFile(log, r.out);
  const jobs = Object.entries(jobResults(r.out));
  console.log(`   ${jobs.map(([j, result]) => `${j}: ${result}`).join(', ')} (log: ${log})`);
  if (r.code !== 0) {
    console.error(r.out.split('\n').slice(-30).join('\n'));
    process.exit(1);
  }
}
