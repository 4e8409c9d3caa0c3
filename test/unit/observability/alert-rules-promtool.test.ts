/**
 * The generated alert rules through Prometheus's own tools: `promtool check rules` on the
 * file, and `promtool test rules` proving each alert fires on the series it should (the
 * right tenant, the right color) and stays quiet otherwise. promtool runs locally.
 */
import { readFileSync } from 'node:fs';

import { describe, expect, test } from '@jest/globals';

import { parseConfig } from '../../../src/config/index.ts';
import { alertRulesFile } from '../../../src/observability/alert-rules.ts';
import { checkRulesFile, testRules, type RuleTestGroup } from '../../support/promtool-rules.ts';
import { EVERY_ALERT } from './fixtures.ts';

const rules = alertRulesFile(parseConfig(EVERY_ALERT, 'cutover.yaml').config);

/** The labels every alert of a tenant unit carries. */
const of = (tenant: string, severity: string) => ({
  severity,
  tenant,
  namespace: `shop-${tenant}`,
  app: 'shop',
});

describe('promtool check rules', () => {
  test('the rules of examples/cutover.yaml (no alerts section: the defaults)', async () => {
    const example = parseConfig(readFileSync('examples/cutover.yaml', 'utf8'), 'cutover.yaml');
    const result = await checkRulesFile(alertRulesFile(example.config));
    expect(result).toEqual({
      ok: true,
      output: expect.stringContaining('SUCCESS: 25 rules found'),
    });
  });

  test('a config with every alert set', async () => {
    const result = await checkRulesFile(rules);
    // 3 tenant units (acme, globex, and the group `starter`) x 5 alerts.
    expect(result).toEqual({
      ok: true,
      output: expect.stringContaining('SUCCESS: 15 rules found'),
    });
  });

  test('promtool does reject a broken file (the check is not vacuous)', async () => {
    const broken = rules.replace('> 0.02', '> > 0.02');
    const result = await checkRulesFile(broken);
    expect(result.ok).toBe(false);
    expect(result.output).toMatch(/CutoverErrorRateHigh|parse error/);
  });
});

