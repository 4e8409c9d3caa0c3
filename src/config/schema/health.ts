/**
 * `health`: the checks a gate judges, and how often and how long it judges them.
 */
import * as z from 'zod';
import { doc, withHint } from './docs.ts';
import { duration, httpUrl } from './fields.ts';

export const checkName = doc("Name shown in the gate's evidence", z.string().min(1)).optional();
export const checkTimeout = (what: string) =>
  duration(`How long ${what} may take (default: 10s)`).optional();

/** What a `prometheus` or `compare` check does when its query returns no series. */
export const NO_DATA_RESULTS = ['inconclusive', 'pass', 'fail'] as const;
const noDataResult = (description: string) => doc(description, z.enum(NO_DATA_RESULTS));

const number = (what: string) => doc(what, z.number({ error: 'expected a number' }));

/** `min`/`max` where both may be given and at least one must. */
function bounds<T extends { min?: number | undefined; max?: number | undefined }>(
  c: T,
  ctx: z.RefinementCtx,
  example: string,
) {
  if (c.min === undefined && c.max === undefined) {
    ctx.addIssue({
      code: 'custom',
      message: 'expected `min`, `max` or both, found neither',
      params: { hint: `say which values pass, e.g. ${example}` },
    });
  } else if (c.min !== undefined && c.max !== undefined && c.min > c.max) {
    ctx.addIssue({
      code: 'custom',
      path: ['min'],
      message: `expected min <= max, found min ${c.min} and max ${c.max}`,
    });
  }
}

export const rolloutCheck = z.strictObject({
  kind: z.literal('rollout'),
  name: checkName,
  maxRestarts: doc(
    'Container restarts of the color under test that still pass (counted from the start of the gate)',
    z.int({ error: 'expected a whole number' }).min(0, { error: 'expected 0 or more' }),
  ).default(0),
});

export const httpCheck = z.strictObject({
  kind: z.literal('http'),
  name: checkName,
  path: doc(
    'Path requested on the color under test (its preview Service, through the API server, unless `url` is given)',
    withHint(
      (v) => (typeof v === 'string' ? `write \`/${v}\`` : undefined),
      z.string({ error: 'expected a path (a string)' }).startsWith('/', {
        error: 'expected a path starting with `/`',
      }),
    ),
  ).default('/'),
  url: doc(
    "URL template requested instead of the preview Service, e.g. `https://{host}/healthz`; {host}, {tenant}, {namespace}, {app} and {color} are filled in, and the routing's tester header is sent so the request reaches the color under test",
    z.string({ error: 'expected a URL template (a string)' }).regex(/^https?:\/\//, {
      error: 'expected an http:// or https:// URL template',
    }),
  ).optional(),
  requests: doc(
    'Requests sent each round',
    z
      .int({ error: 'expected a whole number' })
      .min(1, { error: 'expected 1 or more' })
      .max(1000, { error: 'expected at most 1000' }),
  ).default(10),
  expectStatus: doc(
    'Expected HTTP status',
    z
      .int({ error: 'expected an HTTP status code' })
      .min(100, { error: 'expected an HTTP status from 100 to 599' })
      .max(599, { error: 'expected an HTTP status from 100 to 599' }),
  ).default(200),
  minSuccessRatio: doc(
    'Share of requests that must answer the expected status (and match `body`) for the round to pass',
    z
      .number({ error: 'expected a number from 0 to 1' })
      .min(0, { error: 'expected a number from 0 to 1' })
      .max(1, { error: 'expected a number from 0 to 1' }),
  ).default(1),
  latency: doc(
    'A latency limit: the given percentile of the round must be at most `max`',
    z.strictObject({
      percentile: doc(
        'Which percentile, e.g. 95',
        z
          .number({ error: 'expected a number from 1 to 100' })
          .min(1, { error: 'expected a number from 1 to 100' })
          .max(100, { error: 'expected a number from 1 to 100' }),
      ).default(95),
      max: duration('Highest passing latency at that percentile'),
    }),
  ).optional(),
  body: doc(
    'A regular expression the response body must match',
    z.string({ error: 'expected a regular expression (a string)' }).refine(
      (s) => {
        try {
          new RegExp(s);
          return true;
        } catch {
          return false;
        }
      },
      { error: 'expected a valid regular expression' },
    ),
  ).optional(),
  timeout: checkTimeout('one request'),
});

