/**
 * `routing`: how traffic moves from blue to green.
 */
import * as z from 'zod';
import { DNS1123_SUBDOMAIN } from '../units.ts';
import { doc, withHint } from './docs.ts';
import { DEFAULT_WEIGHTED_STEPS, ROUTING_METHODS, dnsLabel, template } from './fields.ts';

export const stepsSchema = doc(
  'Percentages of traffic green gets, in order; the last is 100. Default [10, 50, 100], or [100] for the service method',
  z
    .array(
      z
        .int({ error: 'expected a whole percentage' })
        .min(1, { error: 'expected a percentage from 1 to 100' })
        .max(100, { error: 'expected a percentage from 1 to 100' }),
    )
    .min(1, { error: 'expected at least one step' })
    .superRefine((steps, ctx) => {
      for (let i = 1; i < steps.length; i++) {
        if (steps[i]! <= steps[i - 1]!) {
          ctx.addIssue({
            code: 'custom',
            path: [i],
            message: `expected steps in increasing order, found ${steps[i]} after ${steps[i - 1]}`,
          });
        }
      }
      if (steps.at(-1) !== 100) {
        ctx.addIssue({
          code: 'custom',
          message: `expected the last step to be 100, found ${steps.at(-1)}`,
          params: { hint: 'a rollout ends with all traffic on green: end the list with 100' },
        });
      }
    }),
);

export const routingSchema = doc(
  'How traffic moves from blue to green',
  z
    .strictObject({
      method: doc(
        'service: switch the Service selector (0/100); gateway-api: HTTPRoute weights; ingress-nginx: canary Ingress; istio: VirtualService; smi: TrafficSplit',
        z.enum(ROUTING_METHODS),
      ).default('service'),
      steps: stepsSchema.optional(),
      testerHeader: doc(
        'Requests with this header reach green before any public traffic does',
        z.strictObject({
          name: withHint(
            'header names are letters, digits and `-`, like `x-cutover-preview`',
            z.string().regex(/^[A-Za-z0-9-]+$/, { error: 'expected an HTTP header name' }),
          ),
          value: z
            .string({ error: 'expected a header value (a string)' })
            .min(1, { error: 'expected a non-empty header value' }),
        }),
      ).optional(),
      gateway: doc(
        'The Gateway the HTTPRoutes attach to (method gateway-api)',
        z.strictObject({
          name: doc(
            'Gateway name',
            z
              .string({ error: 'expected a name (a string)' })
              .max(253, { error: 'expected at most 253 characters' })
              .regex(DNS1123_SUBDOMAIN, { error: 'expected a Kubernetes object name' }),
          ),
          namespace: dnsLabel('Gateway namespace'),
          sectionName: doc('Listener of the Gateway', z.string().min(1)).optional(),
        }),
      ).optional(),
      host: template(
        'Host name the app is served at; may use {tenant}, {app} and {ring}, like `{tenant}.shop.example.com`',
        'host',
      ).optional(),
    })
    .transform((r) => ({
      ...r,
      steps: r.steps ?? (r.method === 'service' ? [100] : [...DEFAULT_WEIGHTED_STEPS]),
    })),
);
