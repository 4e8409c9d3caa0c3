import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

import { stringify } from 'yaml';

import { loadConfig } from '../../config/index.ts';
import { alertRulesFile, prometheusRules } from '../../observability/alert-rules.ts';
import type { CommandArgs } from '../command.ts';

export const RULES_FILE = 'alert-rules.yml';
export const PROMETHEUS_RULES_FILE = 'prometheusrules.yaml';

/**
 * Prints the Prometheus rules file of `observability.alerts`; with `--out DIR` writes it and
 * the PrometheusRule of each tenant namespace (one YAML document each) into DIR instead.
 */
export async function run(args: CommandArgs): Promise<number> {
  const {
    config: file,
    environment,
    out,
  } = args.values as {
    config: string;
    environment?: string;
    out?: string;
  };
  const { config } = await loadConfig(file, { environment });
  const rules = alertRulesFile(config);
  if (out === undefined) {
    args.out(rules.trimEnd());
    return 0;
  }
  const objects = prometheusRules(config, environment || undefined);
  await mkdir(out, { recursive: true });
  await writeFile(join(out, RULES_FILE), rules);
  await writeFile(
    join(out, PROMETHEUS_RULES_FILE),
    objects.map((o) => stringify(o, { lineWidth: 0 })).join('---\n'),
  );
  args.err(
    `wrote ${join(out, RULES_FILE)} and ${join(out, PROMETHEUS_RULES_FILE)} (${objects.length} PrometheusRule${objects.length === 1 ? '' : 's'})`,
  );
  return 0;
}
