/**
 * The state file of a local cluster (`state.json`: pids, ports, phase, owner and
 * watchdog) and the lock that lets one `up` or `down` at a time change it. The watchdog
 * reads the same file, so its fields are its contract too.
 */
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { CutoverError } from '../errors.ts';
import { type ProcRecord, isRunning } from './process.ts';
import type { ProcessInfo, TrafficEndpoint } from './types.ts';
import type { WatchdogMode } from './watchdog.ts';

export interface LocalState {
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
  /** The network namespace of traffic mode: `down` and the watchdog delete it. */
  netns?: string;
  traffic?: TrafficEndpoint;
  processes: ProcRecord[];
}

export const stateFile = (dir: string): string => join(dir, 'state.json');

export function readState(dir: string): LocalState | undefined {
  try {
    return JSON.parse(readFileSync(stateFile(dir), 'utf8')) as LocalState;
  } catch {
    return undefined;
  }
}

/** Writes through a temporary file and a rename, so a reader never sees half a file. */
export function writeState(dir: string, state: LocalState): void {
  const tmp = `${stateFile(dir)}.${process.pid}.tmp`;
  writeFileSync(tmp, `${JSON.stringify(state, null, 2)}\n`);
  renameSync(tmp, stateFile(dir));
}

/** Runs fn holding the lock of the state directory. */
export async function withStateLock<T>(
  name: string,
  stateDir: string,
  fn: () => Promise<T>,
): Promise<T> {
  const release = lockStateDir(name, stateDir);
  try {
    return await fn();
  } finally {
    release();
  }
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

/** The recorded processes, with which of them still run. */
export function processInfo(state: LocalState): ProcessInfo[] {
  return state.processes.map((p) => ({
    name: p.name,
    pid: p.pid,
    log: p.log,
    running: isRunning(p),
  }));
}
