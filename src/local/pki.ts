/**
 * Keys and certificates of a local cluster: a CA, the API server's serving certificate
 * (so clients verify TLS), one client certificate per component and for the admin, and
 * the service-account signing key. Certificates come from the `openssl` CLI (3.0 or later,
 * for `req -x509 -CA`); keys are EC P-256, which are quick to make.
 */
import { execFile } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';

import { CutoverError } from '../errors.ts';

const run = promisify(execFile);

export interface CertPair {
  cert: string;
  key: string;
}

export interface Pki {
  dir: string;
  ca: CertPair;
  apiserver: CertPair;
  admin: CertPair;
  controllerManager: CertPair;
  scheduler: CertPair;
  kwok: CertPair;
  /** Service-account token signing key (private) and its public half. */
  saKey: string;
  saPub: string;
}

export interface PkiOptions {
  /** IP addresses the API server is reached on (SANs), e.g. 127.0.0.1 and the service IP. */
  ips: string[];
  dnsNames?: string[];
  clusterName: string;
}

async function openssl(args: string[]): Promise<void> {
  try {
    await run('openssl', args, { timeout: 30_000 });
  } catch (e) {
    const err = e as NodeJS.ErrnoException & { stderr?: string };
    if (err.code === 'ENOENT') {
      throw new CutoverError('LOCAL_CLUSTER', 'openssl is not on PATH', {
        hint: 'install OpenSSL 3 (Debian/Ubuntu: apt-get install openssl)',
        cause: e,
      });
    }
    throw new CutoverError(
      'LOCAL_CLUSTER',
      `openssl ${args[0]} failed: ${err.stderr ?? err.message}`,
      {
        hint: 'the local cluster needs OpenSSL 3.0 or later (openssl version)',
        cause: e,
      },
    );
  }
}

const EC_KEY = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes'];

/** Issues a certificate signed by the CA. */
async function issue(
  dir: string,
  ca: CertPair,
  name: string,
  subject: string,
  ext: { serverNames?: { ips: string[]; dns: string[] }; client?: boolean },
): Promise<CertPair> {
  const pair = { cert: join(dir, `${name}.crt`), key: join(dir, `${name}.key`) };
  const usages = [ext.serverNames ? 'serverAuth' : '', ext.client ? 'clientAuth' : ''].filter(
    Boolean,
  );
  const addext = [
    '-addext',
    'basicConstraints=critical,CA:FALSE',
    '-addext',
    'keyUsage=critical,digitalSignature,keyEncipherment',
    '-addext',
    `extendedKeyUsage=${usages.join(',')}`,
  ];
  if (ext.serverNames) {
    const sans = [
      ...ext.serverNames.ips.map((ip) => `IP:${ip}`),
      ...ext.serverNames.dns.map((d) => `DNS:${d}`),
    ];
    addext.push('-addext', `subjectAltName=${sans.join(',')}`);
  }
  await openssl([
    'req',
    '-x509',
    ...EC_KEY,
    '-keyout',
    pair.key,
    '-out',
    pair.cert,
    '-CA',
    ca.cert,
    '-CAkey',
    ca.key,
    '-days',
    '365',
    '-subj',
    subject,
    ...addext,
  ]);
  return pair;
}

/** Creates every key and certificate of a cluster in `dir` (overwriting what was there). */
export async function createPki(dir: string, opts: PkiOptions): Promise<Pki> {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const ca = { cert: join(dir, 'ca.crt'), key: join(dir, 'ca.key') };
  await openssl([
    'req',
    '-x509',
    ...EC_KEY,
    '-keyout',
    ca.key,
    '-out',
    ca.cert,
    '-days',
    '3650',
    '-subj',
    `/CN=cutover-local-ca-${opts.clusterName}`,
    '-addext',
    'basicConstraints=critical,CA:TRUE',
    '-addext',
    'keyUsage=critical,keyCertSign,cRLSign,digitalSignature',
  ]);
  const dns = [
    'localhost',
    'kubernetes',
    'kubernetes.default',
    'kubernetes.default.svc',
    'kubernetes.default.svc.cluster.local',
    ...(opts.dnsNames ?? []),
  ];
  const [apiserver, admin, controllerManager, scheduler, kwok] = await Promise.all([
    issue(dir, ca, 'apiserver', '/CN=kube-apiserver', { serverNames: { ips: opts.ips, dns } }),
    // system:masters: the admin of a throwaway local cluster.
    issue(dir, ca, 'admin', '/O=system:masters/CN=cutover-admin', { client: true }),
    issue(dir, ca, 'controller-manager', '/CN=system:kube-controller-manager', { client: true }),
    issue(dir, ca, 'scheduler', '/CN=system:kube-scheduler', { client: true }),
    // kwok plays every kubelet: it writes node and pod status, leases and deletes pods.
    issue(dir, ca, 'kwok', '/O=system:masters/CN=kwok-controller', { client: true }),
  ]);
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const saKey = join(dir, 'sa.key');
  const saPub = join(dir, 'sa.pub');
  writeFileSync(saKey, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });
  writeFileSync(saPub, publicKey.export({ type: 'spki', format: 'pem' }));
  return { dir, ca, apiserver, admin, controllerManager, scheduler, kwok, saKey, saPub };
}
