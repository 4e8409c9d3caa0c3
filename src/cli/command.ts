import type { ParseArgsOptionsConfig } from 'node:util';

/** One `cutover <name>` command: its help text, its flags, and a lazily loaded body. */
export interface Command {
  name: string;
  summary: string;
  usage: string;
  options: ParseArgsOptionsConfig;
  /** Flag descriptions for --help, in order. */
  flags: [flag: string, text: string][];
  /** Loaded on use, so `cutover validate` never loads the Kubernetes client. */
  load: () => Promise<{ run(args: CommandArgs): Promise<number> }>;
  /** Subcommands, for `cutover local up|down|env`. */
  subcommands?: string[];
}

export interface CommandArgs {
  values: Record<string, string | boolean | (string | boolean)[] | undefined>;
  positionals: string[];
  out: (text: string) => void;
  err: (text: string) => void;
}
