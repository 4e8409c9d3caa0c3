/**
 * `routing`: how traffic moves from blue to green, one set of settings per method. Each
 * router's settings are declared beside that router (`src/routing/<method>/schema.ts`).
 */
import * as z from 'zod';
import { gatewayApiRoutingSchema } from '../../routing/gateway-api/schema.ts';
import { ingressNginxRoutingSchema } from '../../routing/ingress-nginx/schema.ts';
import { istioRoutingSchema } from '../../routing/istio/schema.ts';
import { serviceRoutingSchema } from '../../routing/service/schema.ts';
import { doc } from './docs.ts';

export const routingSchema = doc(
  'How traffic moves from blue to green: `method` picks the router, the other keys are its settings',
  z.discriminatedUnion('method', [
    serviceRoutingSchema,
    gatewayApiRoutingSchema,
    ingressNginxRoutingSchema,
    istioRoutingSchema,
  ]),
);

/** The namespace the app's traffic comes from, for the default ingress allowance. */
export function defaultIngressNamespace(routing: z.output<typeof routingSchema>): string {
  switch (routing.method) {
    case 'gateway-api':
      return routing.parentRefs[0]!.namespace;
    case 'istio':
      return 'istio-system';
    default:
      return 'ingress-nginx';
  }
}

/**
 * The host templates of a router's settings, parsed or raw (the cross-checks read the raw
 * document): ingress-nginx `host`, gateway-api `hostnames`, istio `hosts`.
 */
export function hostTemplates(routing: {
  method?: unknown;
  host?: unknown;
  hostnames?: unknown;
  hosts?: unknown;
}): string[] {
  const strings = (v: unknown) =>
    (Array.isArray(v) ? v : [v]).filter((x): x is string => typeof x === 'string');
  switch (routing.method) {
    case 'ingress-nginx':
      return strings(routing.host);
    case 'gateway-api':
      return strings(routing.hostnames);
    case 'istio':
      return strings(routing.hosts);
    default:
      return [];
  }
}
