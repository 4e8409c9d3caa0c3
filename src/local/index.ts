/**
 * The local control plane engine behind `cutover local up | down | env | status`:
 * a real Kubernetes control plane (etcd, kube-apiserver, kube-controller-manager,
 * kube-scheduler) with kwok fake nodes, from binaries that scripts/k8s-build.sh builds
 * from Go modules. No GitHub import: the CLI, the tests and the benchmarks share it.
 */
export {
  type LocalCluster,
  type LocalDownOptions,
  type LocalDownResult,
  type LocalEnv,
  type LocalOptions,
  type LocalStatus,
  type LocalUpOptions,
  type ProcessInfo,
  type StartPhase,
  type Progress,
  type TrafficEndpoint,
  localDown,
  localEnv,
  localStatus,
  localUp,
} from './cluster.ts';
export {
  type Binaries,
  type BinManifest,
  type ResolveBinariesOptions,
  resolveBinaries,
  runBuildScript,
} from './binaries.ts';
export { LOCAL_READY_ANNOTATION } from './kwok-config.ts';
export { LOCAL_GATEWAY } from './gateway.ts';
export { DELAY_ANNOTATION, FAIL_ANNOTATION, type Identity } from './responder.ts';
export { type TrafficRequest, type TrafficResponse, sendTraffic } from './traffic-client.ts';
export { cacheRoot, defaultStateDir, findRepoRoot } from './paths.ts';
