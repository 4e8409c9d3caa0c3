/**
 * Settings of the `service` router: the stable Service's selector switches from blue to
 * green at once, so there is one step (100) and no header route.
 */
import * as z from 'zod';
import { doc } from '../../config/schema/docs.ts';
import { stepsSchema } from '../../config/schema/routing-common.ts';

export const serviceRoutingSchema = z.strictObject({
  // The default method: `routing` may be left out, or give only `steps: [100]`.
  method: doc(
    'service: switch the stable Service selector (all traffic at once; the default)',
    z.literal('service').optional(),
  ),
  steps: stepsSchema
    .refine((s) => s.length === 1 && s[0] === 100, {
      error: 'expected steps [100] with method `service`, which switches all traffic at once',
      params: {
        hint: 'for weighted steps choose method gateway-api, ingress-nginx or istio; or write `steps: [100]`',
      },
    })
    .default(() => [100]),
});
