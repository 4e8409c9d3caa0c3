// The reusable workflows executed, not only parsed: act (nektos/act, built by
// scripts/setup-tools.sh) runs the example consumer's workflows, which call cutover's cd.yml
// and rollback.yml, on this host against the local control plane. Where act differs from
// GitHub, the test says so: act has no environment protection rules (a rejected approval is
// the approval job failing, which is what GitHub does to it) and does not take the
// self-repository syntax `$/actions/x`, so the assembled repository (cutover beside the
// consumer's files, as one checkout) names the same actions `./actions/x`.
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { imageOf, readRelease } from '../../../src/release/state.ts';
import {
  actArgs,
  assembleActRepository,
  jobResults,
  secretsFile,
} from '../../../scripts/act-repo.ts';
import { startFakeGitHub, type FakeGitHub } from '../../support/fake-github.ts';
import { startRegistry, type RunningRegistry } from '../../support/registry.ts';
import { testKubeconfigPath } from '../../integration/helpers.ts';
import { adminCluster, tenantConfigYaml, uniqueApp } from '../../integration/tenant-fixtures.ts';

const app = uniqueApp('wf');
const tenants = ['alpha', 'bravo', 'charlie'];
const stagingTenants = ['qa'];
const digest = (c: string) => `sha256:${c.repeat(64)}`;
const image = (c: string) => `${registry.host}/acme/${app}@${digest(c)}`;

/** The gate's webhook: fails the tenants in `failing`, passes every other. */
const failing = new Set<string>();
let hook: Server;
let hookUrl: string;

let repo: string;
let secrets: string;
/** Where ci.yml pushes the image: a real registry on loopback. */
let registry: RunningRegistry;
/** GitHub's REST API is outside this machine: a fake records the deployments and issues. */
let github: FakeGitHub;
const token = 'e2e-workflow-token';

