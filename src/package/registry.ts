/**
 * A minimal OCI distribution client over fetch: enough to push and read back the deploy
 * bundle (blobs, an image manifest) and to check a registry before a build. No maintained
 * npm library pushes OCI artifacts with the registries' auth flows well, and the protocol
 * needed is small: /v2/ ping, blob HEAD/GET, monolithic upload (POST then PUT ?digest=),
 * manifest PUT/GET. Plain http only for loopback hosts or with `insecure`.
 *
 * Credentials live in this object only: they never reach a message, a URL or a log line.
 */
import { createHash } from 'node:crypto';
import { CutoverError } from '../errors.ts';
import {
  basicHeader,
  causeOf,
  fetchToken,
  parseChallenge,
  type Challenge,
  type Credentials,
} from './registry-auth.ts';
import { schemeFor } from './reference.ts';

export const OCI_MANIFEST = 'application/vnd.oci.image.manifest.v1+json';
export const OCI_INDEX = 'application/vnd.oci.image.index.v1+json';
const DOCKER_MANIFEST = 'application/vnd.docker.distribution.manifest.v2+json';
const DOCKER_LIST = 'application/vnd.docker.distribution.manifest.list.v2+json';
const MANIFEST_ACCEPT = [OCI_MANIFEST, OCI_INDEX, DOCKER_MANIFEST, DOCKER_LIST].join(', ');

export interface Descriptor {
  mediaType: string;
  digest: string;
  size: number;
  annotations?: Record<string, string>;
  artifactType?: string;
  /** The blob itself, base64, for small ones (the empty config). */
  data?: string;
}

export interface Manifest {
  mediaType: string;
  /** From Docker-Content-Digest, or the sha256 of the body when the registry sends none. */
  digest: string;
  body: Uint8Array;
}

export interface RegistryOptions {
  /** host[:port] as the API is reached. */
  host: string;
  auth?: Credentials | undefined;
  /** Plain http for a host that is not loopback (a registry inside a private network). */
  insecure?: boolean | undefined;
  signal?: AbortSignal | undefined;
  /** Per request, default 120 s. */
  timeoutMs?: number;
  fetch?: typeof fetch;
}

type Action = 'pull' | 'push';

export function sha256Digest(data: Uint8Array): string {
  return `sha256:${createHash('sha256').update(data).digest('hex')}`;
}

export class RegistryClient {
  readonly host: string;
  readonly base: string;
  private readonly auth: Credentials | undefined;
  private readonly fetchFn: typeof fetch;
  private readonly signal: AbortSignal | undefined;
  private readonly timeoutMs: number;
  /** How the registry asked to be spoken to, once it has. */
  private challenge: Challenge | undefined;
  private readonly tokens = new Map<string, string>();

  constructor(o: RegistryOptions) {
    this.host = o.host;
    this.base = `${schemeFor(o.host, o.insecure)}://${o.host}`;
    this.auth = o.auth;
    this.fetchFn = o.fetch ?? fetch;
    this.signal = o.signal;
    this.timeoutMs = o.timeoutMs ?? 120_000;
  }

  /** GET /v2/: reachable, speaks the API, and (with credentials) accepts them. */
  async ping(repo?: string): Promise<void> {
    const res = await this.request('GET', '/v2/', repo ? { repo, actions: ['pull', 'push'] } : {});
    await this.expect(res, 'GET /v2/');
  }

  async hasBlob(repo: string, digest: string, actions: Action[] = ['pull']): Promise<boolean> {
    // Before a push, ask with the push scope: one token serves the HEAD and the upload.
    const res = await this.request('HEAD', `/v2/${repo}/blobs/${digest}`, { repo, actions });
    if (res.status === 404) {
      await res.arrayBuffer();
      return false;
    }
    await this.expect(res, `HEAD blob ${digest} in ${repo}`);
    return true;
  }

