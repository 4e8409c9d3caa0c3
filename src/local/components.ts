/**
 * The processes of the control plane: etcd, kube-apiserver, kube-controller-manager,
 * kube-scheduler and kwok. For each: its command line, its start (logged to
 * logs/<process>.log and recorded in the state file) and the check that it serves.
 * Everything listens on 127.0.0.1 only, on ports found free at the start.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import type { Binaries } from './binaries.ts';
import { writeComponentKubeconfig } from './kubeconfig.ts';
import { type ApiConnection, adminRequest } from './admin-client.ts';
import { kwokConfigYaml } from './kwok-config.ts';
import type { CertPair, Pki } from './pki.ts';
import { type ProcRecord, type Started, freePorts, startProcess } from './process.ts';
import type { Progress } from './types.ts';
import { type Budget, type WaitOptions, healthz, waitFor } from './wait.ts';

/** The API server's address on the service network (a SAN of its certificate). */
export const SERVICE_IP = '10.96.0.1';
const SERVICE_CIDR = '10.96.0.0/16';
const POD_CIDR = '10.244.0.1/16';
const SA_ISSUER = 'https://kubernetes.default.svc.cluster.local';

export interface Ports {
  etcd: number;
  etcdPeer: number;
  apiserver: number;
  controllerManager: number;
  scheduler: number;
  /** Traefik's entry point (the Gateway's listener), when the cluster runs with traffic. */
  traffic?: number;
}

/** Free ports on the host, picked together so they differ (the traffic port when asked). */
export async function pickPorts(traffic = false): Promise<Ports> {
  const [etcd, etcdPeer, apiserver, controllerManager, scheduler, entry] = (await freePorts(
    traffic ? 6 : 5,
  )) as [number, number, number, number, number, number | undefined];
  const ports: Ports = { etcd, etcdPeer, apiserver, controllerManager, scheduler };
  if (entry !== undefined) ports.traffic = entry;
  return ports;
}

/**
 * The ports `up` itself reaches (readiness checks, the API, the traffic entry): in a
 * network namespace, each is bridged from the host's 127.0.0.1 (bridge.ts).
 */
export const hostReachedPorts = (p: Ports): number[] =>
  [p.etcd, p.apiserver, p.controllerManager, p.scheduler, p.traffic].filter(
    (n): n is number => n !== undefined,
  );

/** What the start of each process needs; one per `up`. */
export interface ControlPlane {
  stateDir: string;
  logs: string;
  bins: Binaries;
  ports: Ports;
  /** https://127.0.0.1:PORT */
  server: string;
  context: string;
  pki: Pki;
  /** The admin's connection, for the readiness checks. */
  admin: ApiConnection;
  progress: Progress;
  budget: Budget;
  /** Every process started so far: a wait ends at once when one of them exits. */
  started: Started[];
  /** Records a started process in the state file, so that `down` and the watchdog stop it. */
  record: (p: ProcRecord) => void;
  /** The network namespace every process runs in (traffic mode), or none. */
  netns?: string;
}

export interface Controllers {
  controllerManager: Started;
  scheduler: Started;
  kwok: Started;
}

/** Options for a wait of at most limitMs (less if the start has less left). */
export function waitOptions(cp: ControlPlane, limitMs: number, logOf: Started): WaitOptions {
  return { timeoutMs: cp.budget.cap(limitMs), watch: cp.started, logOf, progress: cp.progress };
}

/** Starts a process of the cluster (in its namespace, if any), logged and recorded. */
export function startComponent(
  cp: ControlPlane,
  name: string,
  binary: string,
  args: string[],
  env?: NodeJS.ProcessEnv,
): Started {
  const s = startProcess(name, binary, args, {
    log: join(cp.logs, `${name}.log`),
    env,
    cwd: cp.stateDir,
    netns: cp.netns,
  });
  cp.started.push(s);
  cp.record(s.record);
  return s;
}

