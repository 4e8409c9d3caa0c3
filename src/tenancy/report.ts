import { isCutoverError } from '../errors.ts';
import { countChanges, type ProvisionReport } from './provision.ts';
import type { RingResult } from './rings.ts';
import type { TenantUnit } from './units.ts';

/** The provision report as table rows and JSON outputs, shared by the CLI and the job summary. */
export const reportHeaders = [
  'ring',
  'tenant',
  'namespace',
  'create',
  'update',
  'delete',
  'unchanged',
  'result',
];

export function reportRows(report: ProvisionReport): string[][] {
  return report.results.map((r) => {
    const base = [r.ring, r.item.id, r.item.namespace];
    if (r.status === 'skipped') return [...base, '', '', '', '', `skipped: ${r.reason}`];
    if (r.status === 'failed') return [...base, '', '', '', '', `failed: ${errorText(r.error)}`];
    const c = countChanges(r.value);
    return [
      ...base,
      String(c.create),
      String(c.update),
      String(c.delete),
      String(c.unchanged),
      'ok',
    ];
  });
}

const MARK = { create: '+', update: '~', delete: '-', unchanged: ' ' } as const;

/**
 * One line per object to create (+), update (~, with the fields that differ) or delete (-),
 * by tenant. With `onlyDrift`, just updates and deletions: what was changed by hand.
 */
export function changeLines(report: ProvisionReport, opts: { onlyDrift?: boolean } = {}): string[] {
  const shown = opts.onlyDrift ? ['update', 'delete'] : ['create', 'update', 'delete'];
  return report.results.flatMap((r) => {
    if (r.status !== 'ok') return [];
    const changes = r.value.filter((c) => shown.includes(c.action));
    if (changes.length === 0) return [];
    return [
      `${r.item.id} (${r.item.namespace}):`,
      ...changes.flatMap((c) => [
        `  ${MARK[c.action]} ${c.kind} ${c.name}`,
        ...c.fields.map((f) => `      ${f}`),
      ]),
    ];
  });
}

export function tenantsOutput(report: ProvisionReport) {
  return perTenant(report.results, () => ({}));
}

/**
 * One entry per tenant (a shared namespace's unit gives one per tenant in it): which unit,
 * namespace, ring and status, plus what `extra` adds of the unit's result.
 */
export function perTenant<R extends RingResult<TenantUnit, unknown>, E extends object>(
  results: R[],
  extra: (r: R) => E,
) {
  return results.flatMap((r) =>
    r.item.tenants.map((tenant) => ({
      tenant,
      unit: r.item.id,
      namespace: r.item.namespace,
      ring: r.ring,
      status: r.status,
      ...extra(r),
    })),
  );
}

export function ringsOutput(report: ProvisionReport) {
  const rings = new Map<
    string,
    { ring: string; status: string; tenants: number; failed: string[] }
  >();
  for (const r of report.results) {
    const entry = rings.get(r.ring) ?? { ring: r.ring, status: 'ok', tenants: 0, failed: [] };
    entry.tenants++;
    if (r.status === 'failed') {
      entry.status = 'failed';
      entry.failed.push(r.item.id);
    } else if (r.status === 'skipped') entry.status = 'skipped';
    rings.set(r.ring, entry);
  }
  return [...rings.values()];
}

export function changeCount(report: ProvisionReport): number {
  return report.results.reduce((n, r) => {
    if (r.status !== 'ok') return n;
    const c = countChanges(r.value);
    return n + c.create + c.update + c.delete;
  }, report.removed.length);
}

export function hasDrift(report: ProvisionReport): boolean {
  return report.results.some(
    (r) => r.status === 'ok' && r.value.some((c) => c.action === 'update' || c.action === 'delete'),
  );
}

function errorText(e: unknown): string {
  if (isCutoverError(e)) return e.message;
  return e instanceof Error ? e.message : String(e);
}

/** The failure of a run in which some tenants failed: names them, keeps the first cause. */
export function failedTenants(report: ProvisionReport): { id: string; error: unknown }[] {
  return report.results.flatMap((r) =>
    r.status === 'failed' ? [{ id: r.item.id, error: r.error }] : [],
  );
}
