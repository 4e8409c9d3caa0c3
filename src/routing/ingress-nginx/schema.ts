/**
 * Settings of the `ingress-nginx` router: the stable Ingress and a canary Ingress for the
 * same host and path, whose `canary-weight` annotation moves traffic to green.
 */
import * as z from 'zod';
import { doc } from '../../config/schema/docs.ts';
import { template } from '../../config/schema/fields.ts';
import {
  methodOf,
  objectName,
  testerHeaderSchema,
  weightedSteps,
} from '../../config/schema/routing-common.ts';

export const ingressNginxRoutingSchema = z.strictObject({
  method: methodOf('ingress-nginx', 'ingress-nginx: a canary Ingress with a weight'),
  steps: weightedSteps(),
  testerHeader: testerHeaderSchema().optional(),
  host: template(
    'Host name the app is served at; may use {tenant}, {app} and {ring}, like `{tenant}.shop.example.com`',
    'host',
  ),
  ingressClassName: objectName('IngressClass of the ingress-nginx controller').default('nginx'),
  path: doc(
    'Path prefix routed to the app',
    z.string({ error: 'expected a path (a string)' }).startsWith('/', {
      error: 'expected a path starting with `/`',
    }),
  ).default('/'),
  tlsSecretName: objectName(
    'Secret with the TLS certificate for the host, in each tenant namespace',
  ).optional(),
});
