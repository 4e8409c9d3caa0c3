/**
 * A real local Kubernetes control plane: etcd, kube-apiserver, kube-controller-manager,
 * kube-scheduler and kwok (fake nodes), from binaries built by scripts/k8s-build.sh.
 *
 * State directory (default `~/.cache/cutover/local/<name>/`):
 *   state.json        pids, ports, phase (`starting` | `ready`), owner and watchdog
 *   kubeconfig        admin kubeconfig (embedded CA and client certificate)
 *   pki/              CA, serving and client certificates, service-account keys
 *   etcd/             etcd data (fresh at every `up`)
 *   logs/<process>.log
 */
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { CutoverError } from '../errors.ts';
import { type Binaries, resolveBinaries } from './binaries.ts';
import { KWOK_NODE_ANNOTATION, KWOK_NODE_ANNOTATION_VALUE, kwokConfigYaml } from './kwok-config.ts';
import { type ApiConnection, apiRequest, connectionFromFiles } from './kubeapi.ts';
import { checkClusterName, defaultStateDir } from './paths.ts';
import { type Pki, createPki } from './pki.ts';
import {
  type ProcRecord,
  type Started,
  freePorts,
  isRunning,
  logTail,
  startProcess,
  stopProcesses,
} from './process.ts';
import { type WatchdogMode, startWatchdog } from './watchdog.ts';

export type Progress = (msg: string) => void;

export interface LocalOptions {
  /** Cluster name (default `default`); names the state directory and the kubeconfig context. */
  name?: string;
  /** State directory (default `~/.cache/cutover/local/<name>/`). */
  stateDir?: string;
  onProgress?: Progress;
}

export interface LocalUpOptions extends LocalOptions {
  /** Fake nodes to create (default 3). */
  nodes?: number;
  /**
   * Tear the cluster down when this process dies (a detached watchdog watches it).
   * Without it the cluster outlives `up` and runs until `down`; a watchdog still tears it
   * down if the calling process dies before the cluster is ready.
   */
  ownerPid?: number;
  /** Run scripts/k8s-build.sh when the binaries are missing or stale (default false). */
  build?: boolean;
  /** Use binaries from this directory (default: the cache of the repo's versions). */
  binDir?: string;
  /** Overall time allowed for the start, in ms (default 180 000). */
  timeoutMs?: number;
  /** When a healthy cluster of that name already runs, return it (default true); else restart it. */
  reuse?: boolean;
}

export interface LocalDownOptions extends LocalOptions {
  /** Also delete the state directory (logs included). */
  purge?: boolean;
}

export interface ProcessInfo {
  name: string;
  pid: number;
  log: string;
  running: boolean;
}

export interface LocalCluster {
  name: string;
  stateDir: string;
  kubeconfig: string;
  /** https://127.0.0.1:PORT */
  server: string;
  context: string;
  nodes: string[];
  versions: { kubernetes: string; etcd: string; kwok: string };
  processes: ProcessInfo[];
  /** True when `up` found the cluster already running and returned it. */
  reused: boolean;
  /** Time `up` took, ms. */
  startMs: number;
  /** Ms from the start of `up` at which each phase ended (empty when reused). */
  timings: Partial<Record<StartPhase, number>>;
}

export type StartPhase = 'prepare' | 'etcd' | 'apiserver' | 'components' | 'nodes' | 'controllers';

export interface LocalDownResult {
  name: string;
  stateDir: string;
  /** Names of the processes that were running and were stopped. */
  stopped: string[];
}

export interface LocalStatus {
  name: string;
  stateDir: string;
  /** `starting` while `up` runs (or when it died mid-way), then `ready`. */
  phase: 'starting' | 'ready';
  server: string;
  kubeconfig: string;
  processes: ProcessInfo[];
}

export interface LocalEnv {
  name: string;
  kubeconfig: string;
  running: boolean;
  /** Shell lines to eval: `export KUBECONFIG=...`. */
  exports: string;
}

