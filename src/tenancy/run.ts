import { dirname, resolve } from 'node:path';
import type { CutoverConfig } from '../config/index.ts';
import { CutoverError } from '../errors.ts';
import { formatDetail, isCutoverError } from '../errors.ts';
import { provision, type ProvisionOptions, type ProvisionReport } from './provision.ts';
import { failedTenants } from './report.ts';
import type { Cluster } from '../kube/cluster.ts';

/** Provision, and turn failed tenants into one error that names each (after the report is out). */
export async function provisionOrExplain(
  cluster: Cluster,
  config: CutoverConfig,
  opts: ProvisionOptions,
): Promise<{ report: ProvisionReport; failure: CutoverError | undefined }> {
  const report = await provision(cluster, config, opts);
  const failed = failedTenants(report);
  if (failed.length === 0) return { report, failure: undefined };
  const skipped = report.results.filter((r) => r.status === 'skipped').length;
  return {
    report,
    failure: new CutoverError(
      'PROVISION_FAILED',
      `${failed.length} tenant(s) failed: ${failed.map((f) => f.id).join(', ')}${skipped ? `; ${skipped} tenant(s) in later rings skipped` : ''}`,
      {
        details: failed.map((f) => ({
          path: `tenant ${f.id}`,
          message: isCutoverError(f.error)
            ? [f.error.message, ...f.error.details.map(formatDetail)].join('; ')
            : String(f.error),
          ...(isCutoverError(f.error) && f.error.hint ? { hint: f.error.hint } : {}),
        })),
      },
    ),
  };
}

/** The manifests directory of a loaded config, resolved against the config file's folder. */
export function manifestsDirOf(loaded: {
  config: CutoverConfig;
  file: string;
}): string | undefined {
  const dir = loaded.config.app.manifests;
  return dir === undefined ? undefined : resolve(dirname(loaded.file), dir);
}
