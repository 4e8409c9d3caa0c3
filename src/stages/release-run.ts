/**
 * What the three release stages share: the config, the cluster, which tenants, who acts,
 * and the report (a table per tenant, the tenant-results output, one error for failures).
 */
import { resolve } from 'node:path';
import { loadConfig, parseDuration } from '../config/index.ts';
import { CutoverError } from '../errors.ts';
import { defaultHolder } from '../kube/lease.ts';
import {
  RESULT_HEADERS,
  releaseFailure,
  resultRows,
  resultsOutput,
  type ResultSummary,
} from '../release/report.ts';
import type { ReleaseRunOptions, TenantOutcome } from '../release/run.ts';
import { clusterFromInputs } from './cluster-input.ts';
import { heading, table, type StageIO } from './io.ts';
import type { OutputSpec } from './outputs.ts';

export interface ReleaseStageInputs {
  config: string;
  environment?: string | undefined;
  kubeconfig?: string | undefined;
  kubeconfigFile?: string | undefined;
  context?: string | undefined;
  tenants: string;
  ring?: string | undefined;
}

export async function releaseRunOptions(
  inputs: ReleaseStageInputs,
  io: StageIO<OutputSpec>,
): Promise<ReleaseRunOptions> {
  const file = resolve(io.workspace, inputs.config);
  const { config, environment } = await loadConfig(file, { environment: inputs.environment });
  const tenants = inputs.tenants
    .split(',')
    .map((t) => t.trim())
    .filter(Boolean);
  return {
    cluster: clusterFromInputs(inputs, environment),
    config,
    configFile: file,
    tenants,
    ring: inputs.ring || undefined,
    by: defaultHolder(),
    progress: (m) => io.progress(m),
  };
}

export function timeoutOf(raw: string): number {
  const ms = parseDuration(raw);
  if (ms === undefined || ms <= 0)
    throw new CutoverError(
      'INPUT_INVALID',
      `input \`timeout\`: expected a duration like 5m or 90s, found ${JSON.stringify(raw)}`,
      {
        hint: 'write a number with a unit: ms, s, m or h (e.g. `5m`, `1m30s`)',
      },
    );
  return ms;
}

/** Writes the table and `tenant-results`, then throws for failed tenants. */
export function reportResults<R>(
  io: StageIO<{ 'tenant-results': { kind: 'json'; description: string } }>,
  title: string,
  results: TenantOutcome<R>[],
  summarize: (r: R) => ResultSummary,
): void {
  io.setOutput('tenant-results', resultsOutput(results, summarize));
  io.report(heading(title), table(RESULT_HEADERS, resultRows(results, summarize)));
  const failure = releaseFailure(results, title);
  if (failure) throw failure;
}