const kubeconfigFor = (cp: ControlPlane, component: string, pair: CertPair): string =>
  writeComponentKubeconfig(
    cp.pki.dir,
    { context: cp.context, server: cp.server, ca: cp.pki.ca.cert },
    component,
    pair,
  );

/** Starts etcd and waits until it reports itself healthy. */
export async function startEtcd(cp: ControlPlane): Promise<void> {
  const { etcd: port, etcdPeer: peerPort } = cp.ports;
  // etcd: loopback only, no fsync (a throwaway cluster: speed over durability).
  cp.progress(`starting etcd on 127.0.0.1:${port}`);
  const etcd = startComponent(cp, 'etcd', cp.bins.paths.etcd, [
    '--name=cutover',
    `--data-dir=${join(cp.stateDir, 'etcd')}`,
    `--listen-client-urls=http://127.0.0.1:${port}`,
    `--advertise-client-urls=http://127.0.0.1:${port}`,
    `--listen-peer-urls=http://127.0.0.1:${peerPort}`,
    `--initial-advertise-peer-urls=http://127.0.0.1:${peerPort}`,
    `--initial-cluster=cutover=http://127.0.0.1:${peerPort}`,
    '--initial-cluster-state=new',
    '--unsafe-no-fsync',
    '--log-level=warn',
  ]);
  await waitFor(
    'etcd to be healthy',
    async () => {
      const r = await fetch(`http://127.0.0.1:${port}/health`, {
        signal: AbortSignal.timeout(2_000),
      });
      const body = await r.text();
      return r.ok && body.includes('"health":"true"')
        ? true
        : `HTTP ${r.status} ${body.slice(0, 200)}`;
    },
    waitOptions(cp, 30_000, etcd),
  );
}

/** Starts kube-apiserver and waits until /readyz passes. */
export async function startApiServer(cp: ControlPlane): Promise<void> {
  const { pki } = cp;
  cp.progress(`starting kube-apiserver on ${cp.server}`);
  const apiserver = startComponent(cp, 'kube-apiserver', cp.bins.paths['kube-apiserver'], [
    `--etcd-servers=http://127.0.0.1:${cp.ports.etcd}`,
    '--bind-address=127.0.0.1',
    '--advertise-address=127.0.0.1',
    `--secure-port=${cp.ports.apiserver}`,
    `--cert-dir=${pki.dir}`,
    `--tls-cert-file=${pki.apiserver.cert}`,
    `--tls-private-key-file=${pki.apiserver.key}`,
    `--client-ca-file=${pki.ca.cert}`,
    '--authorization-mode=Node,RBAC',
    // PodSecurity, ResourceQuota and the rest are on by default; name the ones we rely on.
    '--enable-admission-plugins=NamespaceLifecycle,LimitRanger,ServiceAccount,NodeRestriction,PodSecurity,ResourceQuota',
    // Privileged pods are allowed by the cluster, so only Pod Security admission rejects them.
    '--allow-privileged=true',
    `--service-cluster-ip-range=${SERVICE_CIDR}`,
    `--service-account-issuer=${SA_ISSUER}`,
    `--service-account-key-file=${pki.saPub}`,
    `--service-account-signing-key-file=${pki.saKey}`,
    // The `kubernetes` Service stays without endpoints: Endpoints may not hold a loopback
    // address, and no pod here needs to reach the API server through it.
    '--endpoint-reconciler-type=none',
    '--profiling=false',
  ]);
  await waitFor(
    'kube-apiserver /readyz',
    async () => {
      const r = await adminRequest(cp.admin, { method: 'GET', path: '/readyz', timeoutMs: 3_000 });
      if (r.status === 200) return true;
      const failing = r.text
        .split('\n')
        .filter((l) => l.startsWith('[-]'))
        .map((l) => l.slice(3).split(' ')[0])
        .join(', ');
      return `HTTP ${r.status}${failing ? `, not ready: ${failing}` : ''}`;
    },
    waitOptions(cp, 90_000, apiserver),
  );
}

