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
 *   sock/<port>       the bridge's unix sockets (traffic mode)
 *   traefik/          Traefik's static configuration (traffic mode)
 *
 * With `traffic`, every process runs in the network namespace `cutover-<name>` and the
 * pods get responders and a Gateway API data plane (traffic.ts).
 *
 * This module runs `up`, `down`, `env` and `status` as sequences of phases; the work is
 * in state.ts (state file, lock), kubeconfig.ts, components.ts (each process: flags,
 * start, readiness), nodes.ts (fake nodes) and wait.ts (readiness polling).
 */
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';

import { CutoverError } from '../errors.ts';
import { type Binaries, resolveBinaries } from './binaries.ts';
import {
  type ControlPlane,
  SERVICE_IP,
  pickPorts,
  startApiServer,
  startControllers,
  startEtcd,
  waitControllersHealthy,
  waitServiceAccountController,
} from './components.ts';
import { writeAdminKubeconfig } from './kubeconfig.ts';
import { connectionFromFiles } from './admin-client.ts';
import { createFakeNodes, nodeNames, waitNodesReady } from './nodes.ts';
import { checkClusterName, defaultStateDir } from './paths.ts';
import { createPki } from './pki.ts';
import { type ProcRecord, isRunning, stopProcesses } from './process.ts';
import {
  type LocalState,
  processInfo,
  readState,
  stateFile,
  withStateLock,
  writeState,
} from './state.ts';
import type {
  LocalCluster,
  LocalDownOptions,
  LocalDownResult,
  LocalEnv,
  LocalOptions,
  LocalStatus,
  LocalUpOptions,
  Progress,
  StartPhase,
} from './types.ts';
import { deleteNetns, netnsName, netnsUnavailable } from './netns.ts';
import { type TraefikBinary, resolveTraefik } from './traefik.ts';
import { enterNetns, objectsOnlyMessage, startBridges, startDataPlane } from './traffic.ts';
import { type Budget, startBudget } from './wait.ts';
import { type WatchdogMode, startWatchdog } from './watchdog.ts';

// The public types; index.ts re-exports them from here.
export type * from './types.ts';

/** Which cluster a command acts on, and where its progress goes. */
interface Target {
  name: string;
  stateDir: string;
  progress: Progress;
}

function resolveOpts(opts: LocalOptions): Target {
  const name = checkClusterName(opts.name ?? 'default');
  return {
    name,
    stateDir: opts.stateDir ?? defaultStateDir(name),
    progress: opts.onProgress ?? (() => {}),
  };
}

/** Starts a local cluster (or returns the running one of that name) and writes its kubeconfig. */
export async function localUp(opts: LocalUpOptions = {}): Promise<LocalCluster> {
  const { name, stateDir } = resolveOpts(opts);
  return withStateLock(name, stateDir, () => up(opts));
}

