/**
 * Settings of the `gateway-api` router: an HTTPRoute per tenant, attached to the Gateways
 * named in `parentRefs`, whose backendRefs weights move traffic to green.
 */
import * as z from 'zod';
import { doc, withHint } from '../../config/schema/docs.ts';
import { dnsLabel, template } from '../../config/schema/fields.ts';
import {
  methodOf,
  objectName,
  testerHeaderSchema,
  weightedSteps,
} from '../../config/schema/routing-common.ts';

const parentRef = z.strictObject({
  name: objectName('Gateway name'),
  namespace: dnsLabel('Gateway namespace'),
  sectionName: doc('Listener of the Gateway', z.string().min(1)).optional(),
});

export const gatewayApiRoutingSchema = z.strictObject({
  method: methodOf('gateway-api', 'gateway-api: HTTPRoute backend weights'),
  steps: weightedSteps(),
  testerHeader: testerHeaderSchema().optional(),
  parentRefs: doc(
    'The Gateways (and listeners) the HTTPRoutes attach to',
    withHint(
      'add `parentRefs: [{ name: <gateway>, namespace: <its namespace> }]`',
      z.array(parentRef).min(1, { error: 'expected at least one parentRef' }),
    ),
  ),
  hostnames: doc(
    'Host names the route answers; may use {tenant}, {app} and {ring}, like `{tenant}.shop.example.com`. Default: all the Gateway listener allows',
    z.array(template('A host name template', 'host')),
  ).optional(),
  routeName: objectName(
    'HTTPRoute name, in each tenant namespace (default: the app name)',
  ).optional(),
});
