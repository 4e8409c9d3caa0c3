/**
 * The admin's connection to the local control plane (client certificate from our own
 * PKI), over the project's one HTTPS client. `local up` polls with it before any
 * kubeconfig exists, and it loads nothing but Node.
 */
import { readFileSync } from 'node:fs';
import { certificateCredentials } from '../kube/credentials.ts';
import { RestClient, type RawResponse, type RestRequest } from '../kube/rest.ts';

export interface ApiConnection {
  server: string; // https://127.0.0.1:PORT
  ca: string; // PEM
  cert: string; // PEM
  key: string; // PEM
}

export function connectionFromFiles(
  server: string,
  ca: string,
  cert: string,
  key: string,
): ApiConnection {
  return {
    server,
    ca: readFileSync(ca, 'utf8'),
    cert: readFileSync(cert, 'utf8'),
    key: readFileSync(key, 'utf8'),
  };
}

/** One request, default 10 s deadline; resolves with any status, rejects on a transport error. */
export function adminRequest(conn: ApiConnection, req: RestRequest): Promise<RawResponse> {
  return new RestClient(certificateCredentials(conn)).send({ timeoutMs: 10_000, ...req });
}
