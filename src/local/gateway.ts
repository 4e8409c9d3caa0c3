/**
 * The Gateway API objects that put Traefik in charge of a local cluster's traffic: a
 * GatewayClass for Traefik's controller and one Gateway, `cutover-local` in
 * `gateway-system`, with an HTTP listener on Traefik's entry port that accepts routes from
 * every namespace. An HTTPRoute in any tenant namespace with
 * `parentRefs: [{name: cutover-local, namespace: gateway-system}]` is then served.
 */
import type { KubernetesObject } from '@kubernetes/client-node';

import type { Cluster } from '../kube/cluster.ts';
import { type ControlPlane, waitOptions } from './components.ts';
import type { Started } from './process.ts';
import { TRAEFIK_CONTROLLER } from './traefik.ts';
import { waitFor } from './wait.ts';

export const LOCAL_GATEWAY = { name: 'cutover-local', namespace: 'gateway-system' } as const;
export const LOCAL_GATEWAY_CLASS = 'cutover-local-traefik';
const GATEWAY_API = 'gateway.networking.k8s.io/v1';

export function gatewayObjects(port: number): KubernetesObject[] {
  return [
    { apiVersion: 'v1', kind: 'Namespace', metadata: { name: LOCAL_GATEWAY.namespace } },
    {
      apiVersion: GATEWAY_API,
      kind: 'GatewayClass',
      metadata: { name: LOCAL_GATEWAY_CLASS },
      spec: { controllerName: TRAEFIK_CONTROLLER },
    } as KubernetesObject,
    {
      apiVersion: GATEWAY_API,
      kind: 'Gateway',
      metadata: { ...LOCAL_GATEWAY },
      spec: {
        gatewayClassName: LOCAL_GATEWAY_CLASS,
        listeners: [
          {
            name: 'http',
            protocol: 'HTTP',
            port,
            allowedRoutes: { namespaces: { from: 'All' } },
          },
        ],
      },
    } as KubernetesObject,
  ];
}

interface Condition {
  type: string;
  status: string;
  reason?: string;
  message?: string;
}

/** Applies the GatewayClass and Gateway, then waits until Traefik reports the Gateway Programmed. */
export async function applyLocalGateway(
  cp: ControlPlane,
  cluster: Cluster,
  traefik: Started,
): Promise<void> {
  const port = cp.ports.traffic;
  if (port === undefined) throw new Error('applyLocalGateway: no traffic port was picked');
  for (const obj of gatewayObjects(port)) await cluster.apply(obj);
  await waitFor(
    `Gateway ${LOCAL_GATEWAY.namespace}/${LOCAL_GATEWAY.name} to be Programmed by Traefik`,
    async () => {
      const gw = await cluster.get<KubernetesObject & { status?: { conditions?: Condition[] } }>({
        apiVersion: GATEWAY_API,
        kind: 'Gateway',
        ...LOCAL_GATEWAY,
      });
      const programmed = gw?.status?.conditions?.find((c) => c.type === 'Programmed');
      if (programmed?.status === 'True') return true;
      return programmed ? `${programmed.reason}: ${programmed.message}` : 'no status yet';
    },
    waitOptions(cp, 60_000, traefik),
  );
}
