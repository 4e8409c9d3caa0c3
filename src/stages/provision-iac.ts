import * as core from '@actions/core';
import { resolve } from 'node:path';
import { loadConfig } from '../config/index.ts';
import type { InputValues } from '../github/inputs.ts';
import { Cluster } from '../kube/cluster.ts';
import {
  changeCount,
  changeLines,
  hasDrift,
  reportHeaders,
  reportRows,
  ringsOutput,
  tenantsOutput,
} from '../tenancy/report.ts';
import { manifestsDirOf, provisionOrExplain } from '../tenancy/run.ts';
import type { provisionInputs } from './inputs.ts';

export async function run(inputs: InputValues<typeof provisionInputs>): Promise<void> {
  const file = resolve(process.env.GITHUB_WORKSPACE ?? process.cwd(), inputs.config);
  const loaded = await loadConfig(file);
  const cluster = Cluster.connect({
    ...(inputs.kubeconfig ? { kubeconfig: inputs.kubeconfig } : {}),
    ...(inputs.context ? { context: inputs.context } : {}),
  });
  const dryRun = inputs['dry-run'];
  const { config } = loaded;
  const { report, failure } = await provisionOrExplain(cluster, config, {
    manifestsDir: manifestsDirOf(loaded),
    dryRun,
    allowNamespaceDeletion: inputs['allow-namespace-deletion'],
    onProgress: (m) => core.info(m),
  });

  core.setOutput('tenants', JSON.stringify(tenantsOutput(report)));
  core.setOutput('rings', JSON.stringify(ringsOutput(report)));
  core.setOutput('changes', changeCount(report));
  core.setOutput('drift', hasDrift(report));

  const changes = changeLines(report);
  const summary = core.summary
    .addHeading(`cutover provision-iac${dryRun ? ' (dry run: nothing applied)' : ''}`, 3)
    .addTable([reportHeaders.map((h) => ({ data: h, header: true })), ...reportRows(report)]);
  if (report.removed.length > 0) {
    summary.addList(
      report.removed.map(
        (r) =>
          `namespace \`${r.namespace}\` of removed tenant \`${r.unit}\` ${dryRun ? 'would be' : 'was'} deleted`,
      ),
    );
  }
  if (changes.length > 0) {
    const label = `${dryRun ? 'Would change' : 'Changed'}: + create, ~ update (fields), - delete`;
    summary.addDetails(label, `\n\n\`\`\`diff\n${changes.join('\n')}\n\`\`\`\n`);
  }
  summary.addRaw(
    `API requests: ${report.stats.reads} reads, ${report.stats.dryRuns} dry runs, ${report.stats.writes} writes.`,
    true,
  );
  await summary.write();
  if (failure) throw failure;
}
