/**
 * Traffic mode of the local cluster (`cutover local up --traffic`): requests that really
 * flow. In order, as `up` calls them:
 *   1. enterNetns: the network namespace (netns.ts), or a fallback to objects only, with
 *      the reason and the fix, when it cannot be made here;
 *   2. startBridges: host 127.0.0.1:P <-> namespace 127.0.0.1:P for the API server, the
 *      components' health ports and the traffic entry (bridge.ts), before etcd starts;
 *   3. startDataPlane, once the cluster is ready: the Gateway API CRDs, the pod responders
 *      (responder-main.ts), Traefik and the local Gateway (traefik.ts, gateway.ts).
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { createConnection } from 'node:net';
import { join } from 'node:path';

import { CutoverError } from '../errors.ts';
import { Cluster } from '../kube/cluster.ts';
import { MAX_SOCKET_PATH } from './bridge.ts';
import { type ControlPlane, hostReachedPorts, startComponent, waitOptions } from './components.ts';
import { installCrdSet } from './crds.ts';
import { localEntry } from './entries.ts';
import { LOCAL_GATEWAY, applyLocalGateway } from './gateway.ts';
import { createNetns, netnsName, netnsUnavailable } from './netns.ts';
import type { Started } from './process.ts';
import { type TraefikBinary, startTraefik } from './traefik.ts';
import type { Progress, TrafficEndpoint } from './types.ts';
import { waitFor } from './wait.ts';

/** Why traffic is objects-only, and how to get it, for the progress line. */
export function objectsOnlyMessage(reason: string): string {
  return (
    `traffic: ${reason}; the cluster runs without a data plane (objects only: routes are ` +
    'stored, no request flows). For real traffic run as root, or inside ' +
    '`unshare --user --net --map-root-user`'
  );
}

/** Creates the cluster's namespace; undefined (after saying why) when it cannot be made here. */
export async function enterNetns(cluster: string, progress: Progress): Promise<string | undefined> {
  const why = netnsUnavailable();
  if (why) {
    progress(objectsOnlyMessage(why));
    return undefined;
  }
  const ns = netnsName(cluster);
  try {
    await createNetns(ns);
  } catch (e) {
    progress(objectsOnlyMessage((e as Error).message));
    return undefined;
  }
  progress(`traffic: network namespace ${ns} (pod addresses 10.244.0.0/16 live there)`);
  return ns;
}

const socketDir = (stateDir: string): string => join(stateDir, 'sock');

/** Node helper processes run as plain Node, whatever NODE_OPTIONS the caller had (jest's VM modules). */
const helperEnv = (): NodeJS.ProcessEnv => ({ ...process.env, NODE_OPTIONS: '' });

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = createConnection({ port, host: '127.0.0.1' });
    s.once('connect', () => {
      s.destroy();
      resolve(true);
    });
    s.once('error', () => resolve(false));
  });
}

/** Starts both sides of the bridge and waits until they listen. */
export async function startBridges(cp: ControlPlane): Promise<void> {
  const dir = socketDir(cp.stateDir);
  const ports = hostReachedPorts(cp.ports).map(String);
  const longest = join(dir, '65535');
  if (longest.length > MAX_SOCKET_PATH) {
    throw new CutoverError(
      'LOCAL_CLUSTER',
      `the state directory ${cp.stateDir} is too long for the bridge's unix sockets (${longest.length} > ${MAX_SOCKET_PATH} characters)`,
      { hint: 'use a shorter --state-dir (or CUTOVER_CACHE_DIR)' },
    );
  }
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const entry = localEntry('bridge-main');
  cp.progress(`traffic: bridging 127.0.0.1 ports ${ports.join(', ')} into ${cp.netns}`);
  const inside = startComponent(
    cp,
    'bridge-netns',
    process.execPath,
    [entry, 'netns', dir, ...ports],
    helperEnv(),
  );
  startComponent(
    { ...cp, netns: undefined },
    'bridge-host',
    process.execPath,
    [entry, 'host', dir, ...ports],
    helperEnv(),
  );
  await waitFor(
    'the bridge into the network namespace',
    async () => {
      const missing = ports.filter((p) => !existsSync(join(dir, p)));
      if (missing.length) return `no socket yet for ${missing.join(', ')}`;
      return (await accepts(cp.ports.apiserver)) || 'the host side does not listen yet';
    },
    waitOptions(cp, 15_000, inside),
  );
}

/** Starts the pod responders' supervisor in the namespace. */
function startResponders(cp: ControlPlane): Started {
  const config = join(cp.stateDir, 'responders.json');
  writeFileSync(
    config,
    JSON.stringify({
      server: cp.server,
      ca: cp.pki.ca.cert,
      cert: cp.pki.admin.cert,
      key: cp.pki.admin.key,
      log: join(cp.logs, 'responders-pods.log'),
    }),
  );
  cp.progress('traffic: starting the pod responders (an HTTP server per Running pod and port)');
  return startComponent(
    cp,
    'responders',
    process.execPath,
    [localEntry('responder-main'), config],
    helperEnv(),
  );
}

/**
 * Once the control plane is ready: the Gateway API CRDs, the responders, Traefik and the
 * local Gateway it has programmed. Returns the endpoint for the caller to publish.
 */
export async function startDataPlane(
  cp: ControlPlane,
  kubeconfig: string,
  traefik: TraefikBinary,
): Promise<TrafficEndpoint> {
  const port = cp.ports.traffic;
  if (port === undefined) throw new Error('startDataPlane: no traffic port was picked');
  const cluster = Cluster.connect({ kubeconfigPath: kubeconfig });
  await installCrdSet(cluster, 'gateway-api', cp.progress);
  startResponders(cp);
  const proxy = startTraefik(cp, traefik, kubeconfig);
  await applyLocalGateway(cp, cluster, proxy);
  return { url: `http://127.0.0.1:${port}`, gateway: { ...LOCAL_GATEWAY } };
}
