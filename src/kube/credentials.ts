import type { KubeConfig } from '@kubernetes/client-node';
import { readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { Agent, type AgentOptions, type RequestOptions } from 'node:https';
import { CutoverError } from '../errors.ts';
import type { Credentials } from './rest.ts';

/** How often a kubeconfig `tokenFile` is read again, as client-go does (rotated tokens). */
const TOKEN_FILE_REREAD_MS = 60_000;

export interface CredentialOptions {
  /** The current user's `tokenFile` (see loadKubeConfig): read again every minute. */
  tokenFile?: string;
  tokenFileRereadMs?: number;
}

/**
 * A kubeconfig's credentials, resolved per request by the client library: exec plugins
 * (cached until their `expirationTimestamp`), OIDC refresh, client certificates. The
 * library reads a user's `tokenFile` once at load; we read it again every minute, so a
 * rotated service-account token is picked up.
 */
export function kubeConfigCredentials(kc: KubeConfig, opts: CredentialOptions = {}): Credentials {
  const server = kc.getCurrentCluster()!.server;
  const tokenFile = opts.tokenFile
    ? rereadEvery(opts.tokenFile, opts.tokenFileRereadMs ?? TOKEN_FILE_REREAD_MS)
    : undefined;
  const command = kc.getCurrentUser()?.exec?.command;
  const agents = new AgentCache();
  return {
    server,
    async apply(o: RequestOptions) {
      try {
        await kc.applyToHTTPSOptions(o);
      } catch (e) {
        throw credentialError(e, command);
      }
      if (tokenFile) o.headers = { ...o.headers, Authorization: `Bearer ${tokenFile()}` };
      // The client library builds an https agent for http: servers only with skip-TLS set.
      if (server.startsWith('http:')) delete o.agent;
      else o.agent = agents.for(o);
    },
  };
}

/**
 * Keep-alive agents by TLS material. client-node makes a new agent for every request, so
 * every request paid a TLS handshake; one agent per (CA, client certificate, key) reuses
 * connections, and rotated exec credentials (a new certificate) get a new agent.
 */
class AgentCache {
  private readonly agents = new Map<string, Agent>();
  for(o: RequestOptions): Agent {
    const tls = {
      ca: o.ca,
      cert: o.cert,
      key: o.key,
      pfx: o.pfx,
      passphrase: o.passphrase,
      servername: o.servername,
      rejectUnauthorized: o.rejectUnauthorized,
    };
    const id = createHash('sha256').update(JSON.stringify(tls)).digest('hex');
    let agent = this.agents.get(id);
    if (!agent) {
      // An old certificate's connections close once idle; at most a few per rotation.
      agent = new Agent({
        ...tls,
        keepAlive: true,
        maxSockets: 64,
        maxFreeSockets: 16,
        timeout: 60_000,
      } as AgentOptions);
      this.agents.set(id, agent);
    }
    return agent;
  }
}

/** TLS client-certificate credentials given as PEM text (the local control plane's admin). */
export function certificateCredentials(c: {
  server: string;
  ca: string;
  cert: string;
  key: string;
}): Credentials {
  return {
    server: c.server,
    apply(o: RequestOptions) {
      Object.assign(o, { ca: c.ca, cert: c.cert, key: c.key });
      return Promise.resolve();
    },
  };
}

function rereadEvery(file: string, ms: number): () => string {
  let token = '';
  let readAt = -Infinity;
  return () => {
    if (Date.now() - readAt >= ms) {
      try {
        token = readFileSync(file, 'utf8').trim();
      } catch (e) {
        throw new CutoverError(
          'CLUSTER_CREDENTIALS',
          `the kubeconfig's tokenFile ${file} cannot be read`,
          {
            hint: 'check that the token file exists and is readable by this process',
            cause: e,
          },
        );
      }
      readAt = Date.now();
    }
    return token;
  };
}

/** Long runs of token-like characters: never let a credential through in a message. */
const SECRETISH = /[A-Za-z0-9_\-.+/=]{32,}/g;

/**
 * A failure to obtain credentials, named by its source: an exec plugin's command and its
 * stderr (with anything token-like blanked), or the library's message.
 */
export function credentialError(e: unknown, command: string | undefined): CutoverError {
  if (e instanceof CutoverError) return e;
  const raw = e instanceof Error ? e.message : String(e);
  const said = raw.replace(SECRETISH, '[redacted]').trim().slice(0, 500);
  if (command) {
    const notFound = (e as { code?: string }).code === 'ENOENT';
    return new CutoverError(
      'CLUSTER_CREDENTIALS',
      notFound
        ? `the kubeconfig's exec plugin \`${command}\` was not found`
        : `the kubeconfig's exec plugin \`${command}\` failed${said ? `: ${said}` : ''}`,
      {
        hint: notFound
          ? 'install the credential plugin (aws, gke-gcloud-auth-plugin, kubelogin, ...) or put it on the PATH'
          : 'run the plugin by hand to see why; it must print an ExecCredential (client.authentication.k8s.io) on stdout',
        cause: e,
      },
    );
  }
  return new CutoverError(
    'CLUSTER_CREDENTIALS',
    `the kubeconfig's credentials could not be obtained: ${said}`,
    {
      hint: 'check the user entry of the kubeconfig (token, certificate, auth provider)',
      cause: e,
    },
  );
}
