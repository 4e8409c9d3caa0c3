/**
 * Jest global teardown: stops the control plane that global-setup.ts started (nothing
 * when it reused one), its bridges and network namespace included, and removes its state
 * directory unless CUTOVER_TEST_KEEP_STATE=1.
 */
import { localDown } from '../../src/local/index.ts';

export default async function globalTeardown(): Promise<void> {
  const name = globalThis.__cutoverTestCluster;
  if (!name) return;
  globalThis.__cutoverTestCluster = undefined;
  delete process.env.CUTOVER_TEST_KUBECONFIG;
  delete process.env.CUTOVER_TEST_TRAFFIC_URL;
  await localDown({
    name,
    purge: process.env.CUTOVER_TEST_KEEP_STATE !== '1',
    onProgress: (msg) => process.stderr.write(`[local] ${msg}\n`),
  });
}