export const prometheusCheck = z
  .strictObject({
    kind: z.literal('prometheus'),
    name: checkName,
    query: doc(
      'PromQL whose every series must stay within min/max. {namespace}, {tenant}, {app}, {color} and {version} are filled in for the tenant and color under test',
      z
        .string({ error: 'expected a PromQL query (a string)' })
        .min(1, { error: 'expected a query' }),
    ),
    min: number('Lowest passing value').optional(),
    max: number('Highest passing value').optional(),
    noData: noDataResult(
      'Result when the query returns nothing (default: health.noData)',
    ).optional(),
  })
  .superRefine((c, ctx) => bounds(c, ctx, '`max: 0.01` for an error ratio'));

export const compareCheck = z.strictObject({
  kind: z.literal('compare'),
  name: checkName,
  query: doc(
    'PromQL with a `{color}` placeholder, run for blue and for green over the same window; {namespace}, {tenant}, {app} and {version} are filled in too',
    withHint(
      'write `{color}` where the color goes, e.g. `sum(rate(http_errors_total{color="{color}"}[1m]))`',
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
  ).default(0.1),
  direction: doc(
    'Which values are better: `lower` (errors, latency) or `higher` (throughput)',
    z.enum(['lower', 'higher']),
  ),
  weight: doc(
    "This metric's weight in the judge's score",
    z.number({ error: 'expected a number' }).positive({ error: 'expected a number above 0' }),
  ).default(1),
  window: duration('How far back the samples of both colors are taken').prefault('5m'),
  step: duration('Time between two samples in the window').prefault('15s'),
});

export const webhookCheck = z.strictObject({
  kind: z.literal('webhook'),
  name: checkName,
  url: httpUrl(
    'URL that gets a POST with the deployment (tenant, colors, versions, weights, run URL); a 2xx answer passes',
  ),
  timeout: checkTimeout('the request'),
  retries: doc(
    'Further tries after a connection error, a timeout or a 5xx answer',
    z
      .int({ error: 'expected a whole number' })
      .min(0, { error: 'expected 0 or more' })
      .max(10, { error: 'expected at most 10' }),
  ).default(2),
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

const percent = (description: string) =>
  doc(
    description,
    z
      .number({ error: 'expected a number from 0 to 100' })
      .min(0, { error: 'expected a number from 0 to 100' })
      .max(100, { error: 'expected a number from 0 to 100' }),
  );

export const healthSchema = doc(
  'The health gate run after each deploy and traffic step',
  z.strictObject({
    initialDelay: duration('Wait before the first round', { allowZero: true }).prefault('0s'),
    interval: duration('Time between rounds of checks').prefault('10s'),
    count: doc(
      'Rounds to run (default: 3 when no `duration` is given)',
      z.int({ error: 'expected a whole number' }).min(1, { error: 'expected 1 or more' }),
    ).optional(),
    duration: duration('Run rounds for this long, instead of a `count`').optional(),
    timeout: duration('How long the gate may take in all').prefault('5m'),
    failureLimit: doc(
      'Failed rounds after which the gate fails (at once)',
      z
        .int({ error: 'expected a whole number' })
        .min(1, { error: 'expected 1 or more' })
        .default(3),
    ),
    noData: noDataResult(
      'Result of a `prometheus` or `compare` check whose query returns nothing',
    ).default('inconclusive'),
    onInconclusive: doc(
      'What an inconclusive gate means to the stage: `fail` (roll back) or `pass`',
      z.enum(['fail', 'pass']),
    ).default('fail'),
    judge: doc(
      "Thresholds of the compare checks' weighted score (Kayenta's judge)",
      z
        .strictObject({
          pass: percent('Score from which the comparison passes').default(95),
          marginal: percent('Score from which it is inconclusive, not failed').default(75),
        })
        .refine((j) => j.marginal <= j.pass, {
          path: ['marginal'],
          error: (i) => {
            const j = i.input as { pass: number; marginal: number };
            return `expected marginal <= pass, found marginal ${j.marginal} and pass ${j.pass}`;
          },
        }),
    ).prefault({}),
    checks: doc(
      'The checks; each round runs them all',
      z.array(checkSchema).min(1, {
        error: 'expected at least one check',
      }),
    ).default([{ kind: 'rollout', maxRestarts: 0 }]),
  }),
);
