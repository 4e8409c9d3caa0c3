import { ApiError, BadResponseError } from './rest.ts';

/** A cancelled call (an AbortSignal), whatever realm its error was made in. */
export function isAbort(e: unknown): boolean {
  const name = (e as { name?: unknown } | undefined)?.name;
  return name === 'AbortError' || (e as { code?: unknown } | undefined)?.code === 'ABORT_ERR';
}
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
      return new CutoverError('CLUSTER_UNAUTHORIZED', `${message} (HTTP 401 Unauthorized)`, {
        httpStatus: 401,
        hint: `${server} did not accept the credentials: the token has expired or been revoked, or the client certificate is not trusted; renew the kubeconfig's credentials (an exec plugin's token is fetched again when it expires)`,
      });
    }
    if (e.status === 403) {
      return new CutoverError('CLUSTER_FORBIDDEN', message, {
        httpStatus: 403,
        hint: 'the kubeconfig user lacks this right; see "Cluster rights" in the README for what each stage needs',
      });
    }
    if (e.status === 409) return new CutoverError('CLUSTER_CONFLICT', message, { httpStatus: 409 });
    return new CutoverError('CLUSTER_ERROR', `${message} (HTTP ${e.status})`, {
      httpStatus: e.status,
    });
  }
  if (e instanceof BadResponseError) {
    return new CutoverError('CLUSTER_BAD_RESPONSE', `${action}: ${e.message}`, {
      hint: `${server} does not answer like a Kubernetes API server: check the kubeconfig server address, and any proxy in between`,
    });
  }
  if (isAbort(e)) {
    return new CutoverError('CANCELLED', `${action}: cancelled`, { cause: e });
  }
  if (networkCode(e) === 'ETIMEDOUT') {
    return new CutoverError('CLUSTER_TIMEOUT', `${action}: no answer from ${server} in time`, {
      hint: 'the API server is overloaded or unreachable; try again, or check the network path to it',
      cause: e,
    });
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
