/**
 * The one error type of cutover. Every failure a user can act on carries a stable code,
 * a message that names the field, a hint that says the fix, and (when it comes from the
 * config file) where in the file. The GitHub adapter turns it into an annotation at that
 * line; the CLI prints it as `file:line:col: message`.
 */
export interface SourceLocation {
  file: string;
  line: number; // 1-based
  column: number; // 1-based
}

export interface ErrorDetail {
  /** Dotted field path, e.g. `tenants[2].ring`. */
  path?: string;
  message: string;
  hint?: string;
  location?: SourceLocation;
}

export type ErrorCode =
  | 'CONFIG_NOT_FOUND'
  | 'CONFIG_PARSE'
  | 'CONFIG_INVALID'
  | 'CONFIG_UNKNOWN_ENVIRONMENT'
  | 'INPUT_MISSING'
  | 'INPUT_INVALID'
  | 'CLUSTER_UNREACHABLE'
  | 'CLUSTER_UNAUTHORIZED'
  | 'CLUSTER_CREDENTIALS'
  | 'CLUSTER_FORBIDDEN'
  | 'CLUSTER_BAD_RESPONSE'
  | 'CLUSTER_TIMEOUT'
  | 'CANCELLED'
  | 'LEASE_HELD'
  | 'LEASE_LOST'
  | 'CLUSTER_CONFLICT'
  | 'CLUSTER_ERROR'
  | 'LOCAL_CLUSTER'
  | 'PROVISION_FAILED'
  | 'PRUNE_REFUSED'
  | 'WORKLOAD_INVALID'
  | 'ROUTER_UNSUPPORTED'
  | 'ROUTER_MISSING'
  | 'ROUTE_NOT_VERIFIED'
  | 'ROLLOUT_FAILED'
  | 'RELEASE_STATE'
  | 'RELEASE_FAILED'
  | 'GATE_FAILED'
  | 'PROMETHEUS_QUERY'
  | 'PROMETHEUS_UNREACHABLE'
  | 'CI_NOTHING_TO_RUN'
  | 'CI_STEP_FAILED'
  | 'CI_REPORT_INVALID'
  | 'BUILD_INPUT_MISSING'
  | 'BUILDER_MISSING'
  | 'BUILD_FAILED'
  | 'REGISTRY_UNREACHABLE'
  | 'REGISTRY_DENIED'
  | 'REGISTRY_ERROR'
  | 'USAGE';

export class CutoverError extends Error {
  readonly code: ErrorCode;
  readonly hint: string | undefined;
  readonly details: ErrorDetail[];
  /** The HTTP status behind a cluster error, when there was one. */
  readonly httpStatus: number | undefined;

  constructor(
    code: ErrorCode,
    message: string,
    opts: { hint?: string; details?: ErrorDetail[]; cause?: unknown; httpStatus?: number } = {},
  ) {
    super(message, opts.cause === undefined ? undefined : { cause: opts.cause });
    this.name = 'CutoverError';
    this.code = code;
    this.hint = opts.hint;
    this.details = opts.details ?? [];
    this.httpStatus = opts.httpStatus;
  }

  /** Human-readable, one detail a line, `file:line:col: path: message (hint)`. */
  format(): string {
    const lines = [`${this.code}: ${this.message}`];
    for (const d of this.details) lines.push(`  ${formatDetail(d)}`);
    if (this.hint) lines.push(`  hint: ${this.hint}`);
    return lines.join('\n');
  }
}

export function formatDetail(d: ErrorDetail): string {
  const where = d.location ? `${d.location.file}:${d.location.line}:${d.location.column}: ` : '';
  const path = d.path ? `${d.path}: ` : '';
  const hint = d.hint ? ` (hint: ${d.hint})` : '';
  return `${where}${path}${d.message}${hint}`;
}

export function isCutoverError(e: unknown): e is CutoverError {
  return e instanceof CutoverError;
}

/** Exit codes of the CLI and the bundled actions' process, documented in the README. */
export const ExitCode = {
  ok: 0,
  failure: 1, // a stage ran and failed (cluster error, failed gate)
  invalid: 2, // bad config, bad input or bad usage: nothing was done
  drift: 3, // `--detect-drift`-style commands: changes would be made
} as const;

export function exitCodeFor(e: unknown): number {
  if (!isCutoverError(e)) return ExitCode.failure;
  switch (e.code) {
    case 'CONFIG_NOT_FOUND':
    case 'CONFIG_PARSE':
    case 'CONFIG_INVALID':
    case 'CONFIG_UNKNOWN_ENVIRONMENT':
    case 'INPUT_MISSING':
    case 'INPUT_INVALID':
    case 'USAGE':
      return ExitCode.invalid;
    default:
      return ExitCode.failure;
  }
}
