/**
 * `health`: the checks a gate judges.
 */
import * as z from 'zod';
import { doc, withHint } from './docs.ts';
import { duration, httpUrl, port } from './fields.ts';

export const checkName = doc("Name shown in the gate's evidence", z.string().min(1)).optional();
export const checkTimeout = (what: string) =>
  duration(`How long ${what} may take (default: health.timeout)`).optional();

export const rolloutCheck = z.strictObject({
  kind: z.literal('rollout'),
  name: checkName,
  timeout: checkTimeout('the green Deployment'),
});

export const httpCheck = z.strictObject({
  kind: z.literal('http'),
  name: checkName,
  path: doc(
    'Path requested on the preview Service',
    withHint(
      (v) => (typeof v === 'string' ? `write \`/${v}\`` : undefined),
      z.string({ error: 'expected a path (a string)' }).startsWith('/', {
        error: 'expected a path starting with `/`',
      }),
    ),
  ),
  port: port('Port to request (default: app.port)').optional(),
  expectStatus: doc(
    'Expected HTTP status',
    z
      .int({ error: 'expected an HTTP status code' })
      .min(100, { error: 'expected an HTTP status from 100 to 599' })
      .max(599, { error: 'expected an HTTP status from 100 to 599' }),
  ).default(200),
  timeout: checkTimeout('one request'),
});

export const prometheusCheck = z
  .strictObject({
    kind: z.literal('prometheus'),
    name: checkName,
    query: doc(
      'PromQL whose result must stay within min/max. {namespace}, {tenant}, {app} and {color} are filled in for the tenant and color under test',
      z
        .string({ error: 'expected a PromQL query (a string)' })
        .min(1, { error: 'expected a query' }),
    ),
    min: doc('Lowest passing value', z.number({ error: 'expected a number' })).optional(),
    max: doc('Highest passing value', z.number({ error: 'expected a number' })).optional(),
  })
  .superRefine((c, ctx) => {
    if (c.min === undefined && c.max === undefined) {
      ctx.addIssue({
        code: 'custom',
        message: 'expected `min`, `max` or both, found neither',
        params: { hint: 'say which values pass, e.g. `max: 0.01` for an error ratio' },
      });
    } else if (c.min !== undefined && c.max !== undefined && c.min > c.max) {
      ctx.addIssue({
        code: 'custom',
        path: ['min'],
        message: `expected min <= max, found min ${c.min} and max ${c.max}`,
      });
    }
  });

export const compareCheck = z.strictObject({
  kind: z.literal('compare'),
  name: checkName,
  query: doc(
    'PromQL with a `{color}` placeholder, run for blue and for green; {namespace}, {tenant} and {app} are filled in too',
    withHint(
      'write `{color}` where the color goes, e.g. `sum(rate(http_errors_total{color="{color}"}[5m]))`',
      z
        .string({ error: 'expected a PromQL query (a string)' })
        .includes('{color}', { error: 'expected a query containing the `{color}` placeholder' }),
    ),
  ),
  tolerance: doc(
    'How much worse green may be than blue, as a fraction (0.1 = 10%)',
    withHint(
      (v) =>
        typeof v === 'number' && v > 1 && v <= 100
          ? `a fraction, not a percentage: ${v}% is \`${v / 100}\``
          : undefined,
      z
        .number({ error: 'expected a number from 0 to 1' })
        .min(0, { error: 'expected a number from 0 to 1' })
        .max(1, { error: 'expected a number from 0 to 1' }),
    ),
  ),
  direction: doc(
    'Which values are better: `lower` (errors, latency) or `higher` (throughput)',
    z.enum(['lower', 'higher']),
  ),
});

export const webhookCheck = z.strictObject({
  kind: z.literal('webhook'),
  name: checkName,
  url: httpUrl('URL that gets a POST with the deployment; a 2xx answer passes'),
  timeout: checkTimeout('the request'),
});

export const checkSchema = doc(
  'One piece of evidence the health gate judges',
  z.discriminatedUnion('kind', [
    rolloutCheck,
    httpCheck,
    prometheusCheck,
    compareCheck,
    webhookCheck,
  ]),
);

export const healthSchema = doc(
  'The health gate run after each deploy and traffic step',
  z.strictObject({
    interval: duration('Time between rounds of checks').prefault('10s'),
    timeout: duration('How long the gate may take in all').prefault('5m'),
    failureLimit: doc(
      'Failed rounds after which the gate fails',
      z
        .int({ error: 'expected a whole number' })
        .min(1, { error: 'expected 1 or more' })
        .default(3),
    ),
    checks: doc(
      'The checks; each round runs them all',
      z.array(checkSchema).min(1, {
        error: 'expected at least one check',
      }),
    ).default([{ kind: 'rollout' }]),
  }),
);
