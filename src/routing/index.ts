/**
 * The router factory: `routing.method` picks the module. Before a router is used, its
 * route kind must be served by the cluster (a missing CRD is an error that says which).
 */
import type { RoutingConfig } from '../config/index.ts';
import { CutoverError } from '../errors.ts';
import type { Cluster } from '../kube/cluster.ts';
import type { KindAbsence } from '../kube/discovery.ts';
import { GatewayApiRouter } from './gateway-api/router.ts';
import { IngressNginxRouter } from './ingress-nginx/router.ts';
import { IstioRouter } from './istio/router.ts';
import type { TrafficRouter } from './router.ts';
import { ServiceRouter } from './service/router.ts';

export type * from './router.ts';

export function routerFor(cluster: Cluster, routing: RoutingConfig): TrafficRouter {
  switch (routing.method) {
    case 'gateway-api':
      return new GatewayApiRouter(cluster, routing);
    case 'ingress-nginx':
      return new IngressNginxRouter(cluster, routing);
    case 'istio':
      return new IstioRouter(cluster, routing);
    default:
      return new ServiceRouter(cluster);
  }
}

/** The kind each router writes, and where its CRD comes from when it is missing. */
const ROUTE_KINDS: Record<
  string,
  { apiVersion: string; kind: string; install: string } | undefined
> = {
  service: undefined,
  'gateway-api': {
    apiVersion: 'gateway.networking.k8s.io/v1',
    kind: 'HTTPRoute',
    install:
      'install the Gateway API standard CRDs (https://gateway-api.sigs.k8s.io/guides/#installing-gateway-api; locally `cutover local up --crds gateway-api`)',
  },
  'ingress-nginx': {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'Ingress',
    install: 'the cluster serves no networking.k8s.io/v1 Ingress: use Kubernetes 1.19 or later',
  },
  istio: {
    apiVersion: 'networking.istio.io/v1',
    kind: 'VirtualService',
    install:
      'install Istio 1.22 or later (its CRDs serve networking.istio.io/v1; locally `cutover local up --crds istio`)',
  },
};

/** Fails, before anything is written, when the cluster does not serve the router's kind. */
export async function checkRouterServed(cluster: Cluster, method: string): Promise<void> {
  const k = ROUTE_KINDS[method];
  if (!k) return;
  const absence = await cluster.absence(k.apiVersion, k.kind);
  if (!absence) return;
  throw new CutoverError(
    'ROUTER_MISSING',
    `routing.method \`${method}\` writes ${k.kind} (${k.apiVersion}), which this cluster does not serve (${explain(absence)}); nothing was changed`,
    { hint: `${k.install}, or choose another routing.method in cutover.yaml` },
  );
}

function explain(a: KindAbsence): string {
  return a.reason === 'no-group'
    ? `no API group ${a.group}: its CRDs are not installed`
    : `group ${a.group || 'core'} serves ${a.servedVersions.join(', ') || 'no version'} but not this kind and version`;
}
