/**
 * Runs a builder's command (buildah, docker) without a shell, so no argument is ever
 * re-parsed: a tag, label or build arg reaches the tool exactly as given. Output lines are
 * streamed to `progress` as they come (a build can take minutes; the log shows it move) and
 * the last ones are kept for the error of a failed step.
 */
import { spawn } from 'node:child_process';
import { CutoverError } from '../errors.ts';

export interface ToolRun {
  code: number | null;
  /** The last lines of stdout and stderr together, in the order they came. */
  tail: string[];
  /** All of stderr (bounded), where buildah and docker write their errors. */
  stderr: string;
}

export interface RunToolOptions {
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  progress?: (line: string) => void;
  signal?: AbortSignal | undefined;
  /** How many lines to keep for the error, default 20. */
  tailLines?: number;
}

const STDERR_LIMIT = 256_000;

/** Resolves with the exit code (never rejects on a non-zero one); ENOENT rejects. */
export function runTool(command: string, args: string[], o: RunToolOptions = {}): Promise<ToolRun> {
  const keep = o.tailLines ?? 20;
  const tail: string[] = [];
  let stderr = '';
  return new Promise((resolve, reject) => {
    if (o.signal?.aborted) {
      reject(cancelled(command, o.signal.reason));
      return;
    }
    const child = spawn(command, args, {
      cwd: o.cwd,
      env: o.env ?? process.env,
      stdio: ['ignore', 'pipe', 'pipe'],
      shell: false,
    });
    const onAbort = (): void => {
      child.kill('SIGTERM');
    };
    o.signal?.addEventListener('abort', onAbort, { once: true });
    const lines = (stream: NodeJS.ReadableStream, isErr: boolean): void => {
      let partial = '';
      stream.setEncoding('utf8');
      stream.on('data', (chunk: string) => {
        if (isErr) stderr = (stderr + chunk).slice(-STDERR_LIMIT);
        const parts = (partial + chunk).split(/\r?\n/);
        partial = parts.pop() ?? '';
        for (const line of parts) emit(line);
      });
      stream.on('end', () => {
        if (partial) emit(partial);
      });
    };
    const emit = (line: string): void => {
      tail.push(line);
      if (tail.length > keep) tail.shift();
      o.progress?.(line);
    };
    lines(child.stdout, false);
    lines(child.stderr, true);
    child.once('error', (e) => {
      o.signal?.removeEventListener('abort', onAbort);
      reject(e);
    });
    child.once('close', (code) => {
      o.signal?.removeEventListener('abort', onAbort);
      if (o.signal?.aborted) reject(cancelled(command, o.signal.reason));
      else resolve({ code, tail, stderr });
    });
  });
}

function cancelled(command: string, reason: unknown): CutoverError {
  return new CutoverError('CANCELLED', `${command}: cancelled`, { cause: reason });
}

/** Whether a command runs at all and exits 0 (a probe: `docker buildx version`). */
export async function commandWorks(
  command: string,
  args: string[],
  env?: NodeJS.ProcessEnv,
): Promise<boolean> {
  try {
    const r = await runTool(command, args, env ? { env } : {});
    return r.code === 0;
  } catch {
    return false;
  }
}
