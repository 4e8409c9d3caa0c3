/**
 * The registry's auth handshake: a 401 carries `WWW-Authenticate`, either `Basic realm=…`
 * (send the credentials on every request) or `Bearer realm=…,service=…,scope=…` (trade the
 * credentials, or nothing for anonymous pulls, for a token at the realm, one per scope).
 * Docker Hub, ghcr.io, ECR, GAR and Harbor all speak the second; distribution with htpasswd
 * the first.
 */
import { CutoverError } from '../errors.ts';

export interface Credentials {
  username: string;
  password: string;
}

export interface Challenge {
  scheme: 'basic' | 'bearer';
  params: Record<string, string>;
}

/** Parses one `WWW-Authenticate` value: the scheme and its `key="value"` parameters. */
export function parseChallenge(header: string | null): Challenge | undefined {
  if (!header) return undefined;
  const m = /^\s*(\w+)\s*(.*)$/s.exec(header);
  if (!m) return undefined;
  const scheme = m[1]!.toLowerCase();
  if (scheme !== 'basic' && scheme !== 'bearer') return undefined;
  const params: Record<string, string> = {};
  // Values are quoted strings (with \-escapes) or tokens; a scope may hold commas.
  const re = /(\w+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^,\s]*))/g;
  for (let p = re.exec(m[2]!); p; p = re.exec(m[2]!))
    params[p[1]!.toLowerCase()] = p[2] !== undefined ? p[2].replace(/\\(.)/g, '$1') : p[3]!;
  return { scheme, params };
}

export function basicHeader(c: Credentials): string {
  return `Basic ${Buffer.from(`${c.username}:${c.password}`, 'utf8').toString('base64')}`;
}

/**
 * Asks the realm for a token for `scope` (the distribution token protocol: GET with
 * service and scope, Basic credentials when there are any). The answer's `token` or
 * `access_token` goes in `Authorization: Bearer`.
 */
export async function fetchToken(o: {
  challenge: Challenge;
  scope: string | undefined;
  credentials: Credentials | undefined;
  registry: string;
  fetch: typeof fetch;
  signal: AbortSignal;
}): Promise<string> {
  const realm = o.challenge.params.realm;
  if (!realm)
    throw new CutoverError(
      'REGISTRY_ERROR',
      `registry ${o.registry}: its Bearer challenge names no realm to get a token from`,
    );
  let url: URL;
  try {
    url = new URL(realm);
  } catch {
    throw new CutoverError(
      'REGISTRY_ERROR',
      `registry ${o.registry}: its token realm \`${realm}\` is not a URL`,
    );
  }
  if (o.challenge.params.service) url.searchParams.set('service', o.challenge.params.service);
  const scope = o.scope ?? o.challenge.params.scope;
  if (scope) url.searchParams.set('scope', scope);
  const headers: Record<string, string> = { accept: 'application/json' };
  if (o.credentials) headers.authorization = basicHeader(o.credentials);
  let res: Response;
  try {
    res = await o.fetch(url, { headers, signal: o.signal });
  } catch (e) {
    throw new CutoverError(
      'REGISTRY_UNREACHABLE',
      `registry ${o.registry}: cannot reach its token service ${url.origin}${url.pathname}: ${causeOf(e)}`,
      { hint: 'check the network from this runner to the registry', cause: e },
    );
  }
  const text = await res.text();
  if (res.status === 401 || res.status === 403)
    throw new CutoverError(
      'REGISTRY_DENIED',
      `registry ${o.registry}: the token service refused ${o.credentials ? `the credentials of user \`${o.credentials.username}\`` : 'an anonymous token'} for ${scope ?? 'the registry'} (HTTP ${res.status})`,
      {
        hint: o.credentials
          ? 'check the registry username and password (or token) and that they may push to this repository'
          : 'this registry needs credentials: pass a username and password (or token)',
        httpStatus: res.status,
      },
    );
  if (!res.ok)
    throw new CutoverError(
      'REGISTRY_ERROR',
      `registry ${o.registry}: the token service answered HTTP ${res.status}`,
      { httpStatus: res.status },
    );
  let token: unknown;
  try {
    const body = JSON.parse(text) as { token?: unknown; access_token?: unknown };
    token = body.token ?? body.access_token;
  } catch {
    token = undefined;
  }
  if (typeof token !== 'string' || !token)
    throw new CutoverError(
      'REGISTRY_ERROR',
      `registry ${o.registry}: the token service's answer holds no token`,
    );
  return token;
}

/** The reason behind a failed fetch (undici wraps it: `fetch failed`, cause ECONNREFUSED). */
export function causeOf(e: unknown): string {
  const cause = (e as { cause?: { code?: string; message?: string } }).cause;
  if (cause?.code) return `${cause.code}${cause.message ? ` (${cause.message})` : ''}`;
  return e instanceof Error ? e.message : String(e);
}
