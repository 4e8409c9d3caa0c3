// A router whose route kind the cluster does not serve: a control plane of this test's
// own (the shared one gets the Gateway API and Istio CRDs from other tests), so the CRDs
// are surely absent. The run fails before any write, naming the kind and how to install it.
import { parseConfig } from '../../../src/config/index.ts';
import { Cluster } from '../../../src/kube/cluster.ts';
import { localDown, localUp } from '../../../src/local/index.ts';
import { deployTenant } from '../../../src/release/deploy.ts';
import { parseImage } from '../../../src/release/image.ts';
import { runReleaseOp } from '../../../src/release/run.ts';
import { tenantConfigYaml } from '../tenant-fixtures.ts';

const name = `nocrd-${process.pid}`;
afterAll(() => localDown({ name, purge: true }), 60_000);

it.each([
  [
    'gateway-api',
    'parentRefs: [{ name: public, namespace: gateway-system }]',
    /HTTPRoute \(gateway\.networking\.k8s\.io\/v1\).*no API group gateway\.networking\.k8s\.io/,
    /--crds gateway-api/,
  ],
  [
    'istio',
    "hosts: ['{tenant}.shop.test']",
    /VirtualService \(networking\.istio\.io\/v1\)/,
    /--crds istio/,
  ],
])(
  'routing.method %s without its CRDs: a specific error, nothing written',
  async (method, settings, message, hint) => {
    const local = await localUp({ name, ownerPid: process.pid, nodes: 1 });
    const cluster = Cluster.connect({ kubeconfigPath: local.kubeconfig });
    const yaml = tenantConfigYaml(
      'shop',
      [{ id: 'a', ring: 'canary' }],
      ['canary'],
      `routing:\n  method: ${method}\n  ${settings}\n`,
    );
    const config = parseConfig(yaml, 'cutover.yaml').config;
    const run = runReleaseOp(
      { cluster, config, configFile: '/x/cutover.yaml', progress: () => {} },
      (ctx, template) =>
        deployTenant(ctx, {
          image: parseImage('registry.local/shop:1.0.0'),
          template,
          timeoutMs: 10_000,
        }),
    );
    await expect(run).rejects.toMatchObject({
      code: 'ROUTER_MISSING',
      message: expect.stringMatching(message),
      hint: expect.stringMatching(hint),
    });
    expect(cluster.stats.writes).toBe(0);
  },
);
