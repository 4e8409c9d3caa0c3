/**
 * `observability.alerts`: the per-tenant alert rules cutover generates (a Prometheus rules
 * file and a PrometheusRule per tenant namespace, see src/observability/alert-rules.ts).
 * Every alert has its threshold, `for`, `severity` and an optional runbook; `alerts: {}`
 * gives all five with the defaults below. `metrics` names what the app and
 * kube-state-metrics expose.
 */
import * as z from 'zod';
import { doc, withHint, type HintFn } from './docs.ts';
import { duration, httpUrl } from './fields.ts';

export const ALERT_SEVERITIES = ['critical', 'warning', 'info'] as const;
export const ALERT_KINDS = [
  'errorRate',
  'latency',
  'availability',
  'restarts',
  'quotaSaturation',
] as const;

/** A Prometheus metric name (and the name part of a recording rule). */
const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
/** A Prometheus label name. */
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

/** `"5%"` -> write 0.05; `"0.05"` -> unquote it. */
export const ratioHint: HintFn = (v) => {
  if (typeof v !== 'string') return undefined;
  const percent = /^\s*(\d+(?:\.\d+)?)\s*%\s*$/.exec(v);
  if (percent)
    return `write the ratio as a number: \`${Number(percent[1]) / 100}\` for ${v.trim()}`;
  if (/^\s*\d+(?:\.\d+)?\s*$/.test(v)) return `remove the quotes: \`${v.trim()}\` is a number`;
  return 'a number from 0 to 1, like `0.05` for 5%';
};

const numberHint: HintFn = (v) =>
  typeof v === 'string' && /^\s*\d+(?:\.\d+)?\s*$/.test(v)
    ? `remove the quotes: \`${v.trim()}\` is a number`
    : undefined;

function ratio(description: string) {
  const expected = 'expected a ratio from 0 to 1 (a number)';
  return doc(
    `${description} (a ratio from 0 to 1: 0.05 is 5%)`,
    withHint(
      ratioHint,
      z.number({ error: expected }).min(0, { error: expected }).max(1, { error: expected }),
    ),
  );
}

function metricName(description: string, fallback: string) {
  return doc(
    `${description} (default \`${fallback}\`)`,
    withHint(
      'Prometheus metric names are letters, digits, `_` and `:`, not starting with a digit',
      z
        .string({ error: 'expected a Prometheus metric name (a string)' })
        .regex(METRIC_NAME, { error: 'expected a Prometheus metric name' }),
    ),
  ).default(fallback);
}

function labelName(description: string, fallback: string) {
  return doc(
    `${description} (default \`${fallback}\`)`,
    withHint(
      'Prometheus label names are letters, digits and `_`, not starting with a digit (a pod label `cutover.dev/color` is usually relabeled to `color`)',
      z
        .string({ error: 'expected a Prometheus label name (a string)' })
        .regex(LABEL_NAME, { error: 'expected a Prometheus label name' }),
    ),
  ).default(fallback);
}

const severity = (fallback: (typeof ALERT_SEVERITIES)[number]) =>
  doc(
    `The \`severity\` label Alertmanager routes on: ${ALERT_SEVERITIES.map((s) => `\`${s}\``).join(', ')} (default \`${fallback}\`)`,
    z.enum(ALERT_SEVERITIES),
  ).default(fallback);

/** What every alert has: on or off, how long the condition must hold, severity, runbook. */
const common = (defaults: { for: string; severity: (typeof ALERT_SEVERITIES)[number] }) => ({
  enabled: doc(
    'Generate this alert (default true)',
    z.boolean({ error: 'expected true or false' }),
  ).default(true),
  for: duration('How long the condition must hold before the alert fires', {
    allowZero: true,
  }).prefault(defaults.for),
  severity: severity(defaults.severity),
  runbookUrl: httpUrl('The runbook linked from the alert (`runbook_url` annotation)').optional(),
});

