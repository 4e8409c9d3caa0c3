// CRDs as their projects publish them, from their Go modules, on the local control plane:
// the routers' tests stand on these.
import type { KubernetesObject } from '@kubernetes/client-node';
import { CutoverError } from '../../src/errors.ts';
import { installCrdSet } from '../../src/local/crds.ts';
import { adminCluster, rejectionOf, uniqueApp } from './tenant-fixtures.ts';

const route = (namespace: string, weight: number): KubernetesObject & Record<string, unknown> => ({
  apiVersion: 'gateway.networking.k8s.io/v1',
  kind: 'HTTPRoute',
  metadata: { name: 'shop', namespace },
  spec: {
    parentRefs: [{ name: 'public', namespace: 'gateway-system' }],
    rules: [
      {
        matches: [{ headers: [{ name: 'x-cutover-preview', value: 'true' }] }],
        backendRefs: [{ name: 'shop-green', port: 80 }],
      },
      {
        backendRefs: [
          { name: 'shop-blue', port: 80, weight: 100 - weight },
          { name: 'shop-green', port: 80, weight },
        ],
      },
    ],
  },
});

it('installs the Gateway API CRDs from sigs.k8s.io/gateway-api; the API server validates HTTPRoutes by them', async () => {
  const cluster = adminCluster();
  const names = await installCrdSet(cluster, 'gateway-api');
  expect(names).toEqual(
    expect.arrayContaining([
      'httproutes.gateway.networking.k8s.io',
      'gateways.gateway.networking.k8s.io',
    ]),
  );
  expect(await cluster.serves('gateway.networking.k8s.io/v1', 'HTTPRoute')).toBe(true);
  // again: converges, nothing breaks
  expect(await installCrdSet(adminCluster(), 'gateway-api')).toEqual(names);

  const ns = uniqueApp('crd');
  await cluster.apply({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } });
  const applied = await cluster.apply(route(ns, 10));
  expect(
    (
      applied as unknown as { spec: { rules: { backendRefs: { weight?: number }[] }[] } }
    ).spec.rules[1]!.backendRefs.map((b) => b.weight),
  ).toEqual([90, 10]);
  // the CRD's own schema refuses a weight out of range (a check that can fail)
  const e = await rejectionOf<CutoverError>(cluster.apply(route(ns, -5)));
  expect(e).toBeInstanceOf(CutoverError);
  expect(e!.httpStatus).toBe(422);
  await cluster.delete({ apiVersion: 'v1', kind: 'Namespace', name: ns });
});

it('installs the Istio CRDs from istio.io/api (no data plane here: the API server validates VirtualServices by them)', async () => {
  const cluster = adminCluster();
  const names = await installCrdSet(cluster, 'istio');
  expect(names).toEqual(
    expect.arrayContaining([
      'virtualservices.networking.istio.io',
      'destinationrules.networking.istio.io',
    ]),
  );
  const ns = uniqueApp('istio');
  await cluster.apply({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } });
  const vs = (weight: number, green: Record<string, string> = { host: 'shop-green' }) => ({
    apiVersion: 'networking.istio.io/v1',
    kind: 'VirtualService',
    metadata: { name: 'shop', namespace: ns },
    spec: {
      hosts: ['shop'],
      http: [
        {
          route: [
            { destination: { host: 'shop-blue' }, weight: 90 },
            { destination: green, weight },
          ],
        },
      ],
    },
  });
  await cluster.apply(vs(10));
  // the CRD's schema requires a destination's host (a check that can fail)
  const e = await rejectionOf<CutoverError>(cluster.apply(vs(10, { subset: 'green' })));
  expect(e!.httpStatus).toBe(422);
  await cluster.delete({ apiVersion: 'v1', kind: 'Namespace', name: ns });
});
