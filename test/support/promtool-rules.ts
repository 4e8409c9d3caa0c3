/**
 * Rules files through Prometheus's own tools: `promtool check rules` (the file parses, every
 * expression and template is valid) and `promtool test rules` (rule unit tests: input series,
 * and the alerts expected at given times). Both run locally, no server, no network.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

import { stringify } from 'yaml';

import { requireBinary } from './prometheus.ts';

const run = promisify(execFile);

export interface PromtoolResult {
  ok: boolean;
  /** stdout and stderr together: what to show when it failed. */
  output: string;
}

async function promtool(args: string[]): Promise<PromtoolResult> {
  try {
    const { stdout, stderr } = await run(requireBinary('promtool'), args, { timeout: 30_000 });
    return { ok: true, output: `${stdout}${stderr}` };
  } catch (e) {
    const err = e as { stdout?: string; stderr?: string; code?: unknown };
    if (typeof err.code !== 'number') throw e;
    return { ok: false, output: `${err.stdout ?? ''}${err.stderr ?? ''}` };
  }
}

function inTempDir<T>(fn: (dir: string) => Promise<T>): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), 'cutover-rules-'));
  return fn(dir).finally(() => rmSync(dir, { recursive: true, force: true }));
}

/** `promtool check rules` on the text of a rules file. */
export function checkRulesFile(rules: string): Promise<PromtoolResult> {
  return inTempDir(async (dir) => {
    const file = join(dir, 'rules.yml');
    writeFileSync(file, rules);
    return promtool(['check', 'rules', file]);
  });
}

/** One `<test_group>` of a promtool rule test file (see Prometheus's "Unit testing for rules"). */
export interface RuleTestGroup {
  name?: string;
  interval?: string;
  input_series: { series: string; values: string }[];
  alert_rule_test: {
    eval_time: string;
    alertname: string;
    exp_alerts?: { exp_labels: Record<string, string>; exp_annotations?: Record<string, string> }[];
  }[];
}

/**
 * `promtool test rules` with the rules file and these test groups. A group without an
 * `interval` gets 1m: promtool 2.42 reads a missing one as 0, every sample at time 0.
 */
export function testRules(rules: string, tests: RuleTestGroup[]): Promise<PromtoolResult> {
  return inTempDir(async (dir) => {
    writeFileSync(join(dir, 'rules.yml'), rules);
    const file = join(dir, 'test.yml');
    writeFileSync(
      file,
      stringify(
        {
          rule_files: ['rules.yml'],
          evaluation_interval: '1m',
          tests: tests.map((t) => ({ interval: '1m', ...t })),
        },
        { lineWidth: 0 },
      ),
    );
    return promtool(['test', 'rules', file]);
  });
}
