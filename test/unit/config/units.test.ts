import { describe, expect, test } from '@jest/globals';
import fc from 'fast-check';
import { closest, editDistance } from '../../../src/config/suggest.ts';
import { renderTemplate, templateProblem } from '../../../src/config/templates.ts';
import {
  formatDuration,
  labelKeyProblem,
  parseDuration,
  parseQuantity,
} from '../../../src/config/units.ts';

describe('durations', () => {
  test.each([
    ['500ms', 500],
    ['10s', 10_000],
    ['5m', 300_000],
    ['1h', 3_600_000],
    ['1m30s', 90_000],
    ['1.5s', 1_500],
    ['0s', 0],
  ])('%s is %d ms', (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });

  test.each(['', '10', 's', '10 s', '-1s', '1d', '10sec', '1.s', 'ms10'])(
    '%j is not a duration',
    (t) => {
      expect(parseDuration(t)).toBeUndefined();
    },
  );

  test('formatDuration and parseDuration round-trip whole milliseconds', () => {
    fc.assert(
      fc.property(fc.nat(10 * 24 * 3_600_000), (ms) => {
        expect(parseDuration(formatDuration(ms))).toBe(ms);
      }),
    );
  });
});

describe('quantities', () => {
  test.each([
    ['500m', 0.5],
    ['2', 2],
    ['1Ki', 1024],
    ['8Gi', 8 * 2 ** 30],
    ['1G', 1e9],
    ['1e3', 1000],
    ['.5', 0.5],
    [4, 4],
  ] as const)('%s is %d', (q, n) => {
    expect(parseQuantity(q)).toBeCloseTo(n);
  });

  test.each(['8GB', '1 Gi', '-1', 'Gi', '', '1.2.3', 'ten'])('%j is not a quantity', (q) => {
    expect(parseQuantity(q)).toBeUndefined();
  });
});

describe('label keys', () => {
  test.each(['team', 'example.com/team', 'a.b-c_d', 'x'])('%s is valid', (k) => {
    expect(labelKeyProblem(k)).toBeUndefined();
  });
  test.each(['', 'Bad Key', '-team', 'team-', 'Example.com/team', '/team', `${'a'.repeat(64)}`])(
    '%j is invalid',
    (k) => {
      expect(labelKeyProblem(k)).toBeDefined();
    },
  );
});

describe('templates', () => {
  test('render the placeholders', () => {
    expect(
      renderTemplate('{ring}-{app}-{tenant}', { app: 'shop', tenant: 'acme', ring: 'canary' }),
    ).toBe('canary-shop-acme');
  });
  test.each([
    ['{app}-{tenat}', 'unknown placeholder `{tenat}`'],
    ['{app}-{tenant', 'unmatched'],
    ['{app}}-{tenant}', 'unmatched'],
  ])('%s is malformed', (t, problem) => {
    expect(templateProblem(t)).toContain(problem);
  });
});

describe('did you mean', () => {
  const keys = ['name', 'port', 'replicas', 'manifests', 'env', 'resources'];
  test.each([
    ['replica', 'replicas'],
    ['Replicas', 'replicas'],
    ['prot', 'port'],
    ['resorces', 'resources'],
    ['manifest', 'manifests'],
  ])('%s -> %s', (typo, key) => {
    expect(closest(typo, keys)).toBe(key);
  });

  test.each(['colour', 'x', 'replicasss-and-more'])('%s has no close key', (k) => {
    expect(closest(k, keys)).toBeUndefined();
  });

  test('separators and case do not count', () => {
    expect(closest('pause_for_approval', ['pauseForApproval', 'environment'])).toBe(
      'pauseForApproval',
    );
    expect(closest('namespace-template', ['namespaceTemplate'])).toBe('namespaceTemplate');
  });

  test('a prefix of one candidate suggests it', () => {
    expect(closest('gateway', ['service', 'gateway-api', 'istio'])).toBe('gateway-api');
  });

  test('edit distance counts a transposition as one edit', () => {
    expect(editDistance('prot', 'port')).toBe(1);
    expect(editDistance('kitten', 'sitting')).toBe(3);
    fc.assert(
      fc.property(fc.string(), fc.string(), (a, b) => {
        expect(editDistance(a, b)).toBe(editDistance(b, a));
        expect(editDistance(a, b)).toBeLessThanOrEqual(Math.max(a.length, b.length));
      }),
    );
  });
});
