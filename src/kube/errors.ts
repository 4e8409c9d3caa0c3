import { ApiError } from './rest.ts';
import { CutoverError } from '../errors.ts';

export function httpStatus(e: unknown): number | undefined {
  return e instanceof ApiError ? e.status : undefined;
}

const NETWORK_CODES = [
  'ECONNREFUSED',
  'ENOTFOUND',
  'EHOSTUNREACH',
  'ECONNRESET',
  'ETIMEDOUT',
  'EAI_AGAIN',
];

/** The system error code of a failed connection (ECONNREFUSED, ...), looking through causes. */
export function networkCode(e: unknown): string | undefined {
  for (let cur: unknown = e; cur; cur = (cur as { cause?: unknown }).cause) {
    const code = (cur as { code?: unknown }).code;
    if (typeof code === 'string' && (NETWORK_CODES.includes(code) || code.startsWith('UND_ERR')))
      return code;
  }
  return undefined;
}

export function isNetworkError(e: unknown): boolean {
  if (networkCode(e)) return true;
  return e instanceof Error && /fetch failed|socket hang up/.test(e.message);
}

/** Turns a client error into a CutoverError that says what was refused and how to fix it. */
export function clusterError(e: unknown, action: string, server: string): CutoverError {
  if (e instanceof CutoverError) return e;
  if (e instanceof ApiError) {
    // The Status message of the API server; it never echoes credentials.
    const message = `${action}: ${e.message}`;
    if (e.status === 401) {
      return new CutoverError('CLUSTER_FORBIDDEN', message, {
        hint: `the credentials in the kubeconfig were rejected by ${server}; check the token or client certificate`,
      });
    }
    if (e.status === 403) {
      return new CutoverError('CLUSTER_FORBIDDEN', message, {
        hint: 'the kubeconfig user lacks this right; see "Cluster rights" in the README for what each stage needs',
      });
    }
    if (e.status === 409) return new CutoverError('CLUSTER_CONFLICT', message);
    return new CutoverError('CLUSTER_ERROR', `${message} (HTTP ${e.status})`);
  }
  if (isNetworkError(e)) {
    return new CutoverError(
      'CLUSTER_UNREACHABLE',
      `${action}: cannot reach the API server at ${server}`,
      {
        hint: 'check the kubeconfig server address and that the cluster is up (`cutover local up` starts one here)',
        cause: e,
      },
    );
  }
  return new CutoverError(
    'CLUSTER_ERROR',
    `${action}: ${e instanceof Error ? e.message : String(e)}`,
    { cause: e },
  );
}