  /** Uploads a blob in one piece (POST, then PUT ?digest=); skipped when it is there. */
  async pushBlob(
    repo: string,
    data: Uint8Array,
  ): Promise<{ digest: string; size: number; skipped: boolean }> {
    const digest = sha256Digest(data);
    if (await this.hasBlob(repo, digest, ['pull', 'push']))
      return { digest, size: data.length, skipped: true };
    const scope = { repo, actions: ['pull', 'push'] as Action[] };
    const start = await this.request('POST', `/v2/${repo}/blobs/uploads/`, scope, {
      headers: { 'content-length': '0' },
    });
    await this.expect(start, `start an upload to ${repo}`, 202);
    const location = start.headers.get('location');
    if (!location)
      throw new CutoverError(
        'REGISTRY_ERROR',
        `registry ${this.host}: the upload to ${repo} was started without a Location to send it to`,
      );
    // Location may be relative, and may carry its own query (a session state).
    const url = new URL(location, this.base);
    url.searchParams.set('digest', digest);
    const put = await this.request('PUT', url, scope, {
      headers: { 'content-type': 'application/octet-stream' },
      body: data,
    });
    await this.expect(put, `upload blob ${digest} to ${repo}`, 201);
    return { digest, size: data.length, skipped: false };
  }

  async getBlob(repo: string, digest: string): Promise<Uint8Array> {
    const res = await this.request('GET', `/v2/${repo}/blobs/${digest}`, {
      repo,
      actions: ['pull'],
    });
    const body = await this.expect(res, `GET blob ${digest} in ${repo}`);
    if (sha256Digest(body) !== digest)
      throw new CutoverError(
        'REGISTRY_ERROR',
        `registry ${this.host}: blob ${digest} in ${repo} does not match its digest`,
        { hint: 'the registry or something between returned other bytes; try again' },
      );
    return body;
  }

  /** PUT a manifest under a tag or digest; returns the digest the registry stored it under. */
  async pushManifest(
    repo: string,
    reference: string,
    manifest: object | Uint8Array,
    mediaType?: string,
  ): Promise<{ digest: string }> {
    const body =
      manifest instanceof Uint8Array
        ? manifest
        : new TextEncoder().encode(JSON.stringify(manifest));
    const type =
      mediaType ??
      (manifest instanceof Uint8Array
        ? OCI_MANIFEST
        : ((manifest as { mediaType?: string }).mediaType ?? OCI_MANIFEST));
    const res = await this.request(
      'PUT',
      `/v2/${repo}/manifests/${reference}`,
      { repo, actions: ['pull', 'push'] },
      { headers: { 'content-type': type }, body },
    );
    await this.expect(res, `PUT manifest ${repo}:${reference}`, 201);
    return { digest: res.headers.get('docker-content-digest') ?? sha256Digest(body) };
  }

  async getManifest(repo: string, ref: string): Promise<Manifest> {
    const res = await this.request(
      'GET',
      `/v2/${repo}/manifests/${ref}`,
      { repo, actions: ['pull'] },
      { headers: { accept: MANIFEST_ACCEPT } },
    );
    const body = await this.expect(res, `GET manifest ${repo}:${ref}`);
    const computed = sha256Digest(body);
    if (ref.startsWith('sha256:') && computed !== ref)
      throw new CutoverError(
        'REGISTRY_ERROR',
        `registry ${this.host}: manifest ${repo}@${ref} does not match its digest`,
      );
    const mediaType =
      res.headers.get('content-type')?.split(';')[0]?.trim() ||
      ((JSON.parse(new TextDecoder().decode(body)) as { mediaType?: string }).mediaType ?? '');
    return { mediaType, digest: res.headers.get('docker-content-digest') ?? computed, body };
  }

  /**
   * One request with auth: sent with what is known to work (Basic, or this scope's token);
   * on a 401 the challenge is read, the credentials (or token) got, and it is sent once more.
   */
  private async request(
    method: string,
    path: string | URL,
    scope: { repo?: string; actions?: Action[] },
    init: { headers?: Record<string, string>; body?: Uint8Array } = {},
  ): Promise<Response> {
    const url = typeof path === 'string' ? new URL(path, this.base) : path;
    const scopeText = scope.repo
      ? `repository:${scope.repo}:${(scope.actions ?? ['pull']).join(',')}`
      : undefined;
    const send = (authorization: string | undefined): Promise<Response> =>
      this.send(
        method,
        url,
        { ...init.headers, ...(authorization ? { authorization } : {}) },
        init,
      );
    let res = await send(this.knownAuthorization(scopeText));
    if (res.status !== 401) return res;
    const challenge = parseChallenge(res.headers.get('www-authenticate'));
    await res.arrayBuffer();
    if (!challenge) return res;
    this.challenge = challenge;
    if (challenge.scheme === 'basic') {
      if (!this.auth) return res;
      res = await send(basicHeader(this.auth));
      return res;
    }
    const token = await fetchToken({
      challenge,
      scope: scopeText,
      credentials: this.auth,
      registry: this.host,
      fetch: this.fetchFn,
      signal: this.requestSignal(),
    });
    this.tokens.set(scopeText ?? '', token);
    return send(`Bearer ${token}`);
  }

