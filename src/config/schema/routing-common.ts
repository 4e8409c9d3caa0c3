/**
 * What every router's settings share: the traffic steps, the header that lets testers reach
 * green first, and object names. Each router's own settings live beside its code
 * (`src/routing/<method>/schema.ts`) and are composed into `routing` in `routing.ts`.
 */
import * as z from 'zod';
import { DNS1123_SUBDOMAIN } from '../units.ts';
import { doc, withHint } from './docs.ts';
import { DEFAULT_WEIGHTED_STEPS } from './fields.ts';

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

/** Steps of a router that can split traffic: default 10%, 50%, then all of it. */
export const weightedSteps = () => stepsSchema.default(() => [...DEFAULT_WEIGHTED_STEPS]);

export const testerHeaderSchema = () =>
  doc(
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
  );

/** A Kubernetes object name (DNS-1123 subdomain). */
export const objectName = (description: string) =>
  doc(
    description,
    z
      .string({ error: 'expected a name (a string)' })
      .max(253, { error: 'expected at most 253 characters' })
      .regex(DNS1123_SUBDOMAIN, { error: 'expected a Kubernetes object name' }),
  );

/** The discriminator of one router's settings. */
export const methodOf = <M extends string>(method: M, description: string) =>
  doc(description, z.literal(method));
