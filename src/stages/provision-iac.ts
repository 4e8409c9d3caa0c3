import { resolve } from 'node:path';
import { loadConfig } from '../config/index.ts';
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
import { clusterFromInputs } from './cluster-input.ts';
import type { provisionInputs } from './inputs.ts';
import { details, heading, list, table, text } from './io.ts';
import type { provisionOutputs } from './output-specs.ts';
import type { StageRun } from './stage.ts';

export const run: StageRun<typeof provisionInputs, typeof provisionOutputs> = async (
  inputs,
  io,
) => {
  const loaded = await loadConfig(resolve(io.workspace, inputs.config), {
    environment: inputs.environment,
  });
  const cluster = clusterFromInputs(inputs, loaded.environment);
  const dryRun = inputs['dry-run'];
  const { report, failure } = await provisionOrExplain(cluster, loaded.config, {
    manifestsDir: manifestsDirOf(loaded),
    requiredKinds: loaded.config.app.requiredKinds ?? [],
    dryRun,
    allowNamespaceDeletion: inputs['allow-namespace-deletion'],
    environment: loaded.environment?.name,
    onProgress: (m) => io.progress(m),
  });

  io.setOutput('tenant-results', tenantsOutput(report));
  io.setOutput('ring-results', ringsOutput(report));
  io.setOutput('changes', changeCount(report));
  io.setOutput('drift', hasDrift(report));
  io.setOutput('skipped-kinds', report.skippedKinds);
  for (const k of report.skippedKinds)
    io.warning(
      `${k.objects} ${k.kind} object(s) (${k.apiVersion}) of app.manifests were not applied: ${k.reason}. Install it, or list ${k.kind} in app.requiredKinds to fail instead.`,
    );

  io.report(
    heading(`cutover provision-iac${dryRun ? ' (dry run: nothing applied)' : ''}`),
    table(reportHeaders, reportRows(report)),
  );
  if (report.skippedKinds.length > 0) {
    io.report(
      list(
        report.skippedKinds.map(
          (k) => `skipped ${k.objects} \`${k.kind}\` object(s) (\`${k.apiVersion}\`): ${k.reason}`,
        ),
      ),
    );
  }
  if (report.removed.length > 0) {
    io.report(
      list(
        report.removed.map(
          (r) =>
            `namespace \`${r.namespace}\` of removed tenant \`${r.unit}\` ${dryRun ? 'would be' : 'was'} deleted`,
        ),
      ),
    );
  }
  // A plan lists every change; an apply lists what had drifted (the rest is in the table).
  const lines = changeLines(report, { onlyDrift: !dryRun });
  if (lines.length > 0) {
    const label = dryRun
      ? 'Would change: + create, ~ update (fields), - delete'
      : 'Corrected drift: ~ update (fields), - delete';
    io.report(details(label, lines, 'diff'));
  }
  const s = report.stats;
  io.report(
    text(
      `${dryRun ? 'Dry run, nothing applied. ' : ''}API requests: ${s.reads} reads, ${s.dryRuns} dry runs, ${s.writes} writes.`,
    ),
  );
  if (failure) throw failure;
};
