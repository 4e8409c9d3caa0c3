/**
 * The network namespace of a local cluster with traffic (`cutover-<cluster name>`): every
 * process of the cluster runs in it, so kwok's pod addresses (10.244.0.0/16, which the API
 * server accepts in EndpointSlices where it refuses loopback) are real and reachable there
 * and nowhere else. A `local` route makes the whole range bindable on the namespace's
 * loopback, so each pod's responder listens on its own IP and no packet to a pod address
 * ever leaves the namespace. Creating one needs CAP_SYS_ADMIN (root, or
 * `unshare --user --net --map-root-user`); without it the caller falls back to objects only.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { promisify } from 'node:util';

import { CutoverError } from '../errors.ts';

const run = promisify(execFile);

/** The range kwok gives pod IPs from (components.ts's POD_CIDR). */
export const POD_RANGE = '10.244.0.0/16';

export const netnsName = (cluster: string): string => `cutover-${cluster}`;

export const netnsExists = (ns: string): boolean => existsSync(`/run/netns/${ns}`);

/** The command line that runs binary inside the namespace (`ip netns exec` execs in place, same pid). */
export function inNetns(ns: string, binary: string, args: string[]): [string, string[]] {
  return ['ip', ['netns', 'exec', ns, binary, ...args]];
}

async function ip(args: string[]): Promise<void> {
  await run('ip', args, { timeout: 10_000 });
}

/** Why a namespace cannot be made here, or undefined when it can be tried. */
export function netnsUnavailable(): string | undefined {
  if (process.platform !== 'linux') return 'network namespaces need Linux';
  if (typeof process.getuid === 'function' && process.getuid() !== 0)
    return 'creating a network namespace needs root (CAP_SYS_ADMIN)';
  return undefined;
}

/**
 * Creates the namespace with loopback up and the pod range routed locally; a namespace of
 * the same name left by a crashed run is removed first (its processes with it).
 */
export async function createNetns(ns: string): Promise<void> {
  await deleteNetns(ns);
  try {
    await ip(['netns', 'add', ns]);
    await ip(['-n', ns, 'link', 'set', 'lo', 'up']);
    await ip(['-n', ns, 'route', 'add', 'local', POD_RANGE, 'dev', 'lo']);
  } catch (e) {
    await deleteNetns(ns).catch(() => {});
    const err = e as NodeJS.ErrnoException & { stderr?: string };
    throw new CutoverError(
      'LOCAL_CLUSTER',
      `cannot create the network namespace ${ns}: ${err.code === 'ENOENT' ? 'the ip command (iproute2) is not installed' : (err.stderr ?? err.message).trim()}`,
      {
        hint:
          err.code === 'ENOENT'
            ? 'install iproute2 (apt-get install iproute2)'
            : 'run as root, or inside `unshare --user --net --map-root-user`',
      },
    );
  }
}

/** Kills whatever still runs in the namespace, then deletes it. Idempotent. */
export async function deleteNetns(ns: string): Promise<void> {
  if (!netnsExists(ns)) return;
  try {
    const { stdout } = await run('ip', ['netns', 'pids', ns], { timeout: 10_000 });
    for (const pid of stdout.split(/\s+/).filter(Boolean).map(Number)) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // gone meanwhile
      }
    }
  } catch {
    // no pids to list: delete all the same
  }
  await ip(['netns', 'del', ns]);
}
