// The README's quick start runs as written: its main-job command, end to end, on a local
// control plane of its own.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '../..');

it('the README gives exactly the two quick-start commands', () => {
  const readme = readFileSync(join(root, 'README.md'), 'utf8');
  const quick = /## Quick start[\s\S]*?```sh\n([\s\S]*?)```/.exec(readme)![1]!;
  const commands = quick
    .split('\n')
    .filter(Boolean)
    .map((l) => l.split('#')[0]!.trim());
  expect(commands).toEqual(['scripts/demo.sh', 'scripts/test.sh']);
});

it('scripts/demo.sh validates, plans and provisions the example tenants, converges, then runs a real cutover with traffic', () => {
  const name = `demo-${process.pid}`;
  try {
    const r = spawnSync('bash', ['scripts/demo.sh'], {
      cwd: root,
      encoding: 'utf8',
      env: { ...process.env, CUTOVER_DEMO_CLUSTER: name },
      timeout: 900_000,
    });
    expect(r.stderr + r.stdout).toContain('examples/cutover.yaml: valid');
    expect(r.status).toBe(0);
    // CI first: the demo app checked (go fmt, vet, test), then packaged and pushed by digest.
    expect(r.stderr).toMatch(/✓ tests: passed/);
    expect(r.stdout).toMatch(/cutover lint-test: passed/);
    expect(r.stdout).toMatch(/^image: 127\.0\.0\.1:\d+\/demo\/web@sha256:[0-9a-f]{64}$/m);
    expect(r.stdout).toMatch(/^bundle: 127\.0\.0\.1:\d+\/demo\/web@sha256:[0-9a-f]{64}$/m);
    expect(r.stdout).toMatch(/canary\s+internal\s+shop-internal\s+14\s+0\s+0\s+0\s+ok/);
    // the last run is the converged one: nothing to write
    expect(r.stdout.trimEnd().split('API requests:').pop()).toContain('0 writes');
    // the cutover: testers first, shares on green printed at each step, no failed request
    expect(r.stdout).toMatch(
      /alpha: 0\/200 on green \(0\.0%\), none failed; testers 20\/20 on green/,
    );
    expect(r.stdout).toMatch(
      /alpha: \d+\/200 on green \((\d+\.\d)%\), none failed; testers 20\/20/,
    );
    expect(r.stdout).toMatch(/charlie: 200\/200 on green \(100\.0%\), none failed/);
    expect(r.stdout).toMatch(/requests through the router during the rollout: [1-9]\d*, failed: 0/);
    expect(r.stdout).not.toMatch(/failed: [1-9]/);
    // The health gate before each step: its rounds, then its verdict, per tenant.
    expect(r.stdout).toMatch(
      /\[canary\] alpha: round 2 pass .*rollout pass: 2\/2 ready.*http \/healthz pass: 10\/10 answered 200/,
    );
    expect(r.stdout).toMatch(/gate charlie: pass, 2 rounds, the last passed/);
    // v3 never became ready: rolled back by itself, the later ring not started
    expect(r.stdout).toMatch(/canary\s+alpha\s+candidate-removed\s+green\s+2\.0\.0/);
    expect(r.stdout).toMatch(/main\s+bravo\s+not started \(ring canary failed\)/);
    // the example consumer's workflows, run by act: every job of deploy.yml, then the rollback
    expect(r.stdout).toMatch(/-- act: deploy\.yml \(ci, then cd\)/);
    for (const job of [
      'lint and test',
      'package',
      'staging',
      'staging approval',
      'canary 10%',
      'main 100%',
    ])
      expect(r.stdout).toContain(`${job}: succeeded`);
    expect(r.stdout).toMatch(/roll back bravo in production: succeeded/);
    // the demo leaves its cluster up for the user, and says so truthfully
    const status = cutover('local', 'status', '--name', name);
    expect(status.status).toBe(0);
    expect(status.stdout).toMatch(/ready at https:\/\/127\.0\.0\.1:\d+/);
    expect(status.stdout).toMatch(/kube-apiserver\s+running/);
  } finally {
    cutover('local', 'down', '--name', name, '--purge');
  }
  expect(cutover('local', 'status', '--name', name).status).toBe(1);
});

function cutover(...args: string[]) {
  return spawnSync(process.execPath, [join(root, 'dist/cli.js'), ...args], {
    cwd: root,
    encoding: 'utf8',
  });
}
