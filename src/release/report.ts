/**
 * A release run's results as table rows, the `tenant-results` output, and one error naming
 * every failed tenant (with its details), shared by the three release stages.
 */
import { CutoverError, formatDetail, isCutoverError, type ErrorDetail } from '../errors.ts';
import { perTenant } from '../tenancy/report.ts';
import type { TenantOutcome } from './run.ts';

/** What each operation reports of a tenant, beyond ok/failed/skipped. */
export interface ResultSummary {
  action: string;
  live?: string | undefined;
  color?: string | undefined;
  weight?: number | undefined;
  version?: string | undefined;
  detail?: string | undefined;
}

export const RESULT_HEADERS = [
  'ring',
  'tenant',
  'namespace',
  'result',
  'live',
  'new color',
  'weight',
  'version',
  'detail',
];

export function resultRows<R>(
  results: TenantOutcome<R>[],
  summarize: (r: R) => ResultSummary,
): string[][] {
  return results.map((r) => {
    const base = [r.ring, r.item.id, r.item.namespace];
    if (r.status === 'skipped') return [...base, 'skipped', '', '', '', '', r.reason];
    if (r.status === 'failed') return [...base, 'failed', '', '', '', '', errorText(r.error)];
    const s = summarize(r.value);
    return [
      ...base,
      s.action,
      s.live ?? '',
      s.color ?? '',
      s.weight === undefined ? '' : `${s.weight}%`,
      s.version ?? '',
      s.detail ?? '',
    ];
  });
}

export function resultsOutput<R>(results: TenantOutcome<R>[], summarize: (r: R) => ResultSummary) {
  return perTenant(results, (r) => ({
    ...(r.status === 'ok' ? summarize(r.value) : {}),
    ...(r.status === 'failed' ? { error: errorText(r.error) } : {}),
    ...(r.status === 'skipped' ? { reason: r.reason } : {}),
  }));
}

/** One error for the failed tenants, after the report is out; undefined when none failed. */
export function releaseFailure<R>(
  results: TenantOutcome<R>[],
  what: string,
): CutoverError | undefined {
  const failed = results.filter((r) => r.status === 'failed');
  if (failed.length === 0) return undefined;
  const haltedRings = results.filter(
    (r) => r.status === 'skipped' && r.reason.startsWith('ring '),
  ).length;
  const first = failed[0]!.error;
  const details: ErrorDetail[] = failed.flatMap((f) => {
    const e = f.error;
    const head = {
      path: `tenant ${f.item.id}`,
      message: isCutoverError(e) ? e.message : String(e),
      ...(isCutoverError(e) && e.hint ? { hint: e.hint } : {}),
    };
    return [
      head,
      ...(isCutoverError(e)
        ? e.details.map((d) => ({ ...d, path: `tenant ${f.item.id}: ${d.path ?? ''}`.trim() }))
        : []),
    ];
  });
  return new CutoverError(
    isCutoverError(first) && failed.length === 1 ? first.code : 'RELEASE_FAILED',
    `${what} failed for ${failed.length} tenant(s): ${failed.map((f) => f.item.id).join(', ')}${haltedRings ? `; ${haltedRings} tenant(s) in later rings were not started` : ''}`,
    { details },
  );
}

function errorText(e: unknown): string {
  if (!isCutoverError(e)) return String((e as Error)?.message ?? e);
  return [e.message, ...e.details.slice(0, 3).map(formatDetail)].join('; ');
}

/** The one value every ok tenant agrees on, else undefined. */
export function agreed<R, V>(results: TenantOutcome<R>[], pick: (r: R) => V): V | undefined {
  const values = new Set(results.flatMap((r) => (r.status === 'ok' ? [pick(r.value)] : [])));
  return values.size === 1 ? [...values][0] : undefined;
}
