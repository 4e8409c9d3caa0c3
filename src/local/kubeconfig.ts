/**
 * The kubeconfigs of a local cluster: the admin's, with the CA and client certificate
 * embedded so it works copied anywhere, and one per component (controller-manager,
 * scheduler, kwok) in pki/ that names its certificate files by path.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import type { CertPair } from './pki.ts';

/** What every kubeconfig of the cluster points at. */
export interface KubeconfigTarget {
  /** The context name, also the cluster's name in the file. */
  context: string;
  /** https://127.0.0.1:PORT */
  server: string;
  /** Path of the CA certificate. */
  ca: string;
}

/** Writes the admin kubeconfig to path. */
export function writeAdminKubeconfig(path: string, to: KubeconfigTarget, admin: CertPair): void {
  writeKubeconfig(path, to, `${to.context}-admin`, admin, true);
}

/** Writes `<component>.kubeconfig` in pkiDir; returns its path. */
export function writeComponentKubeconfig(
  pkiDir: string,
  to: KubeconfigTarget,
  component: string,
  pair: CertPair,
): string {
  const path = join(pkiDir, `${component}.kubeconfig`);
  writeKubeconfig(path, to, component, pair, false);
  return path;
}

function writeKubeconfig(
  path: string,
  to: KubeconfigTarget,
  user: string,
  pair: CertPair,
  embed: boolean,
): void {
  writeFileSync(
    path,
    kubeconfigYaml({
      cluster: to.context,
      user,
      server: to.server,
      ca: to.ca,
      ...pair,
      embed,
    }),
    { mode: 0o600 },
  );
}

const b64 = (path: string): string => readFileSync(path).toString('base64');

function kubeconfigYaml(p: {
  cluster: string;
  user: string;
  server: string;
  ca: string;
  cert: string;
  key: string;
  embed: boolean;
}): string {
  const [caKey, certKey, keyKey] = p.embed
    ? ['certificate-authority-data', 'client-certificate-data', 'client-key-data']
    : ['certificate-authority', 'client-certificate', 'client-key'];
  const v = (path: string): string => (p.embed ? b64(path) : JSON.stringify(path));
  return `apiVersion: v1
kind: Config
clusters:
- name: ${p.cluster}
  cluster:
    server: ${p.server}
    ${caKey}: ${v(p.ca)}
users:
- name: ${p.user}
  user:
    ${certKey}: ${v(p.cert)}
    ${keyKey}: ${v(p.key)}
contexts:
- name: ${p.cluster}
  context:
    cluster: ${p.cluster}
    user: ${p.user}
current-context: ${p.cluster}
`;
}