interface LocalState {
  version: 1;
  name: string;
  phase: 'starting' | 'ready';
  createdAt: string;
  kubeconfig: string;
  server: string;
  context: string;
  ports: Record<string, number>;
  nodes: string[];
  versions: { kubernetes: string; etcd: string; kwok: string };
  ownerPid?: number;
  watchdogPid?: number;
  /** The node binary that runs the watchdog (its /proc cmdline, to signal only it). */
  watchdogBinary?: string;
  watchdogMode?: WatchdogMode;
  processes: ProcRecord[];
}

const SERVICE_CIDR = '10.96.0.0/16';
const SERVICE_IP = '10.96.0.1';
const POD_CIDR = '10.244.0.1/16';
const SA_ISSUER = 'https://kubernetes.default.svc.cluster.local';

function resolveOpts(opts: LocalOptions): { name: string; stateDir: string; progress: Progress } {
  const name = checkClusterName(opts.name ?? 'default');
  return {
    name,
    stateDir: opts.stateDir ?? defaultStateDir(name),
    progress: opts.onProgress ?? (() => {}),
  };
}

const stateFile = (dir: string): string => join(dir, 'state.json');

function readState(dir: string): LocalState | undefined {
  try {
    return JSON.parse(readFileSync(stateFile(dir), 'utf8')) as LocalState;
  } catch {
    return undefined;
  }
}

function writeState(dir: string, state: LocalState): void {
  const tmp = `${stateFile(dir)}.${process.pid}.tmp`;
  writeFileSync(tmp, `${JSON.stringify(state, null, 2)}\n`);
  renameSync(tmp, stateFile(dir));
}

/**
 * One `up` or `down` at a time per state directory: a lock file holding the pid of the
 * command; a lock whose process is gone is taken over. Returns the release function.
 */
function lockStateDir(name: string, stateDir: string): () => void {
  mkdirSync(stateDir, { recursive: true, mode: 0o700 });
  const path = join(stateDir, 'lock');
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      writeFileSync(path, String(process.pid), { flag: 'wx' });
      return () => rmSync(path, { force: true });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
    let holder = 0;
    try {
      holder = Number(readFileSync(path, 'utf8'));
    } catch {
      continue; // released meanwhile
    }
    if (pidAlive(holder)) {
      throw new CutoverError(
        'LOCAL_CLUSTER',
        `another cutover local command is starting or stopping "${name}" (pid ${holder})`,
        { hint: `wait for it to finish; if pid ${holder} is not cutover, remove ${path}` },
      );
    }
    rmSync(path, { force: true });
  }
  throw new CutoverError('LOCAL_CLUSTER', `cannot lock ${path}`);
}

function pidAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function processInfo(state: LocalState): ProcessInfo[] {
  return state.processes.map((p) => ({
    name: p.name,
    pid: p.pid,
    log: p.log,
    running: isRunning(p),
  }));
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
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

/** A process of the cluster exited during start: the error names its log. */
function exitedError(s: Started): CutoverError {
  const how = s.exit?.signal ? `signal ${s.exit.signal}` : `exit code ${s.exit?.code}`;
  return new CutoverError(
    'LOCAL_CLUSTER',
    `${s.record.name} exited during start (${how}); its log is ${s.record.log}\n${logTail(s.record.log)}`,
    {
      hint: `read ${s.record.log}; a port taken by another program or a stale build are the usual causes`,
    },
  );
}

/**
 * Polls check() until it returns true, failing fast when a watched process exits and
 * with an error naming the log of the process it waited for when time runs out.
 */
async function waitFor(
  what: string,
  check: () => Promise<boolean | string>,
  opts: {
    timeoutMs: number;
    watch: Started[];
    logOf: Started | undefined;
    progress: Progress;
    intervalMs?: number;
  },
): Promise<void> {
  const start = Date.now();
  let lastReport = start;
  let last: boolean | string = false;
  let lastError = '';
  for (;;) {
    for (const s of opts.watch) if (s.exit) throw exitedError(s);
    try {
      last = await check();
      if (last === true) return;
    } catch (e) {
      lastError = (e as Error).message;
    }
    const now = Date.now();
    if (now - start > opts.timeoutMs) {
      const detail = typeof last === 'string' ? last : lastError;
      const log = opts.logOf?.record.log;
      throw new CutoverError(
        'LOCAL_CLUSTER',
        `timed out after ${Math.round(opts.timeoutMs / 1000)}s waiting for ${what}${detail ? ` (${detail})` : ''}` +
          (log ? `; the log of ${opts.logOf?.record.name} is ${log}\n${logTail(log)}` : ''),
        { hint: log ? `read ${log}` : 'read the logs in the state directory' },
      );
    }
    if (now - lastReport >= 5_000) {
      lastReport = now;
      const detail = typeof last === 'string' ? `: ${last}` : '';
      opts.progress(`  still waiting for ${what} (${Math.round((now - start) / 1000)}s)${detail}`);
    }
    await sleep(opts.intervalMs ?? 200);
  }
}

/** GET over HTTPS against a component's /healthz, verifying TLS with the cluster CA. */
async function healthz(conn: ApiConnection, port: number): Promise<boolean | string> {
  const r = await apiRequest(
    { ...conn, server: `https://127.0.0.1:${port}` },
    'GET',
    '/healthz',
    undefined,
    3_000,
  );
  return r.status === 200 ? true : `HTTP ${r.status} ${r.body.slice(0, 200)}`;
}

function fakeNode(name: string, index: number): object {
  const resources = { cpu: '32', memory: '256Gi', pods: '110', 'ephemeral-storage': '1Ti' };
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      name,
      labels: {
        'kubernetes.io/hostname': name,
        'kubernetes.io/os': 'linux',
        'kubernetes.io/arch': 'amd64',
        'node.kubernetes.io/instance-type': 'kwok',
        'topology.kubernetes.io/zone': `zone-${String.fromCharCode(97 + (index % 3))}`,
        type: 'kwok',
      },
      annotations: {
        [KWOK_NODE_ANNOTATION]: KWOK_NODE_ANNOTATION_VALUE,
        'node.alpha.kubernetes.io/ttl': '0',
      },
    },
    spec: {},
    status: {
      capacity: resources,
      allocatable: resources,
      addresses: [
        { type: 'InternalIP', address: `10.240.0.${index + 10}` },
        { type: 'Hostname', address: name },
      ],
    },
  };
}

/** Starts a local cluster (or returns the running one of that name) and writes its kubeconfig. */
export async function localUp(opts: LocalUpOptions = {}): Promise<LocalCluster> {
  const { name, stateDir } = resolveOpts(opts);
  const release = lockStateDir(name, stateDir);
  try {
    return await up(opts);
  } finally {
    release();
  }
}

