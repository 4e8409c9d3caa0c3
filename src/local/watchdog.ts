/**
 * The watchdog: a small detached Node process that tears a local cluster down when the
 * process that owns it dies, however it dies (SIGKILL included), so an interrupted test
 * run or `local up` leaves no process behind.
 *
 * Modes:
 *   owner    tear down when the owner pid is gone (a test run, `up --owner-pid`).
 *   startup  tear down if the owner dies before the cluster is ready; once the state says
 *            `ready`, exit and leave the cluster running (a plain `cutover local up`).
 * It exits, doing nothing, when the state file is gone or names another watchdog (a
 * `down` or a newer `up` took over).
 *
 * Its source is a self-contained CommonJS string run with `node -e`, so it works the
 * same from the TypeScript sources, the jest runtime and a bundled CLI.
 */
import { spawn } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';

export type WatchdogMode = 'owner' | 'startup';

const SOURCE = String.raw`
const fs = require('node:fs');
const { execFileSync } = require('node:child_process');
const [stateFile, ownerArg, mode, logFile] = process.argv.slice(1);
const owner = Number(ownerArg);
const log = (m) => { try { fs.appendFileSync(logFile, new Date().toISOString() + ' watchdog ' + process.pid + ': ' + m + '\n'); } catch {} };
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const alive = (pid) => { try { process.kill(pid, 0); return true; } catch (e) { return e.code === 'EPERM'; } };
const running = (p) => {
  if (!alive(p.pid)) return false;
  try {
    const stat = fs.readFileSync('/proc/' + p.pid + '/stat', 'utf8');
    const st = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
    if (st === 'Z' || st === 'X') return false;
    return fs.readFileSync('/proc/' + p.pid + '/cmdline', 'utf8').split('\0')[0] === p.binary;
  } catch { return !fs.existsSync('/proc/self'); }
};
const kill = (p, sig) => { for (const t of [-p.pid, p.pid]) { try { process.kill(t, sig); } catch {} } };
const read = () => { try { return JSON.parse(fs.readFileSync(stateFile, 'utf8')); } catch (e) { return e.code === 'ENOENT' ? null : undefined; } };
async function teardown(state) {
  // Newest first, one at a time: the API server stops cleanly only while etcd runs.
  const procs = (state.processes || []).filter(running).reverse();
  log('owner ' + owner + ' is gone; stopping ' + procs.map((p) => p.name).join(', '));
  for (const p of procs) {
    kill(p, 'SIGTERM');
    const deadline = Date.now() + 10000;
    while (running(p) && Date.now() < deadline) await sleep(50);
    if (running(p)) kill(p, 'SIGKILL');
  }
  if (state.netns) {
    // What still runs in the namespace goes with it (netns.ts's deleteNetns, in short).
    try {
      const pids = execFileSync('ip', ['netns', 'pids', state.netns], { encoding: 'utf8' }).split(/\s+/).filter(Boolean);
      for (const pid of pids) { try { process.kill(Number(pid), 'SIGKILL'); } catch {} }
      execFileSync('ip', ['netns', 'del', state.netns]);
      log('deleted network namespace ' + state.netns);
    } catch (e) { log('could not delete network namespace ' + state.netns + ': ' + e.message); }
  }
  const now = read();
  if (now && now.watchdogPid === process.pid) { try { fs.rmSync(stateFile, { force: true }); } catch {} }
  log('stopped');
}
(async () => {
  log('watching owner ' + owner + ' (' + mode + ')');
  for (;;) {
    const state = read();
    if (state === null) { log('state removed; exiting'); return; }
    if (state !== undefined) {
      if (state.watchdogPid !== undefined && state.watchdogPid !== process.pid) { log('replaced; exiting'); return; }
      if (mode === 'startup' && state.phase === 'ready') { log('cluster ready; exiting'); return; }
      if (!alive(owner)) { await teardown(state); return; }
    }
    await sleep(500);
  }
})();
`;

/** Starts a watchdog for the cluster whose state is in stateFile; returns its pid. */
export function startWatchdog(
  stateFile: string,
  ownerPid: number,
  mode: WatchdogMode,
  logFile: string,
): number {
  const fd = openSync(logFile, 'a');
  try {
    const child = spawn(
      process.execPath,
      ['-e', SOURCE, stateFile, String(ownerPid), mode, logFile],
      {
        detached: true,
        stdio: ['ignore', fd, fd],
        // Run as plain CommonJS whatever NODE_OPTIONS the owner had (jest's VM modules, loaders).
        env: { ...process.env, NODE_OPTIONS: '' },
      },
    );
    if (child.pid === undefined) throw new Error('could not start the watchdog');
    child.unref();
    return child.pid;
  } finally {
    closeSync(fd);
  }
}
