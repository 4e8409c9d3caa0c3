/**
 * Starting and stopping the control plane processes. Each runs detached in its own
 * process group (so a terminal's Ctrl-C reaches the supervisor, not them, and the
 * supervisor decides) with stdout and stderr appended to its log file. A process is
 * recorded with its binary so that a stop never signals an unrelated process that
 * reused the pid.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { closeSync, existsSync, openSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';

import { inNetns } from './netns.ts';

export interface ProcRecord {
  name: string;
  pid: number;
  /** The executable (its path, as /proc/<pid>/cmdline shows it first). */
  binary: string;
  log: string;
}

export interface Started {
  record: ProcRecord;
  child: ChildProcess;
  /** Set once the process exits: how it ended. */
  exit: { code: number | null; signal: NodeJS.Signals | null } | undefined;
}

export function startProcess(
  name: string,
  binary: string,
  args: string[],
  opts: { log: string; env?: NodeJS.ProcessEnv; cwd?: string; netns?: string },
): Started {
  const fd = openSync(opts.log, 'a');
  let child: ChildProcess;
  // In a namespace: `ip netns exec` execs the binary in place, so the pid and the
  // recorded binary are the component's own, as without one.
  const [command, argv] = opts.netns ? inNetns(opts.netns, binary, args) : [binary, args];
  try {
    child = spawn(command, argv, {
      detached: true,
      stdio: ['ignore', fd, fd],
      env: opts.env ?? process.env,
      cwd: opts.cwd,
    });
  } finally {
    closeSync(fd);
  }
  if (child.pid === undefined) {
    throw new Error(`could not start ${name} (${binary})`);
  }
  child.unref();
  const started: Started = {
    record: { name, pid: child.pid, binary, log: opts.log },
    child,
    exit: undefined,
  };
  child.on('exit', (code, signal) => (started.exit = { code, signal }));
  child.on('error', () => (started.exit ??= { code: null, signal: null }));
  return started;
}

/** True when the pid is a live (not zombie) process running the recorded binary. */
export function isRunning(rec: Pick<ProcRecord, 'pid' | 'binary'>): boolean {
  if (!Number.isInteger(rec.pid) || rec.pid <= 1) return false;
  try {
    process.kill(rec.pid, 0);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  const proc = `/proc/${rec.pid}`;
  if (!existsSync('/proc/self')) return true; // no procfs: trust the signal check
  try {
    const stat = readFileSync(`${proc}/stat`, 'utf8');
    const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
    if (state === 'Z' || state === 'X') return false;
    const argv0 = readFileSync(`${proc}/cmdline`, 'utf8').split('\0')[0];
    return argv0 === rec.binary;
  } catch {
    return false;
  }
}

function signal(rec: ProcRecord, sig: NodeJS.Signals): void {
  // The process leads its own group (detached): signal the group, then the pid itself.
  for (const target of [-rec.pid, rec.pid]) {
    try {
      process.kill(target, sig);
    } catch {
      // gone already, or not a group leader
    }
  }
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/**
 * Stops processes: SIGTERM to all, then SIGKILL to those still running after graceMs.
 * Returns the names of the processes that were running.
 */
export async function stopProcesses(records: ProcRecord[], graceMs = 10_000): Promise<string[]> {
  const running = records.filter(isRunning);
  for (const r of running) signal(r, 'SIGTERM');
  const deadline = Date.now() + graceMs;
  while (running.some(isRunning) && Date.now() < deadline) await sleep(50);
  const stubborn = running.filter(isRunning);
  for (const r of stubborn) signal(r, 'SIGKILL');
  const killDeadline = Date.now() + 5_000;
  while (stubborn.some(isRunning) && Date.now() < killDeadline) await sleep(50);
  return running.map((r) => r.name);
}

/** The last lines of a log file, for an error message. */
export function logTail(path: string, lines = 15): string {
  try {
    const text = readFileSync(path, 'utf8');
    return text.split('\n').filter(Boolean).slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

/** n distinct free TCP ports on 127.0.0.1 (held together while picking, then released). */
export async function freePorts(n: number): Promise<number[]> {
  const servers = await Promise.all(
    Array.from(
      { length: n },
      () =>
        new Promise<ReturnType<typeof createServer>>((resolve, reject) => {
          const s = createServer();
          s.unref();
          s.on('error', reject);
          s.listen(0, '127.0.0.1', () => resolve(s));
        }),
    ),
  );
  const ports = servers.map((s) => {
    const a = s.address();
    if (a === null || typeof a === 'string') throw new Error('no port');
    return a.port;
  });
  await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
  return ports;
}
