import { parseArgs } from 'node:util';
import { CutoverError, ExitCode, exitCodeFor, isCutoverError } from '../errors.ts';
import type { Command, CommandArgs } from './command.ts';
import { commands } from './commands/index.ts';

const VERSION = '0.1.0';

export interface Io {
  out: (text: string) => void;
  err: (text: string) => void;
}

const stdio: Io = {
  out: (t) => process.stdout.write(t + '\n'),
  err: (t) => process.stderr.write(t + '\n'),
};

export function topHelp(): string {
  const width = Math.max(...commands.map((c) => c.name.length));
  return [
    'cutover: blue/green, ring-by-ring deploys of multi-tenant apps on Kubernetes',
    '',
    'Usage: cutover <command> [flags]',
    '',
    'Commands:',
    ...commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'Flags: -h, --help (on any command), -v, --version',
    'Exit codes: 0 ok, 1 the command ran and failed, 2 bad config, input or usage (nothing done)',
  ].join('\n');
}

export function commandHelp(c: Command): string {
  const width = Math.max(...c.flags.map(([f]) => f.length), 10);
  return [
    `${c.summary}`,
    '',
    `Usage: ${c.usage}`,
    '',
    'Flags:',
    ...c.flags.map(([f, t]) => `  ${f.padEnd(width)}  ${t}`),
    `  ${'-h, --help'.padEnd(width)}  show this help`,
  ].join('\n');
}

/** Runs the CLI on argv (without node and script) and returns the exit code. */
export async function main(argv: string[], io: Io = stdio): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '-h' || name === '--help' || name === 'help') {
    io.out(topHelp());
    return name === undefined ? ExitCode.invalid : ExitCode.ok;
  }
  if (name === '-v' || name === '--version') {
    io.out(VERSION);
    return ExitCode.ok;
  }
  const command = commands.find((c) => c.name === name);
  try {
    if (!command) {
      throw new CutoverError('USAGE', `unknown command \`${name}\``, {
        hint: `run \`cutover --help\`; commands: ${commands.map((c) => c.name).join(', ')}`,
      });
    }
    if (rest.includes('-h') || rest.includes('--help')) {
      io.out(commandHelp(command));
      return ExitCode.ok;
    }
    const parsed = parseCommandArgs(command, rest);
    const impl = await command.load();
    return await impl.run({ ...parsed, out: io.out, err: io.err });
  } catch (e) {
    io.err(isCutoverError(e) ? e.format() : `error: ${e instanceof Error ? e.message : String(e)}`);
    return exitCodeFor(e);
  }
}

function parseCommandArgs(
  command: Command,
  args: string[],
): Pick<CommandArgs, 'values' | 'positionals'> {
  try {
    const { values, positionals } = parseArgs({
      args,
      options: command.options,
      allowPositionals: Boolean(command.subcommands),
      strict: true,
    });
    if (command.subcommands) {
      const [sub, ...extra] = positionals;
      if (!sub || !command.subcommands.includes(sub) || extra.length > 0) {
        throw new Error(`expected one of ${command.subcommands.join(', ')}`);
      }
    }
    return { values, positionals };
  } catch (e) {
    throw new CutoverError('USAGE', `cutover ${command.name}: ${(e as Error).message}`, {
      hint: `usage: ${command.usage}`,
    });
  }
}