  private knownAuthorization(scope: string | undefined): string | undefined {
    if (this.challenge?.scheme === 'basic' && this.auth) return basicHeader(this.auth);
    const token = this.tokens.get(scope ?? '');
    return token ? `Bearer ${token}` : undefined;
  }

  private requestSignal(): AbortSignal {
    const timeout = AbortSignal.timeout(this.timeoutMs);
    return this.signal ? AbortSignal.any([this.signal, timeout]) : timeout;
  }

  private async send(
    method: string,
    url: URL,
    headers: Record<string, string>,
    init: { body?: Uint8Array },
  ): Promise<Response> {
    try {
      return await this.fetchFn(url, {
        method,
        headers,
        ...(init.body ? { body: init.body } : {}),
        signal: this.requestSignal(),
      });
    } catch (e) {
      throw this.networkFailure(e, method, url);
    }
  }

  private networkFailure(e: unknown, method: string, url: URL): CutoverError {
    if (this.signal?.aborted)
      return new CutoverError('CANCELLED', `${method} ${url.pathname}: cancelled`, { cause: e });
    const why = causeOf(e);
    const where = `registry ${this.host} (${url.protocol}//${url.host})`;
    if (/EPROTO|wrong version number|ERR_SSL|packet length too long/i.test(why))
      return new CutoverError('REGISTRY_ERROR', `${where}: TLS handshake failed: ${why}`, {
        hint: 'a registry that speaks plain http needs `insecure: true` (only inside a private network)',
        cause: e,
      });
    if (/CERT|certificate|self.signed/i.test(why))
      return new CutoverError(
        'REGISTRY_ERROR',
        `${where}: its TLS certificate is not trusted: ${why}`,
        {
          hint: 'give the runner the CA of the registry (NODE_EXTRA_CA_CERTS)',
          cause: e,
        },
      );
    return new CutoverError('REGISTRY_UNREACHABLE', `${where}: cannot connect: ${why}`, {
      hint: 'check the registry address and port, and that this runner can reach it',
      cause: e,
    });
  }

  /** The body of an answer with the status expected (any 2xx by default), else the error. */
  private async expect(res: Response, what: string, status?: number): Promise<Uint8Array> {
    const body = new Uint8Array(await res.arrayBuffer());
    if (status === undefined ? res.ok : res.status === status) return body;
    throw this.failure(res.status, what, registryErrors(body));
  }

  /** The error of an unexpected answer, with the registry's own error codes when it sent them. */
  private failure(status: number, what: string, reason: string): CutoverError {
    const why = reason ? `: ${reason}` : '';
    if (status === 401)
      return new CutoverError(
        'REGISTRY_DENIED',
        `registry ${this.host}: ${what}: unauthorized (HTTP 401)${why}`,
        {
          hint: this.auth
            ? `check the username \`${this.auth.username}\` and the password (or token) for ${this.host}`
            : `${this.host} needs credentials: pass a registry username and password (or token)`,
          httpStatus: status,
        },
      );
    if (status === 403)
      return new CutoverError(
        'REGISTRY_DENIED',
        `registry ${this.host}: ${what}: denied (HTTP 403)${why}`,
        {
          hint: 'the credentials are valid but may not do this: give them push access to the repository',
          httpStatus: status,
        },
      );
    return new CutoverError(
      'REGISTRY_ERROR',
      `registry ${this.host}: ${what}: HTTP ${status}${why}`,
      {
        httpStatus: status,
      },
    );
  }
}

/** `CODE: message` of the distribution error body (`{"errors":[{code,message}]}`), if any. */
function registryErrors(body: Uint8Array): string {
  try {
    const parsed = JSON.parse(new TextDecoder().decode(body)) as {
      errors?: { code?: string; message?: string }[];
    };
    return (parsed.errors ?? [])
      .map((e) => [e.code, e.message].filter(Boolean).join(': '))
      .filter(Boolean)
      .join('; ')
      .slice(0, 500);
  } catch {
    return '';
  }
}
