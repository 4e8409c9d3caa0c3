/**
 * A rollback as GitHub-flavoured Markdown for the feedback issue: what was rolled back where,
 * why, each tenant's versions, and the health gate's evidence (its `checks` output) as tables.
 */
import type { TenantRelease } from './deployments.ts';

export interface RollbackReport {
  app: string;
  environment: string;
  /** The version(s) taken out of service, and the version(s) serving again. */
  rolledBack: string;
  restored: string;
  reason: string;
  tenants: TenantRelease[];
  /** health-gate's `checks` output: per tenant {verdict, reason, color, versions, rounds…}. */
  evidence: Record<string, unknown> | undefined;
  runUrl: string | undefined;
  runId: string | undefined;
  deploymentId: number | undefined;
}

/** GitHub refuses an issue body or comment over 65,536 characters; leave room for the marker. */
const BODY_MAX = 60_000;
const ROWS_MAX = 200;

/** Hidden in the body: how a later rollback of the same app and environment finds the issue. */
export function issueMarker(app: string, environment: string): string {
  return `<!-- cutover:rollback app=${encodeURIComponent(app)} environment=${encodeURIComponent(environment)} -->`;
}

/** Hidden in each text the stage writes, so a re-run of the same job writes it once. */
export function runMarker(runId: string | undefined): string {
  return runId ? `<!-- cutover:run=${runId} -->` : '';
}

export function issueTitle(r: RollbackReport): string {
  return `Rollback: ${r.app} ${r.rolledBack} in ${r.environment}`;
}

/** The issue's body: the marker, then the first rollback's report. */
export function issueBody(r: RollbackReport): string {
  return limit(`${issueMarker(r.app, r.environment)}\n${reportMarkdown(r)}`);
}

/** A later rollback's report, as a comment on the open issue. */
export function commentBody(r: RollbackReport): string {
  return limit(reportMarkdown(r));
}

function reportMarkdown(r: RollbackReport): string {
  const parts = [
    runMarker(r.runId),
    `**${r.app}** was rolled back in **${r.environment}**: \`${r.rolledBack}\` → \`${r.restored}\`.`,
    `**Reason:** ${oneLine(r.reason)}`,
    '### Tenants',
    table(
      ['tenant', 'ring', 'rolled back', 'serving now', 'result'],
      r.tenants.map((t) => [t.tenant, t.ring ?? '', t.from ?? '', t.version ?? '', t.status ?? '']),
    ),
  ];
  if (r.evidence && Object.keys(r.evidence).length > 0)
    parts.push('### Health gate evidence', ...evidenceMarkdown(r.evidence));
  const links = [
    r.runUrl ? `Run: ${r.runUrl}` : undefined,
    r.deploymentId ? `deployment ${r.deploymentId} records the restored release` : undefined,
  ].filter(Boolean);
  if (links.length) parts.push(links.join(' · '));
  return parts.filter(Boolean).join('\n\n');
}

/** The gate's verdict per tenant, then each check of the round that decided it. */
export function evidenceMarkdown(evidence: Record<string, unknown>): string[] {
  const verdicts: string[][] = [];
  const checks: string[][] = [];
  for (const [tenant, raw] of Object.entries(evidence)) {
    const g = record(raw);
    const rounds = Array.isArray(g.rounds) ? g.rounds.map(record) : [];
    const versions = record(g.versions);
    const color = str(g.color);
    verdicts.push([
      tenant,
      str(g.verdict),
      color && versions[color] ? `${color} (${str(versions[color])})` : color,
      g.weight === undefined ? '' : `${str(g.weight)}%`,
      String(rounds.length),
      str(g.reason),
    ]);
    const last = rounds.at(-1);
    const results = last && Array.isArray(last.results) ? last.results.map(record) : [];
    for (const c of results)
      checks.push([
        tenant,
        str(last?.index),
        str(c.name),
        str(c.kind),
        str(c.status),
        str(c.summary),
      ]);
  }
  const out = [table(['tenant', 'verdict', 'color', 'weight', 'rounds', 'reason'], verdicts)];
  if (checks.length)
    out.push(
      'Checks of the last round:',
      table(['tenant', 'round', 'check', 'kind', 'status', 'evidence'], checks),
    );
  return out;
}

/** A Markdown table; cells on one line, `|` escaped, long lists cut with a note. */
export function table(headers: string[], rows: string[][]): string {
  const cell = (s: string) => oneLine(s).replace(/\|/g, '\\|').slice(0, 300);
  const shown = rows.slice(0, ROWS_MAX);
  const lines = [
    `| ${headers.join(' | ')} |`,
    `| ${headers.map(() => '---').join(' | ')} |`,
    ...shown.map((r) => `| ${r.map(cell).join(' | ')} |`),
  ];
  if (rows.length > shown.length)
    lines.push('', `… and ${rows.length - shown.length} more rows (see the run's job summary).`);
  return lines.join('\n');
}

function limit(text: string): string {
  if (text.length <= BODY_MAX) return text;
  return `${text.slice(0, BODY_MAX)}\n\n… cut at ${BODY_MAX} characters: the run's job summary has all of it.`;
}

const oneLine = (s: string) => s.replace(/\s*\r?\n\s*/g, ' ').trim();

function record(v: unknown): Record<string, unknown> {
  return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
}

function str(v: unknown): string {
  if (v === undefined || v === null) return '';
  return typeof v === 'string' ? v : typeof v === 'object' ? JSON.stringify(v) : String(v);
}