/** Starts kube-controller-manager, kube-scheduler and kwok, without waiting for them. */
export function startControllers(cp: ControlPlane): Controllers {
  cp.progress('starting kube-controller-manager, kube-scheduler and kwok');
  return {
    controllerManager: startControllerManager(cp),
    scheduler: startScheduler(cp),
    kwok: startKwok(cp),
  };
}

/**
 * The flags kube-controller-manager and kube-scheduler share: their kubeconfig, /healthz
 * on loopback served with the API server's certificate, and no leader election (one of each).
 */
function controllerFlags(cp: ControlPlane, kubeconfig: string, port: number): string[] {
  return [
    `--kubeconfig=${kubeconfig}`,
    '--bind-address=127.0.0.1',
    `--secure-port=${port}`,
    `--tls-cert-file=${cp.pki.apiserver.cert}`,
    `--tls-private-key-file=${cp.pki.apiserver.key}`,
    '--leader-elect=false',
  ];
}

function startControllerManager(cp: ControlPlane): Started {
  const { pki } = cp;
  return startComponent(cp, 'kube-controller-manager', cp.bins.paths['kube-controller-manager'], [
    ...controllerFlags(
      cp,
      kubeconfigFor(cp, 'controller-manager', pki.controllerManager),
      cp.ports.controllerManager,
    ),
    `--cluster-name=${cp.context}`,
    // Every default controller: endpointslice, namespace, deployment, replicaset,
    // garbage collector, resourcequota, serviceaccount, serviceaccount-token, ...
    '--controllers=*',
    `--service-account-private-key-file=${pki.saKey}`,
    `--root-ca-file=${pki.ca.cert}`,
    '--use-service-account-credentials=true',
    '--kube-api-qps=200',
    '--kube-api-burst=400',
    `--cluster-signing-cert-file=${pki.ca.cert}`,
    `--cluster-signing-key-file=${pki.ca.key}`,
    '--allocate-node-cidrs=false',
    '--profiling=false',
  ]);
}

function startScheduler(cp: ControlPlane): Started {
  return startComponent(cp, 'kube-scheduler', cp.bins.paths['kube-scheduler'], [
    ...controllerFlags(cp, kubeconfigFor(cp, 'scheduler', cp.pki.scheduler), cp.ports.scheduler),
    '--profiling=false',
  ]);
}

function startKwok(cp: ControlPlane): Started {
  const workdir = join(cp.stateDir, 'kwok');
  const config = join(workdir, 'kwok.yaml');
  mkdirSync(workdir, { recursive: true });
  writeFileSync(config, kwokConfigYaml({ podCidr: POD_CIDR, nodeLeaseSeconds: 40 }));
  return startComponent(
    cp,
    'kwok',
    cp.bins.paths.kwok,
    [`--kubeconfig=${kubeconfigFor(cp, 'kwok', cp.pki.kwok)}`, `--config=${config}`],
    { ...process.env, KWOK_WORKDIR: workdir },
  );
}

/** Waits until kube-controller-manager and kube-scheduler answer on /healthz. */
export async function waitControllersHealthy(cp: ControlPlane, c: Controllers): Promise<void> {
  const live = waitOptions(cp, 60_000, c.controllerManager);
  await Promise.all([
    waitFor(
      'kube-controller-manager /healthz',
      () => healthz(cp.admin, cp.ports.controllerManager),
      live,
    ),
    waitFor('kube-scheduler /healthz', () => healthz(cp.admin, cp.ports.scheduler), {
      ...live,
      logOf: c.scheduler,
    }),
  ]);
}

/**
 * The service account controller has made `default` in `default`: the controller
 * manager works end to end (its own service-account credentials included).
 */
export async function waitServiceAccountController(
  cp: ControlPlane,
  c: Controllers,
): Promise<void> {
  await waitFor(
    'the default ServiceAccount (controller-manager)',
    async () => {
      const r = await adminRequest(cp.admin, {
        method: 'GET',
        path: '/api/v1/namespaces/default/serviceaccounts/default',
      });
      return r.status === 200 ? true : `HTTP ${r.status}`;
    },
    waitOptions(cp, 60_000, c.controllerManager),
  );
}
