/**
 * One lint-test step as a child process: no shell unless the step asks for one, its output
 * streamed line by line (to the job log or the terminal) and kept for the annotations, a
 * timeout that stops the whole process group.
 */
import { spawn } from 'node:child_process';
import { splitCommandLine } from './command-line.ts';
import type { PlannedStep } from './detect.ts';

export interface StepRun {
  exitCode: number | null;
  /** Set when the step ran out of time or was cancelled, or could not start. */
  stopped?: 'timeout' | 'cancelled' | 'not-started';
  /** Why it could not start (e.g. the command is not installed). */
  startError?: string;
  output: string;
  /** The output exceeded what is kept; the start was dropped. */
  truncated: boolean;
  seconds: number;
  /** Epoch milliseconds when it started (reports older than that are not its own). */
  startedAt: number;
}

/** Enough for the tool output of a large project; older output is dropped first. */
const KEPT_OUTPUT = 8 * 1024 * 1024;
const KILL_GRACE_MS = 5_000;

/** The argv of a step: its words, or its shell and the script. */
export function argvOf(s: Pick<PlannedStep, 'run' | 'shell' | 'name'>): string[] {
  switch (s.shell) {
    case 'bash':
      return ['bash', '--noprofile', '--norc', '-eo', 'pipefail', '-c', s.run];
    case 'sh':
      return ['sh', '-e', '-c', s.run];
    case 'pwsh':
      return ['pwsh', '-NoLogo', '-NoProfile', '-NonInteractive', '-Command', s.run];
    default:
      return splitCommandLine(s.run, `step \`${s.name}\`: run`);
  }
}

export function runStep(
  argv: string[],
  opts: {
    cwd: string;
    env: NodeJS.ProcessEnv;
    timeoutMs: number;
    onLine: (line: string) => void;
    signal?: AbortSignal | undefined;
  },
): Promise<StepRun> {
  const started = performance.now();
  const startedAt = Date.now();
  const seconds = () => (performance.now() - started) / 1000;
  return new Promise((resolve) => {
    let output = '';
    let truncated = false;
    let partial = '';
    let stopped: StepRun['stopped'];
    const child = spawn(argv[0]!, argv.slice(1), {
      cwd: opts.cwd,
      env: opts.env,
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: process.platform !== 'win32',
    });
    const collect = (chunk: Buffer) => {
      const text = chunk.toString('utf8');
      output += text;
      if (output.length > KEPT_OUTPUT) {
        output = output.slice(output.length - KEPT_OUTPUT);
        truncated = true;
      }
      const lines = (partial + text).split(/\r?\n/);
      partial = lines.pop() ?? '';
      for (const l of lines) opts.onLine(l);
    };
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);

    const stop = (why: 'timeout' | 'cancelled') => {
      stopped ??= why;
      killGroup(child.pid, 'SIGTERM');
      setTimeout(() => killGroup(child.pid, 'SIGKILL'), KILL_GRACE_MS).unref();
    };
    const timer = setTimeout(() => stop('timeout'), opts.timeoutMs);
    const onAbort = () => stop('cancelled');
    opts.signal?.addEventListener('abort', onAbort, { once: true });

    child.once('error', (e: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      opts.signal?.removeEventListener('abort', onAbort);
      const startError =
        e.code === 'ENOENT'
          ? `\`${argv[0]}\` is not installed or not on PATH`
          : `could not start \`${argv[0]}\`: ${e.message}`;
      resolve({
        exitCode: null,
        stopped: 'not-started',
        startError,
        output,
        truncated,
        seconds: seconds(),
        startedAt,
      });
    });
    child.once('close', (code) => {
      clearTimeout(timer);
      opts.signal?.removeEventListener('abort', onAbort);
      if (partial) opts.onLine(partial);
      resolve({
        exitCode: code,
        ...(stopped ? { stopped } : {}),
        output,
        truncated,
        seconds: seconds(),
        startedAt,
      });
    });
  });
}

function killGroup(pid: number | undefined, signal: NodeJS.Signals): void {
  if (pid === undefined) return;
  try {
    process.kill(process.platform === 'win32' ? pid : -pid, signal);
  } catch {
    // Already gone.
  }
}
