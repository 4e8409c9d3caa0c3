import { describe, expect, test } from '@jest/globals';
import { parse } from 'yaml';

import { parseConfig } from '../../../src/config/index.ts';
import {
  ALERT_NAMES,
  alertRulesFile,
  prometheusRules,
  tenantAlertRules,
} from '../../../src/observability/alert-rules.ts';
import { tenantUnits } from '../../../src/tenancy/units.ts';
import { BASE, describeDetails, errorOf } from '../config/fixtures.ts';
import { EVERY_ALERT } from './fixtures.ts';

const load = (text: string) => parseConfig(text, 'cutover.yaml').config;

describe('generated rules', () => {
  const config = load(EVERY_ALERT);

  test('one group per tenant unit, in the namespaces provisioning uses', () => {
    const rules = tenantAlertRules(config);
    expect(rules.map((r) => [r.group.name, r.unit.namespace])).toEqual([
      ['cutover.shop.acme', 'shop-acme'],
      ['cutover.shop.globex', 'shop-globex'],
      ['cutover.shop.starter', 'shop-starter'],
    ]);
    expect(rules.map((r) => r.unit.namespace)).toEqual(tenantUnits(config).map((u) => u.namespace));
    for (const { unit, group } of rules) {
      expect(group.rules.map((r) => r.alert)).toEqual(Object.values(ALERT_NAMES));
      for (const rule of group.rules) {
        expect(rule.labels).toEqual(
          expect.objectContaining({ tenant: unit.id, namespace: unit.namespace, app: 'shop' }),
        );
        // Every selector of the rule is scoped to the tenant's namespace.
        expect(rule.expr).toContain(`namespace="${unit.namespace}"`);
      }
    }
  });

  test('thresholds, durations, severities and the runbook come from the config', () => {
    const [acme] = tenantAlertRules(config);
    const byName = Object.fromEntries(acme!.group.rules.map((r) => [r.alert, r]));
    expect(byName.CutoverErrorRateHigh).toEqual(
      expect.objectContaining({
        for: '2m',
        labels: expect.objectContaining({ severity: 'critical' }),
        annotations: expect.objectContaining({
          runbook_url: 'https://runbooks.example.com/error-rate',
        }),
      }),
    );
    expect(byName.CutoverErrorRateHigh!.expr).toMatch(/code=~"5\.\."[^)]*\[5m\].*> 0\.02$/);
    expect(byName.CutoverErrorRateHigh!.expr).toContain('job="shop"');
    expect(byName.CutoverLatencyHigh!.expr).toMatch(/^histogram_quantile\(0\.95, .*> 0\.5$/);
    expect(byName.CutoverAvailabilityLow!.expr).toContain('< 0.5');
    expect(byName.CutoverPodRestarts).toEqual(
      expect.objectContaining({ for: '0s', labels: expect.objectContaining({ severity: 'info' }) }),
    );
    expect(byName.CutoverPodRestarts!.expr).toMatch(/\[10m\].*> 2$/);
    expect(byName.CutoverQuotaSaturated!.expr).toMatch(/> 0\.8$/);
    expect(byName.CutoverLatencyHigh!.annotations.runbook_url).toBeUndefined();
  });

  test('the file is YAML with the groups; the PrometheusRule carries the same group', () => {
    const file = parse(alertRulesFile(config)) as { groups: unknown[] };
    const objects = prometheusRules(config, 'staging');
    expect(objects).toHaveLength(3);
    expect(objects.map((o) => (o as { spec: { groups: unknown[] } }).spec.groups[0])).toEqual(
      file.groups,
    );
    expect(objects[2]).toEqual(
      expect.objectContaining({
        apiVersion: 'monitoring.coreos.com/v1',
        kind: 'PrometheusRule',
        metadata: {
          name: 'cutover-alerts',
          namespace: 'shop-starter',
          labels: {
            'app.kubernetes.io/managed-by': 'cutover',
            'cutover.dev/app': 'shop',
            'cutover.dev/tenant': 'starter',
            'cutover.dev/ring': 'main',
            'cutover.dev/environment': 'staging',
          },
        },
      }),
    );
    expect(prometheusRules(config)[0]!.metadata!.labels).not.toHaveProperty(
      'cutover.dev/environment',
    );
  });

  test('no alerts section gives the same rules as `alerts: {}`', () => {
    const none = load(BASE);
    const empty = load(`${BASE}  alerts: {}\n`);
    expect(alertRulesFile(none)).toEqual(alertRulesFile(empty));
    const [acme] = tenantAlertRules(none);
    expect(acme!.group.rules.map((r) => [r.alert, r.for, r.labels.severity])).toEqual([
      ['CutoverErrorRateHigh', '5m', 'critical'],
      ['CutoverLatencyHigh', '10m', 'warning'],
      ['CutoverAvailabilityLow', '10m', 'critical'],
      ['CutoverPodRestarts', '0s', 'warning'],
      ['CutoverQuotaSaturated', '15m', 'warning'],
    ]);
  });

  test('`enabled: false` leaves an alert out; all off leaves the tenant out', () => {
    const some = load(`${BASE}  alerts:\n    latency: { enabled: false }\n`);
    expect(tenantAlertRules(some)[0]!.group.rules.map((r) => r.alert)).not.toContain(
      'CutoverLatencyHigh',
    );
    const off = ['errorRate', 'latency', 'availability', 'restarts', 'quotaSaturation']
      .map((k) => `    ${k}: { enabled: false }`)
      .join('\n');
    const none = load(`${BASE}  alerts:\n${off}\n`);
    expect(tenantAlertRules(none)).toEqual([]);
    expect(prometheusRules(none)).toEqual([]);
  });

  test('custom metric and label names go into the expressions', () => {
    const c = load(
      `${BASE}  alerts:\n    metrics: { requests: app_http_requests, statusLabel: status, colorLabel: cutover_color, duration: app_latency_seconds }\n`,
    );
    const [acme] = tenantAlertRules(c);
    const [errors, latency] = acme!.group.rules;
    expect(errors!.expr).toContain('app_http_requests{namespace="shop-acme",status=~"5.."}');
    expect(errors!.expr).toContain('sum by (cutover_color)');
    expect(errors!.annotations.summary).toContain('{{ $labels.cutover_color }}');
    expect(latency!.expr).toContain('app_latency_seconds_bucket{');
  });
});