export const alertsSchema = doc(
  'Alert rules per tenant and color, generated as a Prometheus rules file and a PrometheusRule per tenant namespace (`cutover alerts`); `alerts: {}` gives every alert with its defaults',
  z.strictObject({
    metrics: doc(
      'The metrics the rules read: the app’s own (with `namespace` and color labels from scraping) and kube-state-metrics’',
      z.strictObject({
        requests: metricName('Counter of HTTP requests handled by the app', 'http_requests_total'),
        statusLabel: labelName('Label of `requests` holding the HTTP status code', 'code'),
        duration: metricName(
          'Histogram of request durations in seconds, without the `_bucket` suffix',
          'http_request_duration_seconds',
        ),
        colorLabel: labelName(
          'Label of the app’s series holding the color (`blue` or `green`)',
          'color',
        ),
        namespaceLabel: labelName(
          'Label of the app’s series holding the tenant namespace',
          'namespace',
        ),
        selector: doc(
          'More label matchers for the app’s series, like `{ job: shop }` (equality)',
          z.record(
            z.string().regex(LABEL_NAME, { error: 'expected a Prometheus label name' }),
            z.string({ error: 'expected a label value (a string)' }),
          ),
        ).default({}),
        restarts: metricName(
          'kube-state-metrics counter of container restarts',
          'kube_pod_container_status_restarts_total',
        ),
        availableReplicas: metricName(
          'kube-state-metrics gauge of available (ready) replicas of a Deployment',
          'kube_deployment_status_replicas_available',
        ),
        desiredReplicas: metricName(
          'kube-state-metrics gauge of the replicas a Deployment asks for',
          'kube_deployment_spec_replicas',
        ),
        quota: metricName(
          'kube-state-metrics gauge of ResourceQuota usage, with `type` `used` and `hard`',
          'kube_resourcequota',
        ),
      }),
    ).prefault({}),
    errorRate: doc(
      'Share of 5xx responses of a color above `maxRatio`, over `window`',
      z.strictObject({
        maxRatio: ratio('Highest share of 5xx responses that does not alert').default(0.05),
        window: duration('Rate window').prefault('5m'),
        ...common({ for: '5m', severity: 'critical' }),
      }),
    ).prefault({}),
    latency: doc(
      'A latency percentile of a color above `max`, over `window`',
      z.strictObject({
        percentile: doc(
          'Which percentile, from 1 to 99.9 (default 99)',
          withHint(
            numberHint,
            z
              .number({ error: 'expected a percentile from 1 to 99.9 (a number)' })
              .min(1, { error: 'expected a percentile from 1 to 99.9' })
              .max(99.9, { error: 'expected a percentile from 1 to 99.9' }),
          ),
        ).default(99),
        max: duration('Highest latency at that percentile that does not alert').prefault('1s'),
        window: duration('Rate window').prefault('5m'),
        ...common({ for: '10m', severity: 'warning' }),
      }),
    ).prefault({}),
    availability: doc(
      'Available replicas of a color over the replicas its Deployment asks for, below `minRatio`',
      z.strictObject({
        minRatio: ratio('Lowest share of available replicas that does not alert').default(1),
        ...common({ for: '10m', severity: 'critical' }),
      }),
    ).prefault({}),
    restarts: doc(
      'Container restarts of a color, summed over its pods, above `max` within `window`',
      z.strictObject({
        max: doc(
          'Most restarts within the window that do not alert (default 3)',
          withHint(
            numberHint,
            z
              .int({ error: 'expected a whole number of restarts' })
              .min(0, { error: 'expected 0 or more' }),
          ),
        ).default(3),
        window: duration('How far back restarts are counted').prefault('15m'),
        ...common({ for: '0s', severity: 'warning' }),
      }),
    ).prefault({}),
    quotaSaturation: doc(
      'Used over hard of any resource of a ResourceQuota in the tenant namespace, above `maxRatio`',
      z.strictObject({
        maxRatio: ratio('Highest used/hard share that does not alert').default(0.9),
        ...common({ for: '15m', severity: 'warning' }),
      }),
    ).prefault({}),
  }),
);

export type AlertsConfig = z.output<typeof alertsSchema>;
export type AlertSeverity = (typeof ALERT_SEVERITIES)[number];
export type AlertKind = (typeof ALERT_KINDS)[number];