const cases: [string, RuleTestGroup][] = [
  [
    'error rate: 10% 5xx on green of acme fires for acme/green only; 0.1% elsewhere does not',
    {
      input_series: [
        // acme green: 6 of 60 requests a minute fail (10%).
        {
          series: 'http_requests_total{namespace="shop-acme",job="shop",color="green",code="500"}',
          values: '0+6x30',
        },
        {
          series: 'http_requests_total{namespace="shop-acme",job="shop",color="green",code="200"}',
          values: '0+54x30',
        },
        // acme blue and globex green: 0.1%.
        {
          series: 'http_requests_total{namespace="shop-acme",job="shop",color="blue",code="503"}',
          values: '0+0.06x30',
        },
        {
          series: 'http_requests_total{namespace="shop-acme",job="shop",color="blue",code="200"}',
          values: '0+59.94x30',
        },
        {
          series:
            'http_requests_total{namespace="shop-globex",job="shop",color="green",code="500"}',
          values: '0+0.06x30',
        },
        {
          series:
            'http_requests_total{namespace="shop-globex",job="shop",color="green",code="200"}',
          values: '0+59.94x30',
        },
        // Half failing, but another job in globex's namespace, and another namespace: not ours.
        {
          series:
            'http_requests_total{namespace="shop-globex",job="other",color="green",code="500"}',
          values: '0+30x30',
        },
        {
          series: 'http_requests_total{namespace="elsewhere",job="shop",color="green",code="500"}',
          values: '0+30x30',
        },
      ],
      alert_rule_test: [
        // Active from 1m (the first rate), `for: 2m`: pending at 2m, firing from 3m.
        { eval_time: '2m', alertname: 'CutoverErrorRateHigh' },
        {
          eval_time: '10m',
          alertname: 'CutoverErrorRateHigh',
          exp_alerts: [
            {
              exp_labels: { ...of('acme', 'critical'), color: 'green' },
              exp_annotations: {
                summary: 'shop: 5xx responses of green above 2% for tenant acme',
                description:
                  '10% of the requests to green in namespace shop-acme answered 5xx over the last 5m (the limit is 2%).',
                runbook_url: 'https://runbooks.example.com/error-rate',
              },
            },
          ],
        },
      ],
    },
  ],
  [
    'latency: p95 of 975ms on green of acme fires; blue at 95ms does not',
    {
      input_series: [
        // green: every request between 0.5 s and 1 s.
        ...bucketSeries('shop-acme', 'green', { '0.1': 0, '0.5': 0, '1': 10, '+Inf': 10 }),
        // blue: every request under 0.1 s.
        ...bucketSeries('shop-acme', 'blue', { '0.1': 10, '0.5': 10, '1': 10, '+Inf': 10 }),
      ],
      alert_rule_test: [
        { eval_time: '4m', alertname: 'CutoverLatencyHigh' },
        {
          eval_time: '10m',
          alertname: 'CutoverLatencyHigh',
          exp_alerts: [
            {
              exp_labels: { ...of('acme', 'warning'), color: 'green' },
              exp_annotations: {
                summary: 'shop: p95 latency of green above 500ms for tenant acme',
                description:
                  'The 95th percentile of request durations of green in namespace shop-acme is 975ms over the last 5m (the limit is 500ms).',
              },
            },
          ],
        },
      ],
    },
  ],
  [
    'availability: 1 of 4 green replicas in the group `starter` fires; blue 2/2 and a blue scaled to 0 do not',
    {
      input_series: [
        ksm('kube_deployment_status_replicas_available', 'shop-starter', 'shop-green', '1x30'),
        ksm('kube_deployment_spec_replicas', 'shop-starter', 'shop-green', '4x30'),
        ksm('kube_deployment_status_replicas_available', 'shop-starter', 'shop-blue', '2x30'),
        ksm('kube_deployment_spec_replicas', 'shop-starter', 'shop-blue', '2x30'),
        ksm('kube_deployment_status_replicas_available', 'shop-globex', 'shop-blue', '0x30'),
        ksm('kube_deployment_spec_replicas', 'shop-globex', 'shop-blue', '0x30'),
        // Another Deployment in the namespace: not the app's colors.
        ksm('kube_deployment_status_replicas_available', 'shop-globex', 'shop-worker', '0x30'),
        ksm('kube_deployment_spec_replicas', 'shop-globex', 'shop-worker', '3x30'),
      ],
      alert_rule_test: [
        { eval_time: '4m', alertname: 'CutoverAvailabilityLow' },
        {
          eval_time: '10m',
          alertname: 'CutoverAvailabilityLow',
          exp_alerts: [
            {
              exp_labels: {
                ...of('starter', 'critical'),
                color: 'green',
                deployment: 'shop-green',
                job: 'kube-state-metrics',
              },
              exp_annotations: {
                summary:
                  'shop: green has fewer than 50% of its replicas available for tenant group starter (initech, hooli)',
                description:
                  'Deployment shop-green in namespace shop-starter has 25% of the replicas it asks for available (the limit is 50%).',
              },
            },
          ],
        },
      ],
    },
  ],
  [
    'restarts: a crash-looping blue pod of globex fires; a steady green pod and another app do not',
    {
      input_series: [
        restartSeries('shop-globex', 'shop-blue-7d9f8c-x2k4q', '0+1x30'),
        restartSeries('shop-globex', 'shop-green-5c6b7d-p9r2t', '0x30'),
        restartSeries('shop-globex', 'shop-migrate-abcde', '0+1x30'),
        restartSeries('shop-acme', 'shop-green-5c6b7d-a1b2c', '0+0x30'),
      ],
      alert_rule_test: [
        { eval_time: '2m', alertname: 'CutoverPodRestarts' },
        {
          eval_time: '10m',
          alertname: 'CutoverPodRestarts',
          exp_alerts: [
            {
              exp_labels: { ...of('globex', 'info'), color: 'blue' },
              exp_annotations: {
                summary: 'shop: pods of blue restarted more than 2 times in 10m for tenant globex',
                description:
                  'The containers of blue in namespace shop-globex restarted 10 times over the last 10m (the limit is 2).',
              },
            },
          ],
        },
      ],
    },
  ],
  [
    'quota saturation: 9 of 10 pods in acme fires; cpu at 25% and a full quota elsewhere do not',
    {
      input_series: [
        quotaSeries('shop-acme', 'pods', 'used', '9x30'),
        quotaSeries('shop-acme', 'pods', 'hard', '10x30'),
        quotaSeries('shop-acme', 'requests.cpu', 'used', '1x30'),
        quotaSeries('shop-acme', 'requests.cpu', 'hard', '4x30'),
        quotaSeries('elsewhere', 'pods', 'used', '10x30'),
        quotaSeries('elsewhere', 'pods', 'hard', '10x30'),
      ],
      alert_rule_test: [
        // `for: 10m`: still pending at 5m.
        { eval_time: '5m', alertname: 'CutoverQuotaSaturated' },
        {
          eval_time: '15m',
          alertname: 'CutoverQuotaSaturated',
          exp_alerts: [
            {
              exp_labels: {
                ...of('acme', 'warning'),
                resourcequota: 'cutover-quota',
                resource: 'pods',
              },
              exp_annotations: {
                summary: 'shop: quota cutover-quota of tenant acme is above 80% for pods',
                description:
                  'pods in namespace shop-acme is at 90% of ResourceQuota cutover-quota (the limit is 80%): the next deploy may not fit, blue and green run side by side.',
              },
            },
          ],
        },
      ],
    },
  ],
  [
    'healthy series: no alert of any kind fires',
    {
      input_series: [
        {
          series: 'http_requests_total{namespace="shop-acme",job="shop",color="green",code="200"}',
          values: '0+60x30',
        },
        ...bucketSeries('shop-acme', 'green', { '0.1': 10, '0.5': 10, '1': 10, '+Inf': 10 }),
        ksm('kube_deployment_status_replicas_available', 'shop-acme', 'shop-green', '2x30'),
        ksm('kube_deployment_spec_replicas', 'shop-acme', 'shop-green', '2x30'),
        restartSeries('shop-acme', 'shop-green-5c6b7d-a1b2c', '3x30'),
        quotaSeries('shop-acme', 'pods', 'used', '4x30'),
        quotaSeries('shop-acme', 'pods', 'hard', '10x30'),
      ],
      alert_rule_test: [
        'CutoverErrorRateHigh',
        'CutoverLatencyHigh',
        'CutoverAvailabilityLow',
        'CutoverPodRestarts',
        'CutoverQuotaSaturated',
      ].map((alertname) => ({ eval_time: '20m', alertname })),
    },
  ],
];