describe('bad alert settings: the field, what was expected, and the fix', () => {
  // BASE ends at line 35 with `observability:` / `  prometheus: ...`; alerts start at 36.
  const cases: { name: string; alerts: string; path: string; message: string; hint?: string }[] = [
    {
      name: 'a threshold written as a percentage string',
      alerts: "    errorRate: { maxRatio: '5%' }",
      path: 'observability.alerts.errorRate.maxRatio',
      message: 'expected a ratio from 0 to 1 (a number), found "5%"',
      hint: 'write the ratio as a number: `0.05` for 5%',
    },
    {
      name: 'a quoted number where a number goes',
      alerts: "    restarts: { max: '3' }",
      path: 'observability.alerts.restarts.max',
      message: 'expected a whole number of restarts, found "3"',
      hint: 'remove the quotes',
    },
    {
      name: 'a ratio above 1',
      alerts: '    quotaSaturation: { maxRatio: 90 }',
      path: 'observability.alerts.quotaSaturation.maxRatio',
      message: 'expected a ratio from 0 to 1 (a number), found 90',
    },
    {
      name: 'an unknown severity',
      alerts: '    latency: { severity: page }',
      path: 'observability.alerts.latency.severity',
      message: 'expected one of `critical`, `warning`, `info`, found "page"',
    },
    {
      name: 'a percentile out of range',
      alerts: '    latency: { percentile: 100 }',
      path: 'observability.alerts.latency.percentile',
      message: 'expected a percentile from 1 to 99.9, found 100',
    },
    {
      name: 'a duration without a unit',
      alerts: '    availability: { for: 5 }',
      path: 'observability.alerts.availability.for',
      message: 'expected a duration such as `10s` or `5m`',
      hint: 'add a unit: `5s`',
    },
    {
      name: 'a metric name with a dash',
      alerts: '    metrics: { requests: http-requests-total }',
      path: 'observability.alerts.metrics.requests',
      message: 'expected a Prometheus metric name, found "http-requests-total"',
    },
    {
      name: 'a misspelt alert',
      alerts: '    errorrate: { maxRatio: 0.01 }',
      path: 'observability.alerts.errorrate',
      message: 'unknown key `errorrate`',
      hint: 'did you mean `errorRate`?',
    },
    {
      name: 'a runbook that is not a URL',
      alerts: '    restarts: { runbookUrl: wiki/restarts }',
      path: 'observability.alerts.restarts.runbookUrl',
      message: 'expected an http:// or https:// URL',
    },
  ];

  test.each(cases)('$name', ({ alerts, path, message, hint }) => {
    const error = errorOf(`${BASE}  alerts:\n${alerts}\n`);
    expect(error.code).toBe('CONFIG_INVALID');
    const detail = error.details.find((d) => d.path === path && d.message.includes(message));
    if (!detail) {
      throw new Error(
        `no detail at ${path} containing "${message}"; got:\n${describeDetails(error.details)}`,
      );
    }
    expect(detail.location).toEqual(expect.objectContaining({ file: 'cutover.yaml', line: 37 }));
    if (hint !== undefined) expect(detail.hint).toContain(hint);
  });
});