async function up(opts: LocalUpOptions): Promise<LocalCluster> {
  const t0 = Date.now();
  const timings: LocalCluster['timings'] = {};
  const mark = (phase: StartPhase): void => {
    timings[phase] = Date.now() - t0;
  };
  const target = resolveOpts(opts);
  const { name, stateDir, progress } = target;

  const running = await reuseOrClearPrevious(target, opts, t0);
  if (running) return running;

  const bins: Binaries = await resolveBinaries({
    binDir: opts.binDir,
    build: opts.build,
    onProgress: progress,
  });
  let traefik = opts.traffic ? await trafficBinary(opts, progress) : undefined;
  // A build (minutes) does not count against the start's time.
  const budget = startBudget(opts.timeoutMs ?? 180_000);
  const nodeCount = opts.nodes ?? 3;
  const { cp, state } = await prepareStart(
    target,
    opts.ownerPid,
    nodeCount,
    bins,
    budget,
    traefik !== undefined,
  );

  try {
    mark('prepare');
    if (traefik) {
      cp.netns = await enterNetns(name, progress);
      if (cp.netns) {
        state.netns = cp.netns;
        writeState(stateDir, state);
        await startBridges(cp);
      } else {
        traefik = undefined;
      }
      mark('network');
    }
    await startEtcd(cp);
    mark('etcd');
    await startApiServer(cp);
    mark('apiserver');
    const controllers = startControllers(cp);
    await createFakeNodes(cp, nodeCount);
    await waitControllersHealthy(cp, controllers);
    mark('components');
    await waitNodesReady(cp, nodeCount, controllers.kwok);
    mark('nodes');
    await waitServiceAccountController(cp, controllers);
    mark('controllers');
    if (traefik) {
      state.traffic = await startDataPlane(cp, state.kubeconfig, traefik);
      mark('traffic');
    }

    state.phase = 'ready';
    writeState(stateDir, state);
  } catch (e) {
    progress(`start failed; stopping what was started (logs stay in ${cp.logs})`);
    await down({ name, stateDir });
    throw e;
  }

  const startMs = Date.now() - t0;
  progress(
    `local cluster "${name}" is ready in ${(startMs / 1000).toFixed(1)}s; kubeconfig: ${state.kubeconfig}`,
  );
  if (state.traffic)
    progress(
      `traffic enters at ${state.traffic.url} (Gateway ${state.traffic.gateway.namespace}/${state.traffic.gateway.name})`,
    );
  return asLocalCluster(target, state, {
    processes: processInfo(state),
    reused: false,
    startMs,
    timings,
  });
}

/**
 * The Traefik build for traffic mode, or undefined when traffic falls back to objects
 * only (no namespace can be made here: said once, with the fix).
 */
async function trafficBinary(
  opts: LocalUpOptions,
  progress: Progress,
): Promise<TraefikBinary | undefined> {
  const why = netnsUnavailable();
  if (why) {
    progress(objectsOnlyMessage(why));
    return undefined;
  }
  return resolveTraefik({ build: opts.build, onProgress: progress });
}

/**
 * The cluster when it already runs healthy and may be reused (with traffic, when traffic
 * is asked for and can be had); otherwise stops whatever a previous run left and returns
 * undefined.
 */
async function reuseOrClearPrevious(
  target: Target,
  opts: LocalUpOptions,
  t0: number,
): Promise<LocalCluster | undefined> {
  const { name, stateDir, progress } = target;
  const existing = readState(stateDir);
  if (!existing) {
    // A namespace without a state file: left by a crashed run; createNetns clears it too.
    await deleteNetns(netnsName(name));
    return undefined;
  }
  const procs = processInfo(existing);
  const healthy = existing.phase === 'ready' && procs.length > 0 && procs.every((p) => p.running);
  const lacksTraffic = opts.traffic === true && !existing.traffic && !netnsUnavailable();
  if (healthy && opts.reuse !== false && !lacksTraffic) {
    progress(`local cluster "${name}" is already running (${existing.server})`);
    return asLocalCluster(target, existing, {
      processes: procs,
      reused: true,
      startMs: Date.now() - t0,
      timings: {},
    });
  }
  progress(`cleaning up the previous run of "${name}"`);
  await down({ name, stateDir });
  return undefined;
}

/**
 * Everything before the first process starts: fresh directories, free ports, the
 * certificates, the admin kubeconfig, the state file and the watchdog that guards it.
 */