describe('promtool test rules: each alert fires on its series and only there', () => {
  test.each(cases)('%s', async (name, group) => {
    const result = await testRules(rules, [{ name, ...group }]);
    if (!result.ok) throw new Error(`promtool test rules failed:\n${result.output}`);
    expect(result.output).toContain('SUCCESS');
  });

  test('a wrong expectation fails (the tests are not vacuous)', async () => {
    const [, group] = cases[0]!;
    const wrong = {
      ...group,
      alert_rule_test: [{ eval_time: '10m', alertname: 'CutoverErrorRateHigh' }],
    };
    const result = await testRules(rules, [wrong]);
    expect(result.ok).toBe(false);
    expect(result.output).toContain('CutoverErrorRateHigh');
  });
});

function bucketSeries(namespace: string, color: string, perMinute: Record<string, number>) {
  return Object.entries(perMinute).map(([le, n]) => ({
    series: `http_request_duration_seconds_bucket{namespace="${namespace}",job="shop",color="${color}",le="${le}"}`,
    values: `0+${n}x30`,
  }));
}

function ksm(metric: string, namespace: string, deployment: string, values: string) {
  return {
    series: `${metric}{job="kube-state-metrics",namespace="${namespace}",deployment="${deployment}"}`,
    values,
  };
}

function restartSeries(namespace: string, pod: string, values: string) {
  return {
    series: `kube_pod_container_status_restarts_total{job="kube-state-metrics",namespace="${namespace}",pod="${pod}",container="app"}`,
    values,
  };
}

function quotaSeries(namespace: string, resource: string, type: string, values: string) {
  return {
    series: `kube_resourcequota{job="kube-state-metrics",namespace="${namespace}",resourcequota="cutover-quota",resource="${resource}",type="${type}"}`,
    values,
  };
}
