/**
 * Runs a bundled action the way the GitHub Actions runner does: `node <runs.main>` with
 * INPUT_* variables (defaults from action.yml filled in), real GITHUB_OUTPUT,
 * GITHUB_STEP_SUMMARY, GITHUB_ENV, GITHUB_STATE and GITHUB_PATH files, then parses what the
 * step wrote: outputs, summary, exported env, workflow commands (annotations, masks).
 */
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parse } from 'yaml';

export interface WorkflowCommand {
  command: string;
  properties: Record<string, string>;
  message: string;
}

export interface ActionRun {
  exitCode: number;
  stdout: string;
  stderr: string;
  outputs: Record<string, string>;
  summary: string;
  env: Record<string, string>;
  commands: WorkflowCommand[];
  /** `::error`, `::warning`, `::notice` commands. */
  annotations: WorkflowCommand[];
  masks: string[];
}

interface ActionYaml {
  inputs?: Record<string, { default?: string; required?: boolean }>;
  runs: { using: string; main: string };
}

export interface RunOptions {
  workspace?: string;
  env?: Record<string, string>;
  timeoutMs?: number;
}

/** The runner's input variable name: spaces to `_`, upper-cased. */
export function inputEnvName(name: string): string {
  return `INPUT_${name.replace(/ /g, '_').toUpperCase()}`;
}

export async function runAction(
  actionDir: string,
  inputs: Record<string, string>,
  opts: RunOptions = {},
): Promise<ActionRun> {
  const meta = parse(await readFile(join(actionDir, 'action.yml'), 'utf8')) as ActionYaml;
  if (meta.runs.using !== 'node24')
    throw new Error(`${actionDir}: runs.using is ${meta.runs.using}`);
  const main = resolve(actionDir, meta.runs.main);
  const temp = await mkdtemp(join(tmpdir(), 'cutover-runner-'));
  const files = {
    GITHUB_OUTPUT: join(temp, 'output'),
    GITHUB_STEP_SUMMARY: join(temp, 'summary'),
    GITHUB_ENV: join(temp, 'env'),
    GITHUB_STATE: join(temp, 'state'),
    GITHUB_PATH: join(temp, 'path'),
  };
  await Promise.all(Object.values(files).map((f) => writeFile(f, '')));

  const env: Record<string, string> = {
    ...networkTrust(),
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? temp,
    GITHUB_ACTIONS: 'true',
    CI: 'true',
    RUNNER_TEMP: temp,
    RUNNER_OS: 'Linux',
    GITHUB_WORKSPACE: opts.workspace ?? process.cwd(),
    GITHUB_REPOSITORY: 'acme/shop',
    GITHUB_RUN_ID: '1',
    GITHUB_SHA: '0000000000000000000000000000000000000000',
    ...files,
    ...opts.env,
  };
  for (const [name, def] of Object.entries(meta.inputs ?? {})) {
    env[inputEnvName(name)] = inputs[name] ?? def.default ?? '';
  }
  for (const [name, value] of Object.entries(inputs)) env[inputEnvName(name)] = value;

  const { exitCode, stdout, stderr } = await spawnNode(main, env, opts.workspace, opts.timeoutMs);
  const commands = parseCommands(stdout);
  return {
    exitCode,
    stdout,
    stderr,
    outputs: parseFileCommand(await readFile(files.GITHUB_OUTPUT, 'utf8')),
    summary: await readFile(files.GITHUB_STEP_SUMMARY, 'utf8'),
    env: parseFileCommand(await readFile(files.GITHUB_ENV, 'utf8')),
    commands,
    annotations: commands.filter((c) => ['error', 'warning', 'notice'].includes(c.command)),
    masks: commands.filter((c) => c.command === 'add-mask').map((c) => c.message),
  };
}

/**
 * The machine's proxy and CA settings: a runner hands its own environment to each step, so
 * npm, pip and go behind a TLS-intercepting proxy trust it there too. Nothing else leaks in
 * (no KUBECONFIG, no test-process state).
 */
function networkTrust(): Record<string, string> {
  const trust = /(^|_)(proxy|ssl|cert|certs|ca_bundle|cainfo|cafile)(_|$)/i;
  return Object.fromEntries(
    Object.entries(process.env).filter(
      (e): e is [string, string] => trust.test(e[0]) && e[1] !== undefined,
    ),
  );
}

function spawnNode(
  main: string,
  env: Record<string, string>,
  cwd: string | undefined,
  timeoutMs = 120_000,
): Promise<{ exitCode: number; stdout: string; stderr: string }> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [main], { env, cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', fail);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      done({ exitCode: code ?? (signal ? 128 : 1), stdout, stderr });
    });
  });
}

/** GITHUB_OUTPUT / GITHUB_ENV format: `name=value` or `name<<DELIM` … `DELIM`. */
export function parseFileCommand(text: string): Record<string, string> {
  const result: Record<string, string> = {};
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (line === '') continue;
    const heredoc = /^([^=<]+)<<(.+)$/.exec(line);
    if (heredoc) {
      const [, name, delim] = heredoc;
      const value: string[] = [];
      while (++i < lines.length && lines[i] !== delim) value.push(lines[i]!);
      result[name!] = value.join('\n');
    } else {
      const eq = line.indexOf('=');
      result[line.slice(0, eq)] = line.slice(eq + 1);
    }
  }
  return result;
}

const unescapeData = (s: string) =>
  s.replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%25/g, '%');
const unescapeProperty = (s: string) => unescapeData(s).replace(/%3A/g, ':').replace(/%2C/g, ',');

/** `::command key=value,key=value::message` lines of stdout. */
export function parseCommands(stdout: string): WorkflowCommand[] {
  const result: WorkflowCommand[] = [];
  // As the runner does: after `::stop-commands::TOKEN` nothing is a command until `::TOKEN::`.
  let stoppedBy: string | undefined;
  for (const line of stdout.split('\n')) {
    if (stoppedBy !== undefined) {
      if (line.trim() === `::${stoppedBy}::`) stoppedBy = undefined;
      continue;
    }
    const m = /^::([a-z-]+)(?: ([^:]*))?::(.*)$/.exec(line);
    if (!m) continue;
    if (m[1] === 'stop-commands') {
      stoppedBy = m[3];
      continue;
    }
    const properties: Record<string, string> = {};
    for (const pair of (m[2] ?? '').split(',').filter(Boolean)) {
      const eq = pair.indexOf('=');
      properties[pair.slice(0, eq)] = unescapeProperty(pair.slice(eq + 1));
    }
    result.push({ command: m[1]!, properties, message: unescapeData(m[3] ?? '') });
  }
  return result;
}