async function up(opts: LocalUpOptions): Promise<LocalCluster> {
  const t0 = Date.now();
  const timings: LocalCluster['timings'] = {};
  const mark = (phase: StartPhase): void => {
    timings[phase] = Date.now() - t0;
  };
  const { name, stateDir, progress } = resolveOpts(opts);
  const timeoutMs = opts.timeoutMs ?? 180_000;
  let deadline = t0 + timeoutMs;
  const left = (): number => Math.max(1_000, deadline - Date.now());

  const existing = readState(stateDir);
  if (existing) {
    const procs = processInfo(existing);
    const healthy = existing.phase === 'ready' && procs.length > 0 && procs.every((p) => p.running);
    if (healthy && opts.reuse !== false) {
      progress(`local cluster "${name}" is already running (${existing.server})`);
      return {
        name,
        stateDir,
        kubeconfig: existing.kubeconfig,
        server: existing.server,
        context: existing.context,
        nodes: existing.nodes,
        versions: existing.versions,
        processes: procs,
        reused: true,
        startMs: Date.now() - t0,
        timings: {},
      };
    }
    progress(`cleaning up the previous run of "${name}"`);
    await down({ name, stateDir });
  }

  const bins: Binaries = await resolveBinaries({
    binDir: opts.binDir,
    build: opts.build,
    onProgress: progress,
  });
  // A build (minutes) does not count against the start's time.
  deadline = Date.now() + timeoutMs;
  const m = bins.manifest;
  const versions = { kubernetes: m.kubernetes.version, etcd: m.etcd.version, kwok: m.kwok.version };
  progress(
    `starting local cluster "${name}": kubernetes ${versions.kubernetes}, etcd ${versions.etcd}, kwok ${versions.kwok}`,
  );

  mkdirSync(stateDir, { recursive: true, mode: 0o700 });
  for (const d of ['etcd', 'pki', 'logs', 'kwok'])
    rmSync(join(stateDir, d), { recursive: true, force: true });
  const logs = join(stateDir, 'logs');
  mkdirSync(logs, { recursive: true });

  const [etcdPort, etcdPeerPort, apiPort, kcmPort, schedPort] = (await freePorts(5)) as [
    number,
    number,
    number,
    number,
    number,
  ];
  const server = `https://127.0.0.1:${apiPort}`;
  const context = `cutover-local-${name}`;
  const pki: Pki = await createPki(join(stateDir, 'pki'), {
    ips: ['127.0.0.1', SERVICE_IP],
    clusterName: name,
  });

  const kubeconfig = join(stateDir, 'kubeconfig');
  writeFileSync(
    kubeconfig,
    kubeconfigYaml({
      cluster: context,
      user: `${context}-admin`,
      server,
      ca: pki.ca.cert,
      ...pki.admin,
      embed: true,
    }),
    { mode: 0o600 },
  );
  const componentConfig = (component: string, pair: { cert: string; key: string }): string => {
    const path = join(stateDir, 'pki', `${component}.kubeconfig`);
    writeFileSync(
      path,
      kubeconfigYaml({
        cluster: context,
        user: component,
        server,
        ca: pki.ca.cert,
        ...pair,
        embed: false,
      }),
      { mode: 0o600 },
    );
    return path;
  };

  const nodeCount = opts.nodes ?? 3;
  const nodes = Array.from({ length: nodeCount }, (_, i) => `kwok-node-${i}`);
  const state: LocalState = {
    version: 1,
    name,
    phase: 'starting',
    createdAt: new Date().toISOString(),
    kubeconfig,
    server,
    context,
    ports: {
      etcd: etcdPort,
      etcdPeer: etcdPeerPort,
      apiserver: apiPort,
      controllerManager: kcmPort,
      scheduler: schedPort,
    },
    nodes,
    versions,
    processes: [],
  };
  if (opts.ownerPid !== undefined) state.ownerPid = opts.ownerPid;
  writeState(stateDir, state);

  // The watchdog first, so that no process outlives a start interrupted at any point.
  const mode: WatchdogMode = opts.ownerPid !== undefined ? 'owner' : 'startup';
  state.watchdogMode = mode;
  state.watchdogBinary = process.execPath;
  state.watchdogPid = startWatchdog(
    stateFile(stateDir),
    opts.ownerPid ?? process.pid,
    mode,
    join(logs, 'watchdog.log'),
  );
  writeState(stateDir, state);

  const started: Started[] = [];
  const start = (
    procName: string,
    binary: string,
    args: string[],
    env?: NodeJS.ProcessEnv,
  ): Started => {
    const s = startProcess(procName, binary, args, {
      log: join(logs, `${procName}.log`),
      env,
      cwd: stateDir,
    });
    started.push(s);
    state.processes.push(s.record);
    writeState(stateDir, state);
    return s;
  };
  const admin = connectionFromFiles(server, pki.ca.cert, pki.admin.cert, pki.admin.key);

  try {
    // etcd: loopback only, no fsync (a throwaway cluster: speed over durability).
    mark('prepare');
    progress(`starting etcd on 127.0.0.1:${etcdPort}`);
    const etcd = start('etcd', bins.paths.etcd, [
      '--name=cutover',
      `--data-dir=${join(stateDir, 'etcd')}`,
      `--listen-client-urls=http://127.0.0.1:${etcdPort}`,
      `--advertise-client-urls=http://127.0.0.1:${etcdPort}`,
      `--listen-peer-urls=http://127.0.0.1:${etcdPeerPort}`,
      `--initial-advertise-peer-urls=http://127.0.0.1:${etcdPeerPort}`,
      `--initial-cluster=cutover=http://127.0.0.1:${etcdPeerPort}`,
      '--initial-cluster-state=new',
      '--unsafe-no-fsync',
      '--log-level=warn',
    ]);
    await waitFor(
      'etcd to be healthy',
      async () => {
        const r = await fetch(`http://127.0.0.1:${etcdPort}/health`, {
          signal: AbortSignal.timeout(2_000),
        });
        const body = await r.text();
        return r.ok && body.includes('"health":"true"')
          ? true
          : `HTTP ${r.status} ${body.slice(0, 200)}`;
      },
      { timeoutMs: Math.min(30_000, left()), watch: started, logOf: etcd, progress },
    );

    mark('etcd');
    progress(`starting kube-apiserver on ${server}`);
    const apiserver = start('kube-apiserver', bins.paths['kube-apiserver'], [
      `--etcd-servers=http://127.0.0.1:${etcdPort}`,
      '--bind-address=127.0.0.1',
      '--advertise-address=127.0.0.1',
      `--secure-port=${apiPort}`,
      `--cert-dir=${join(stateDir, 'pki')}`,
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
        const r = await apiRequest(admin, 'GET', '/readyz', undefined, 3_000);
        if (r.status === 200) return true;
        const failing = r.body
          .split('\n')
          .filter((l) => l.startsWith('[-]'))
          .map((l) => l.slice(3).split(' ')[0])
          .join(', ');
        return `HTTP ${r.status}${failing ? `, not ready: ${failing}` : ''}`;
      },
      { timeoutMs: Math.min(90_000, left()), watch: started, logOf: apiserver, progress },
    );

    mark('apiserver');
    progress('starting kube-controller-manager, kube-scheduler and kwok');
    const kcm = start('kube-controller-manager', bins.paths['kube-controller-manager'], [
      `--kubeconfig=${componentConfig('controller-manager', pki.controllerManager)}`,
      '--bind-address=127.0.0.1',
      `--secure-port=${kcmPort}`,
      `--tls-cert-file=${pki.apiserver.cert}`,
      `--tls-private-key-file=${pki.apiserver.key}`,
      '--leader-elect=false',
      `--cluster-name=${context}`,
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
    const sched = start('kube-scheduler', bins.paths['kube-scheduler'], [
      `--kubeconfig=${componentConfig('scheduler', pki.scheduler)}`,
      '--bind-address=127.0.0.1',
      `--secure-port=${schedPort}`,
      `--tls-cert-file=${pki.apiserver.cert}`,
      `--tls-private-key-file=${pki.apiserver.key}`,
      '--leader-elect=false',
      '--profiling=false',
    ]);
    const kwokConfig = join(stateDir, 'kwok', 'kwok.yaml');
    mkdirSync(join(stateDir, 'kwok'), { recursive: true });
    writeFileSync(kwokConfig, kwokConfigYaml({ podCidr: POD_CIDR, nodeLeaseSeconds: 40 }));
    const kwok = start(
      'kwok',
      bins.paths.kwok,
      [`--kubeconfig=${componentConfig('kwok', pki.kwok)}`, `--config=${kwokConfig}`],
      { ...process.env, KWOK_WORKDIR: join(stateDir, 'kwok') },
    );

    progress(`creating ${nodeCount} fake nodes`);
    for (const [i, node] of nodes.entries()) {
      const r = await apiRequest(admin, 'POST', '/api/v1/nodes', fakeNode(node, i));
      if (r.status !== 201 && r.status !== 409) {
        throw new CutoverError(
          'LOCAL_CLUSTER',
          `creating node ${node} failed: HTTP ${r.status} ${r.body.slice(0, 300)}`,
        );
      }
    }

    const live = { timeoutMs: Math.min(60_000, left()), watch: started, progress };
    await Promise.all([
      waitFor('kube-controller-manager /healthz', () => healthz(admin, kcmPort), {
        ...live,
        logOf: kcm,
      }),
      waitFor('kube-scheduler /healthz', () => healthz(admin, schedPort), {
        ...live,
        logOf: sched,
      }),
    ]);
    mark('components');
    progress('waiting for the nodes to be Ready');
    await waitFor(
      `${nodeCount} Ready nodes`,
      async () => {
        const r = await apiRequest(admin, 'GET', '/api/v1/nodes');
        if (r.status !== 200) return `HTTP ${r.status}`;
        const list = JSON.parse(r.body) as {
          items: {
            metadata: { name: string };
            status?: { conditions?: { type: string; status: string }[] };
          }[];
        };
        const ready = list.items.filter((n) =>
          n.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True'),
        ).length;
        return ready >= nodeCount ? true : `${ready}/${nodeCount} Ready`;
      },
      { ...live, timeoutMs: Math.min(60_000, left()), logOf: kwok },
    );
    mark('nodes');
    // The service account controller has made `default` in `default`: the controller
    // manager works end to end (its own service-account credentials included).
    await waitFor(
      'the default ServiceAccount (controller-manager)',
      async () => {
        const r = await apiRequest(
          admin,
          'GET',
          '/api/v1/namespaces/default/serviceaccounts/default',
        );
        return r.status === 200 ? true : `HTTP ${r.status}`;
      },
      { ...live, timeoutMs: Math.min(60_000, left()), logOf: kcm },
    );
    mark('controllers');

    state.phase = 'ready';
    writeState(stateDir, state);
  } catch (e) {
    progress(`start failed; stopping what was started (logs stay in ${logs})`);
    await down({ name, stateDir });
    throw e;
  }

  const startMs = Date.now() - t0;
  progress(
    `local cluster "${name}" is ready in ${(startMs / 1000).toFixed(1)}s; kubeconfig: ${kubeconfig}`,
  );
  return {
    name,
    stateDir,
    kubeconfig,
    server,
    context,
    nodes,
    versions,
    processes: processInfo(state),
    reused: false,
    startMs,
    timings,
  };
}

/** Stops every process of a local cluster (SIGTERM, then SIGKILL). Idempotent. */
export async function localDown(opts: LocalDownOptions = {}): Promise<LocalDownResult> {
  const { name, stateDir } = resolveOpts(opts);
  if (!existsSync(stateDir)) return down(opts);
  const release = lockStateDir(name, stateDir);
  try {
    return await down(opts);
  } finally {
    release();
  }
}

async function down(opts: LocalDownOptions): Promise<LocalDownResult> {
  const { name, stateDir, progress } = resolveOpts(opts);
  const state = readState(stateDir);
  const stopped: string[] = [];
  if (state) {
    // The watchdog first, so it does not race this stop; then the processes, newest first.
    const records: ProcRecord[] = [...state.processes].reverse();
    if (state.watchdogPid !== undefined) {
      const binary = state.watchdogBinary ?? process.execPath;
      await stopProcesses([{ name: 'watchdog', pid: state.watchdogPid, binary, log: '' }], 2_000);
    }
    const running = records.filter(isRunning).map((r) => r.name);
    if (running.length) progress(`stopping ${running.join(', ')}`);
    // One at a time, newest first: the API server shuts down cleanly only while etcd runs.
    for (const r of records) stopped.push(...(await stopProcesses([r])));
    rmSync(stateFile(stateDir), { force: true });
  }
  if (opts.purge) rmSync(stateDir, { recursive: true, force: true });
  progress(
    stopped.length ? `local cluster "${name}" stopped` : `local cluster "${name}" was not running`,
  );
  return { name, stateDir, stopped };
}

/** The kubeconfig of a local cluster, as shell exports. */
export function localEnv(opts: LocalOptions = {}): LocalEnv {
  const { name, stateDir } = resolveOpts(opts);
  const state = readState(stateDir);
  if (!state) {
    throw new CutoverError(
      'LOCAL_CLUSTER',
      `local cluster "${name}" is not running (no ${stateFile(stateDir)})`,
      {
        hint: `start it with: cutover local up${name === 'default' ? '' : ` --name ${name}`}`,
      },
    );
  }
  const running = state.phase === 'ready' && processInfo(state).every((p) => p.running);
  return {
    name,
    kubeconfig: state.kubeconfig,
    running,
    exports: `export KUBECONFIG=${shellQuote(state.kubeconfig)}\n`,
  };
}

/** The recorded state of a local cluster, with which of its processes still run. */
export function localStatus(opts: LocalOptions = {}): LocalStatus | undefined {
  const { name, stateDir } = resolveOpts(opts);
  const state = readState(stateDir);
  if (!state) return undefined;
  return {
    name,
    stateDir,
    phase: state.phase,
    server: state.server,
    kubeconfig: state.kubeconfig,
    processes: processInfo(state),
  };
}

function shellQuote(s: string): string {
  return /^[\w@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}
