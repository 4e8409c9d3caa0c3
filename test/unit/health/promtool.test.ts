import { expect, test } from '@jest/globals';

import { checkQueries } from '../../support/promtool.ts';

// promtool is Prometheus's own parser, run locally (no server, no network).
test('promtool passes valid PromQL and names the error of each broken query', async () => {
  const checks = await checkQueries([
    'sum(rate(http_requests_total{code=~"5.."}[1m])) / sum(rate(http_requests_total[1m]))',
    'sum(rate(x[5m])',
    'histogram_quantile(0.95, sum by (le) (rate(http_request_duration_seconds_bucket[1m])))',
    'foo{',
  ]);
  expect(checks.map((c) => c.error)).toEqual([
    undefined,
    expect.stringContaining('unclosed left parenthesis'),
    undefined,
    expect.stringContaining('unexpected end of input inside braces'),
  ]);
  expect(checks[1]!.error).toMatch(/^could not parse expression: 1:16: parse error/);
});

test('all valid: no errors at all', async () => {
  const checks = await checkQueries(['up', 'vector(1)']);
  expect(checks).toEqual([{ query: 'up' }, { query: 'vector(1)' }]);
});