beforeAll(async () => {
  registry = await startRegistry();
  github = await startFakeGitHub('acme/shop');
  github.allow(token, ['deployments', 'issues']);
  hook = createServer((req, res) => {
    let body = '';
    req.on('data', (d: Buffer) => (body += d.toString()));
    req.on('end', () => {
      const { tenant } = JSON.parse(body) as { tenant: string };
      res.writeHead(failing.has(tenant) ? 500 : 200).end();
    });
  });
  await new Promise<void>((done) => hook.listen(0, '127.0.0.1', done));
  const address = hook.address();
  hookUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/verify`;
  repo = await assembleRepository();
  const kubeconfig = parse(await readFile(testKubeconfigPath(), 'utf8')) as unknown;
  secrets = join(repo, '..', 'secrets.env');
  await writeFile(
    secrets,
    secretsFile({ KUBECONFIG: kubeconfig, STAGING_KUBECONFIG: kubeconfig, GITHUB_TOKEN: token }),
  );
}, 60_000);

afterAll(async () => {
  await new Promise((done) => hook.close(done));
  await registry?.stop();
  await github?.close();
});

/** cutover's workflows, actions and dist beside the consumer's files (scripts/act-repo.ts). */
async function assembleRepository(): Promise<string> {
  const dir = join(await mkdtemp(join(tmpdir(), 'cutover-wf-')), 'repo');
  // The consumer's app: the demo's Go module for lint-test (go vet, gofmt, go test). Its
  // image needs no base image to pull (none can be, here) and no running: kwok's pods
  // run no image; it is built by buildah and pushed like any other.
  return assembleActRepository(dir, {
    'cutover.yaml': config(),
    'go.mod': { from: 'examples/demo/app/go.mod' },
    'main.go': { from: 'examples/demo/app/main.go' },
    'main_test.go': { from: 'examples/demo/app/main_test.go' },
    Dockerfile: 'FROM scratch\nCOPY main.go /src/main.go\n',
  });
}

function config(): string {
  const base = tenantConfigYaml(app, [
    { id: 'alpha', ring: 'canary' },
    { id: 'bravo', ring: 'main' },
    { id: 'charlie', ring: 'main' },
  ]).replace(`repository: registry.local/${app}`, `repository: ${registry.host}/acme/${app}`);
  return `${base}routing: { steps: [100] }
health:
  interval: 200ms
  count: 2
  failureLimit: 1
  checks:
    - kind: rollout
    - kind: webhook
      url: ${hookUrl}
      timeout: 2s
      retries: 0
blueRetention: { mode: keep-warm, replicas: 1, delay: 0s }
# Staging: the same cluster here (its own kubeconfig secret all the same), one tenant.
environments:
  staging:
    url: https://{tenant}.staging.test
    rings: [{ name: canary }]
    tenants: [{ id: qa, ring: canary, tier: small }]
`;
}

function run(cmd: string, args: string[], cwd: string): Promise<{ code: number; out: string }> {
  return new Promise((done, fail) => {
    const child = spawn(cmd, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    child.on('error', fail);
    child.on('close', (code) => done({ code: code ?? 1, out }));
  });
}

let actRuns = 0;
/** The image ci.yml pushed in the first run. */
let pushed: string | undefined;

interface ActRun {
  code: number;
  out: string;
  /** Where act's whole output was written, for a failure's reader. */
  log: string;
  /** Job display name → succeeded | failed, from act's `🏁  Job …` lines. */
  jobs: Record<string, string>;
}

/** `act <event>` on one of the consumer's workflows, the runner on this host. */
async function act(event: string, workflow: string, extra: string[] = []): Promise<ActRun> {
  const r = await run(
    'act',
    actArgs({
      event,
      workflow,
      secretFile: secrets,
      env: {
        GITHUB_API_URL: github.url,
        // act numbers every run 1; GitHub gives each its own id (deployments are per run)
        GITHUB_RUN_ID: String(actRuns + 1),
      },
      extra,
    }),
    repo,
  );
  const jobs = jobResults(r.out);
  const log = join(repo, '..', `act-${++actRuns}.log`);
  await writeFile(log, r.out);
  return { ...r, jobs, log };
}

/** A failed run shows the end of act's output, where the failing step printed its error. */
function expectSuccess(r: ActRun): void {
  if (r.code !== 0)
    throw new Error(
      `act exited ${r.code} (all of it in ${r.log}):\n${r.out.split('\n').slice(-40).join('\n')}`,
    );
}

/** Each tenant's live image, from its release objects. */
async function liveImages(which = tenants): Promise<Record<string, string | undefined>> {
  const cluster = adminCluster();
  const entries = await Promise.all(
    which.map(async (t) => {
      const r = await readRelease(cluster, `${app}-${t}`, app);
      return [t, r.live ? imageOf(r.deployments[r.live]) : undefined] as const;
    }),
  );
  return Object.fromEntries(entries);
}

async function deploy(c: string, cdFile = 'cd.yml'): Promise<ActRun> {
  const event = join(repo, '..', `push-${c}.json`);
  await writeFile(event, JSON.stringify({ ref: 'refs/heads/main' }));
  // ci.yml is exercised on its own below; here the image is the one under test.
  const cd = await readFile(join(repo, '.github/workflows/consumer-deploy.yml'), 'utf8');
  const direct = join(repo, '.github/workflows', `consumer-deploy-${c}.yml`);
  await writeFile(direct, cdOnly(cd, image(c), cdFile));
  return act('push', `consumer-deploy-${c}.yml`, ['-e', event]);
}

/** The consumer's deploy workflow with its ci job left out and the image given. */
function cdOnly(workflow: string, img: string, cdFile: string): string {
  const doc = parse(workflow) as {
    jobs: Record<string, { uses: string; needs?: string; with?: Record<string, string> }>;
  };
  delete doc.jobs.ci;
  const cd = doc.jobs.cd!;
  delete cd.needs;
  cd.uses = `./.github/workflows/${cdFile}`;
  cd.with = { ...cd.with, image: img };
  return JSON.stringify(doc);
}

/** Each deployment recorded since `from`: its environment and its statuses in order. */
function deploymentsSince(from: number): [string, string[]][] {
  return github.deployments
    .slice(from)
    .map((d) => [d.environment, d.statuses.map((st) => st.state)] as [string, string[]]);
}

it("the consumer's deploy workflow as written: ci tests and pushes the image, cd deploys it by digest to every tenant, each environment's deployment recorded (GitHub API faked)", async () => {
  const event = join(repo, '..', 'push.json');
  await writeFile(event, JSON.stringify({ ref: 'refs/heads/main' }));
  const r = await act('push', 'consumer-deploy.yml', ['-e', event]);
  expectSuccess(r);
  expect(r.jobs).toMatchObject({
    'lint and test': 'succeeded',
    package: 'succeeded',
    plan: 'succeeded',
    staging: 'succeeded',
    'staging approval': 'succeeded',
    'provision production': 'succeeded',
    'canary 100%': 'succeeded',
    'main 100%': 'succeeded',
  });
  pushed = /::set-output:: image=(\S+)/.exec(r.out)?.[1];
  expect(pushed).toMatch(new RegExp(`^${registry.host}/acme/${app}@sha256:[0-9a-f]{64}$`));
  const manifest = await fetch(
    `${registry.url}/v2/acme/${app}/manifests/${pushed!.split('@')[1]}`,
    { headers: { accept: 'application/vnd.oci.image.manifest.v1+json' } },
  );
  expect(manifest.status).toBe(200);
  expect(await liveImages()).toEqual({ alpha: pushed, bravo: pushed, charlie: pushed });
  expect(await liveImages(stagingTenants)).toEqual({ qa: pushed });
  expect(deploymentsSince(0)).toEqual([
    ['staging', ['in_progress', 'success']],
    ['production', ['in_progress', 'success']],
  ]);
  expect(github.deployments[1]!.payload).toMatchObject({ image: pushed });
  expect(github.deployments[0]!.statuses[0]!.environment_url).toBe('https://qa.staging.test');
  expect(github.calls.every((c) => c.authorization === `token ${token}`)).toBe(true);
  expect(r.out).not.toContain(token);
  // staging, its approval, then production: in that order
  const order = ['staging', 'staging approval', 'provision production'].map((job) =>
    r.out.search(new RegExp(`/${job}\\s*\\]\\s+🏁\\s+Job succeeded`, 'u')),
  );
  expect(order.every((at, i) => at > 0 && (i === 0 || at > order[i - 1]!))).toBe(true);
}, 600_000);

it('cd: a staging approval refused stops the run before production (act has no reviewers: the approval job fails, as GitHub fails a rejected one)', async () => {
  const cd = await readFile(join(repo, '.github/workflows/cd.yml'), 'utf8');
  const refused = cd.replace(
    'run: echo "Staging approved; production goes next."',
    'run: echo "rejected by the reviewers" && exit 1',
  );
  expect(refused).not.toBe(cd);
  await writeFile(join(repo, '.github/workflows/cd-refused.yml'), refused);
  const before = await liveImages();
  const r = await deploy('d', 'cd-refused.yml');
  expect(r.code).not.toBe(0);
  expect(r.jobs).toMatchObject({ staging: 'succeeded', 'staging approval': 'failed' });
  expect(r.jobs).not.toHaveProperty('provision production');
  expect(r.out).not.toMatch(/canary 100%[^\]]*\]\s+⭐ Run Set up job/u);
  expect(await liveImages(stagingTenants)).toEqual({ qa: image('d') });
  expect(await liveImages()).toEqual(before);
}, 600_000);

it('cd: 3 tenants in 2 rings reach the new version ring by ring, the canary ring first', async () => {
  const second = await deploy('b');
  expect(second.jobs).toMatchObject({
    plan: 'succeeded',
    'provision production': 'succeeded',
    'canary 100%': 'succeeded',
    'main 100%': 'succeeded',
  });
  expectSuccess(second);
  expect(await liveImages()).toEqual({ alpha: image('b'), bravo: image('b'), charlie: image('b') });
  // one phase at a time: the main ring's job starts after the canary ring's ended
  const canaryDone = second.out.search(/canary 100%[^\]]*\]\s+🏁\s+Job succeeded/u);
  const mainStart = second.out.search(/main 100%[^\]]*\]\s+⭐ Run Set up job/u);
  expect(canaryDone).toBeGreaterThan(0);
  expect(mainStart).toBeGreaterThan(canaryDone);
}, 600_000);

it('cd: a failing gate in the second ring rolls that ring back, the first stays on the new version; the rollback is recorded and opens an issue with the evidence (GitHub API faked)', async () => {
  failing.add('charlie');
  const from = github.deployments.length;
  try {
    const r = await deploy('c');
    expect(r.code).not.toBe(0);
    expect(r.jobs).toMatchObject({ 'canary 100%': 'succeeded', 'main 100%': 'failed' });
    expect(r.out).toMatch(/roll back ring main/);
  } finally {
    failing.clear();
  }
  expect(await liveImages()).toEqual({ alpha: image('c'), bravo: image('b'), charlie: image('b') });
  const recorded = deploymentsSince(from);
  expect(recorded[0]).toEqual(['staging', ['in_progress', 'success']]);
  expect(recorded[1]![0]).toBe('production');
  expect(recorded[1]![1].slice(0, 1)).toEqual(['in_progress']);
  expect(recorded[1]![1]).toContain('inactive');
  expect(github.issues).toHaveLength(1);
  const issue = github.issues[0]!;
  expect(issue.labels).toContain('cutover-rollback');
  expect(issue.body).toMatch(/charlie/);
  expect(issue.body).toMatch(/webhook/);
}, 600_000);

it('rollback workflow (workflow_dispatch) with a tenant scope moves only that tenant, and comments on the open issue (GitHub API faked)', async () => {
  const r = await act('workflow_dispatch', 'consumer-rollback.yml', [
    '--input',
    'environment=production',
    '--input',
    'tenants=alpha',
    '--input',
    'reason=e2e: alpha back',
  ]);
  expectSuccess(r);
  expect(await liveImages()).toEqual({ alpha: image('b'), bravo: image('b'), charlie: image('b') });
  // the same issue (one per app and environment) gets the manual rollback as a comment
  expect(github.issues).toHaveLength(1);
  expect(github.issues[0]!.comments.at(-1)?.body).toMatch(/alpha back/);

  // `to`: a release further back in alpha's history, by its digest (the one ci.yml pushed)
  const further = await act('workflow_dispatch', 'consumer-rollback.yml', [
    '--input',
    'tenants=alpha',
    '--input',
    `to=${pushed!.split('@')[1]}`,
    '--input',
    'reason=e2e: alpha to the first release',
  ]);
  expectSuccess(further);
  expect(await liveImages()).toEqual({ alpha: pushed, bravo: image('b'), charlie: image('b') });
}, 300_000);
