/**
 * How the gate's evidence is read: an HTTP round judged from its answers, check names,
 * query templates, the Mermaid chart of the job summary.
 */
import { renderCheckTemplate, checkTemplateProblem } from '../../../src/config/templates.ts';
import { mermaidChart } from '../../../src/github/mermaid.ts';
import { judgeAnswers, type HttpCheckSettings } from '../../../src/health/checks/http.ts';
import { uniqueNames } from '../../../src/health/checks/index.ts';
import { percentile } from '../../../src/health/numbers.ts';

const settings: HttpCheckSettings = {
  name: 'http /healthz',
  requests: 10,
  expectStatus: 200,
  minSuccessRatio: 0.9,
  latency: { percentile: 90, maxMs: 100 },
  timeoutMs: 1000,
};
const ok = (ms: number) => ({ status: 200, body: 'ok', ms });

describe('http answers', () => {
  test('counts statuses, errors and the latency percentile', () => {
    const r = judgeAnswers(
      settings,
      [
        ...Array.from({ length: 8 }, (_, i) => ok(10 + i)),
        { status: 500, body: 'boom', ms: 5 },
        { ms: 1000, error: 'ECONNREFUSED' },
      ],
      'svc',
    );
    expect(r.status).toBe('fail');
    expect(r.values).toEqual({ 'success ratio': 0.8, errors: 1, 'p90 ms': 17 });
    expect(r.summary).toBe(
      '8/10 answered 200 (at least 90% needed): 8/10 answered 200, p90 17 ms, 1 without an answer (svc)',
    );
    expect(r.detail).toEqual([
      'answers: HTTP 200 × 8, HTTP 500 × 1, no answer × 1 (expected HTTP 200)',
      'no answer: ECONNREFUSED',
      'a bad answer: HTTP 500 "boom"',
    ]);
  });

  test('passes within the ratio, fails on latency alone', () => {
    const nine = [...Array.from({ length: 9 }, () => ok(20)), { status: 503, body: '', ms: 3 }];
    expect(judgeAnswers(settings, nine, 'svc').status).toBe('pass');
    const slow = Array.from({ length: 10 }, (_, i) => ok(i < 8 ? 20 : 300));
    const r = judgeAnswers(settings, slow, 'svc');
    expect(r.status).toBe('fail');
    expect(r.summary).toMatch(/^p90 300 ms is above 100 ms/);
  });

  test('a body that does not match is not a success', () => {
    const r = judgeAnswers(
      { ...settings, minSuccessRatio: 1 },
      [ok(1), { status: 200, body: 'degraded', ms: 1 }],
      'svc',
      /^ok$/,
    );
    expect(r.status).toBe('fail');
    expect(r.values['success ratio']).toBe(0.5);
  });
});

test('percentile by nearest rank', () => {
  const v = [5, 1, 4, 2, 3, 6, 7, 8, 9, 10];
  expect(percentile(v, 50)).toBe(5);
  expect(percentile(v, 95)).toBe(10);
  expect(percentile(v, 1)).toBe(1);
  expect(percentile([42], 99)).toBe(42);
});

test('check names: given, else the kind and what it looks at, repeated ones numbered', () => {
  expect(
    uniqueNames([
      { kind: 'rollout', maxRestarts: 0 },
      { kind: 'http', path: '/healthz', requests: 1, expectStatus: 200, minSuccessRatio: 1 },
      { kind: 'http', path: '/healthz', requests: 1, expectStatus: 200, minSuccessRatio: 1 },
      { kind: 'webhook', url: 'https://qa.example.com/hook?token=x', retries: 0 },
      { kind: 'prometheus', name: 'errors', query: 'up', max: 1 },
    ]),
  ).toEqual(['rollout', 'http /healthz', 'http /healthz #2', 'webhook qa.example.com', 'errors']);
});

test('query templates: {word} placeholders only, PromQL label matchers left alone', () => {
  const q = 'sum(rate(x{namespace="{namespace}",color="{color}",code=~"5.."}[1m]))';
  expect(checkTemplateProblem(q, 'query')).toBeUndefined();
  expect(renderCheckTemplate(q, { namespace: 'web-acme', color: 'green' })).toBe(
    'sum(rate(x{namespace="web-acme",color="green",code=~"5.."}[1m]))',
  );
  expect(checkTemplateProblem('x{pod="{pod}"}', 'query')).toMatch(/unknown placeholder `\{pod\}`/);
  expect(checkTemplateProblem('https://{host}/', 'query')).toMatch(/`\{host\}`/);
  expect(checkTemplateProblem('https://{host}/', 'url')).toBeUndefined();
});

test('a chart is a Mermaid xychart with a line per series', () => {
  expect(
    mermaidChart({
      kind: 'chart',
      title: 'acme: p95 "latency"',
      x: ['r1', 'r2', 'r3'],
      series: [
        { name: 'green', values: [10, null, 30] },
        { name: 'blue', values: [10, 12, 11] },
      ],
      yLabel: 'ms',
    }),
  ).toBe(
    [
      'xychart-beta',
      `  title "acme: p95 'latency' (green, blue)"`,
      '  x-axis ["r1", "r2", "r3"]',
      '  y-axis "ms" 0 --> 33',
      '  line [10, 10, 30]',
      '  line [10, 12, 11]',
    ].join('\n'),
  );
});
