import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { describe, expect, test } from '@jest/globals';
import { parse, parseAllDocuments } from 'yaml';

import { cli, example } from '../cli/run-cli.ts';
import { checkRulesFile } from '../../support/promtool-rules.ts';

describe('cutover alerts', () => {
  test('prints the rules file of the example, which promtool accepts', async () => {
    const r = await cli('alerts', '-c', example);
    expect(r).toEqual(expect.objectContaining({ code: 0, err: '' }));
    const { groups } = parse(r.out) as { groups: { name: string }[] };
    expect(groups.map((g) => g.name)).toEqual([
      'cutover.shop.internal',
      'cutover.shop.acme',
      'cutover.shop.globex',
      'cutover.shop.starter',
      'cutover.shop.umbrella',
    ]);
    expect((await checkRulesFile(r.out)).ok).toBe(true);
  });

  test('-e staging: its tenants only; --out writes the file and the PrometheusRules', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'cutover-alerts-'));
    try {
      const r = await cli('alerts', '-c', example, '-e', 'staging', '--out', dir);
      expect(r.code).toBe(0);
      expect(r.err).toContain('2 PrometheusRules');
      const rules = parse(await readFile(join(dir, 'alert-rules.yml'), 'utf8')) as {
        groups: unknown[];
      };
      expect(rules.groups).toHaveLength(2);
      const objects = parseAllDocuments(
        await readFile(join(dir, 'prometheusrules.yaml'), 'utf8'),
      ).map((d) => d.toJS() as { kind: string; metadata: { namespace: string; labels: object } });
      expect(objects.map((o) => [o.kind, o.metadata.namespace])).toEqual([
        ['PrometheusRule', 'shop-internal'],
        ['PrometheusRule', 'shop-acme'],
      ]);
      expect(objects[0]!.metadata.labels).toEqual(
        expect.objectContaining({ 'cutover.dev/environment': 'staging' }),
      );
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  test('a missing config: the error, a non-zero exit', async () => {
    const r = await cli('alerts', '-c', join(tmpdir(), 'no-such-cutover.yaml'));
    expect(r.code).not.toBe(0);
    expect(r.err).toContain('no such file');
  });
});
