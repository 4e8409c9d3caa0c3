/**
 * Settings of the `istio` router: a VirtualService per tenant whose route weights move
 * traffic between the blue and green Services.
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

export const istioRoutingSchema = z.strictObject({
  method: methodOf('istio', 'istio: VirtualService route weights'),
  steps: weightedSteps(),
  testerHeader: testerHeaderSchema().optional(),
  hosts: doc(
    'Hosts the VirtualService answers; may use {tenant}, {app} and {ring}',
    z.array(template('A host name template', 'host')).min(1, {
      error: 'expected at least one host',
    }),
  ),
  gateways: doc(
    'Istio Gateways (`<namespace>/<name>`) the VirtualService binds to; default: the mesh only',
    z.array(z.string().min(1, { error: 'expected a gateway name' })),
  ).optional(),
  routeName: objectName(
    'VirtualService name, in each tenant namespace (default: the app name)',
  ).optional(),
});
