import { loadConfig } from '../../config/index.ts';
import { Cluster } from '../../kube/cluster.ts';
import { changeCount, changeLines, reportHeaders, reportRows } from '../../tenancy/report.ts';
import { manifestsDirOf, provisionOrExplain } from '../../tenancy/run.ts';
import type { CommandArgs } from '../command.ts';
import { renderTable } from '../table.ts';

export async function run({ values, out, err }: CommandArgs): Promise<number> {
  const loaded = await loadConfig(values.config as string);
  const cluster = Cluster.connect({
    ...(values.kubeconfig ? { kubeconfigPath: values.kubeconfig as string } : {}),
    ...(values.context ? { context: values.context as string } : {}),
  });
  const dryRun = Boolean(values['dry-run']);
  const { config } = loaded;
  const { report, failure } = await provisionOrExplain(cluster, config, {
    manifestsDir: manifestsDirOf(loaded),
    dryRun,
    allowNamespaceDeletion: Boolean(values['allow-namespace-deletion']),
    onProgress: (m) => err(m),
  });
  out('');
  out(renderTable(reportHeaders, reportRows(report)));
  for (const r of report.removed) {
    out(
      `namespace ${r.namespace} of removed tenant ${r.unit} ${dryRun ? 'would be' : 'was'} deleted`,
    );
  }
  // A plan lists every change; an apply lists what had drifted (the rest is in the table).
  const lines = changeLines(report, { onlyDrift: !dryRun });
  if (lines.length > 0)
    out(
      ['', dryRun ? 'Changes (+ create, ~ update, - delete):' : 'Corrected drift:', ...lines].join(
        '\n',
      ),
    );
  const s = report.stats;
  out(
    `\n${dryRun ? 'Dry run, nothing applied. ' : ''}API requests: ${s.reads} reads, ${s.dryRuns} dry runs, ${s.writes} writes.`,
  );
  if (failure) throw failure;
  return dryRun && values['detect-drift'] && changeCount(report) > 0 ? 3 : 0;
}
