// The test run starts the local control plane only for tests that use it: a run of tests
// that need no cluster starts none (and so runs on a machine without the Kubernetes binaries).
import { spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '../..');

it('a run of the e2e tests that need no cluster starts no control plane', () => {
  const r = spawnSync(
    process.execPath,
    [
      '--experimental-vm-modules',
      join(root, 'node_modules/jest/bin/jest.js'),
      '--selectProjects',
      'e2e',
      'unit',
      '--testPathPatterns',
      'readme-quickstart|cli/table',
      '-t',
      'two quick-start commands|table',
    ],
    {
      cwd: root,
      encoding: 'utf8',
      // Nothing inherited may point the child at the parent's cluster.
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '' },
      timeout: 120_000,
    },
  );
  const log = r.stdout + r.stderr;
  expect(log).toMatch(/Tests:.*\d+ passed/);
  expect(r.status).toBe(0);
  expect(log).not.toContain('[local]');
  // Selecting a test that uses the cluster does run the setup (so the check above can fail):
  // pointed at a kubeconfig path, the setup says so instead of starting one.
  const withCluster = spawnSync(
    process.execPath,
    [
      '--experimental-vm-modules',
      join(root, 'node_modules/jest/bin/jest.js'),
      '--selectProjects',
      'integration',
      '--testPathPatterns',
      'controlplane',
      '-t',
      'no test has this name',
    ],
    {
      cwd: root,
      encoding: 'utf8',
      env: {
        PATH: process.env.PATH ?? '',
        HOME: process.env.HOME ?? '',
        CUTOVER_TEST_KUBECONFIG: '/nonexistent/kubeconfig',
      },
      timeout: 120_000,
    },
  );
  expect(withCluster.stderr).toContain(
    '[local] using the cluster of CUTOVER_TEST_KUBECONFIG=/nonexistent/kubeconfig',
  );
});