async function prepareStart(
  target: Target,
  ownerPid: number | undefined,
  nodeCount: number,
  bins: Binaries,
  budget: Budget,
  traffic: boolean,
): Promise<{ cp: ControlPlane; state: LocalState }> {
  const { name, stateDir, progress } = target;
  const m = bins.manifest;
  const versions = { kubernetes: m.kubernetes.version, etcd: m.etcd.version, kwok: m.kwok.version };
  progress(
    `starting local cluster "${name}": kubernetes ${versions.kubernetes}, etcd ${versions.etcd}, kwok ${versions.kwok}`,
  );

  const logs = freshRunDirs(stateDir);
  const ports = await pickPorts(traffic);
  const server = `https://127.0.0.1:${ports.apiserver}`;
  const context = `cutover-local-${name}`;
  const pki = await createPki(join(stateDir, 'pki'), {
    ips: ['127.0.0.1', SERVICE_IP],
    clusterName: name,
  });
  const kubeconfig = join(stateDir, 'kubeconfig');
  writeAdminKubeconfig(kubeconfig, { context, server, ca: pki.ca.cert }, pki.admin);

  const state: LocalState = {
    version: 1,
    name,
    phase: 'starting',
    createdAt: new Date().toISOString(),
    kubeconfig,
    server,
    context,
    ports: { ...ports },
    nodes: nodeNames(nodeCount),
    versions,
    processes: [],
  };
  if (ownerPid !== undefined) state.ownerPid = ownerPid;
  writeState(stateDir, state);
  guardWithWatchdog(stateDir, state, ownerPid, logs);

  const cp: ControlPlane = {
    stateDir,
    logs,
    bins,
    ports,
    server,
    context,
    pki,
    admin: connectionFromFiles(server, pki.ca.cert, pki.admin.cert, pki.admin.key),
    progress,
    budget,
    started: [],
    record: (p: ProcRecord) => {
      state.processes.push(p);
      writeState(stateDir, state);
    },
  };
  return { cp, state };
}

/** Empties the data of the previous run (etcd, pki, logs, kwok); returns the logs directory. */
function freshRunDirs(stateDir: string): string {
  mkdirSync(stateDir, { recursive: true, mode: 0o700 });
  for (const d of ['etcd', 'pki', 'logs', 'kwok', 'sock', 'traefik'])
    rmSync(join(stateDir, d), { recursive: true, force: true });
  const logs = join(stateDir, 'logs');
  mkdirSync(logs, { recursive: true });
  return logs;
}

/** The watchdog first, so that no process outlives a start interrupted at any point. */
function guardWithWatchdog(
  stateDir: string,
  state: LocalState,
  ownerPid: number | undefined,
  logs: string,
): void {
  const mode: WatchdogMode = ownerPid !== undefined ? 'owner' : 'startup';
  state.watchdogMode = mode;
  state.watchdogBinary = process.execPath;
  state.watchdogPid = startWatchdog(
    stateFile(stateDir),
    ownerPid ?? process.pid,
    mode,
    join(logs, 'watchdog.log'),
  );
  writeState(stateDir, state);
}

/** What `up` returns: the cluster as its state records it, and how this run went. */
function asLocalCluster(
  { name, stateDir }: Target,
  state: LocalState,
  run: Pick<LocalCluster, 'processes' | 'reused' | 'startMs' | 'timings'>,
): LocalCluster {
  return {
    name,
    stateDir,
    kubeconfig: state.kubeconfig,
    server: state.server,
    context: state.context,
    nodes: state.nodes,
    versions: state.versions,
    ...run,
    ...(state.traffic ? { traffic: state.traffic } : {}),
  };
}

/** Stops every process of a local cluster (SIGTERM, then SIGKILL). Idempotent. */
export async function localDown(opts: LocalDownOptions = {}): Promise<LocalDownResult> {
  const { name, stateDir } = resolveOpts(opts);
  if (!existsSync(stateDir)) return down(opts);
  return withStateLock(name, stateDir, () => down(opts));
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
  }
  // The namespace after its processes (a crashed run's too, recorded or not).
  await deleteNetns(state?.netns ?? netnsName(name));
  if (state) rmSync(stateFile(stateDir), { force: true });
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
  const traffic = state.traffic
    ? `export CUTOVER_TRAFFIC_URL=${shellQuote(state.traffic.url)}\n`
    : '';
  return {
    name,
    kubeconfig: state.kubeconfig,
    running,
    exports: `export KUBECONFIG=${shellQuote(state.kubeconfig)}\n${traffic}`,
    ...(state.traffic ? { traffic: state.traffic } : {}),
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
    ...(state.traffic ? { traffic: state.traffic } : {}),
    ...(state.netns ? { netns: state.netns } : {}),
  };
}

function shellQuote(s: string): string {
  return /^[\w@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}
