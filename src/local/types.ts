/**
 * The public shapes of the local control plane: the options of `up`, `down`, `env` and
 * `status` and what each returns. Apart from cluster.ts (which re-exports them) so the
 * modules behind it can share them without importing the orchestrator.
 */
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
  /**
   * Real traffic (default false): the cluster runs in a network namespace with an HTTP
   * responder on every Running pod's IP and Traefik serving the Gateway API behind a
   * local Gateway (see traffic.ts). Needs root and the Traefik build
   * (scripts/traefik-build.sh, or `build`); without root it falls back to objects only.
   */
  traffic?: boolean;
}

/** Where requests enter a local cluster with traffic. */
export interface TrafficEndpoint {
  /** Traefik's entry point as the host reaches it: http://127.0.0.1:PORT */
  url: string;
  /** The Gateway an HTTPRoute names in its parentRefs to be served. */
  gateway: { name: string; namespace: string };
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
  /** The traffic entry, when the cluster runs with traffic; undefined otherwise. */
  traffic?: TrafficEndpoint;
}

export type StartPhase =
  'prepare' | 'network' | 'etcd' | 'apiserver' | 'components' | 'nodes' | 'controllers' | 'traffic';

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
  traffic?: TrafficEndpoint;
  /** The network namespace the cluster runs in (traffic mode). */
  netns?: string;
}

export interface LocalEnv {
  name: string;
  kubeconfig: string;
  running: boolean;
  traffic?: TrafficEndpoint;
  /** Shell lines to eval: `export KUBECONFIG=...` (and `CUTOVER_TRAFFIC_URL=...` with traffic). */
  exports: string;
}
