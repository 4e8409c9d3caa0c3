/**
 * PromQL checked by Prometheus's own parser: the queries go into a temporary rules file as
 * recording rules and `promtool check rules` reads it. Each query gets its own record name,
 * so promtool's complaint is handed back to the query it is about.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

import { stringify } from 'yaml';

import { requireBinary } from './prometheus.ts';

const run = promisify(execFile);

export interface QueryCheck {
  query: string;
  /** promtool's message about this query, undefined when it parses. */
  error?: string;
}

const record = (i: number): string => `cutover_check_${i}`;

export async function checkQueries(queries: string[]): Promise<QueryCheck[]> {
  const promtool = requireBinary('promtool');
  const dir = mkdtempSync(join(tmpdir(), 'cutover-promtool-'));
  const file = join(dir, 'rules.yml');
  try {
    writeFileSync(
      file,
      stringify({
        groups: [
          { name: 'checks', rules: queries.map((q, i) => ({ record: record(i), expr: q })) },
        ],
      }),
    );
    let output = '';
    try {
      await run(promtool, ['check', 'rules', file], { timeout: 30_000 });
      return queries.map((query) => ({ query }));
    } catch (e) {
      const err = e as { stdout?: string; stderr?: string; code?: unknown };
      if (typeof err.code !== 'number') throw e;
      output = `${err.stdout ?? ''}\n${err.stderr ?? ''}`;
    }
    // One line per problem, naming the rule: `...: group "checks", rule 2, "cutover_check_1": ...`.
    const lines = output.split('\n').filter((l) => l.includes(file) && /rule \d+/.test(l));
    const checks = queries.map((query, i): QueryCheck => {
      const mine = lines.filter((l) => l.includes(`"${record(i)}"`));
      if (!mine.length) return { query };
      return {
        query,
        error: mine
          .map((l) => l.slice(l.indexOf(`"${record(i)}"`) + record(i).length + 4))
          .join('; '),
      };
    });
    if (!checks.some((c) => c.error))
      throw new Error(`promtool check rules failed on no query in particular:\n${output.trim()}`);
    return checks;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
