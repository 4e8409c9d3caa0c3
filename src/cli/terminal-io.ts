import type { ReportBlock, SourceLocation, StageIO } from '../stages/io.ts';
import type { OutputSpec, OutputValues } from '../stages/outputs.ts';
import { renderTable } from './table.ts';

export interface TerminalIO<O extends OutputSpec> extends StageIO<O> {
  /** What the stage set, for `--json` and for the CLI's exit code. */
  readonly outputs: OutputValues<O>;
}

/**
 * The stage I/O of a terminal: the report as plain text on stdout, progress and warnings on
 * stderr. With `json`, stdout is kept for the outputs object alone (the report goes to
 * stderr), so `cutover plan --json | jq` works.
 */
export function terminalIO<O extends OutputSpec>(opts: {
  out: (text: string) => void;
  err: (text: string) => void;
  json?: boolean;
  cwd?: string;
}): TerminalIO<O> {
  const outputs: OutputValues<O> = {};
  const reportTo = opts.json ? opts.err : opts.out;
  let reported = 0;
  return {
    workspace: opts.cwd ?? process.cwd(),
    outputs,
    setOutput(name, value) {
      (outputs as Record<string, unknown>)[name] = value;
    },
    progress: (message) => opts.err(message),
    warning(message, location) {
      opts.err(`warning: ${placeOf(location)}${message}`);
    },
    annotate(a) {
      const title = a.title ? `${a.title}: ` : '';
      opts.err(`${placeOf(a.location)}${a.level}: ${title}${a.message}`);
    },
    // A terminal has no log to keep secrets out of; the stage never prints them anyway.
    mask: () => {},
    verbatim: (fn) => fn(),
    report(...blocks) {
      for (const b of blocks) {
        // A blank line between blocks, none before the first.
        reportTo(`${reported++ > 0 ? '\n' : ''}${renderBlock(b)}`);
      }
    },
  };
}

const placeOf = (l: SourceLocation | undefined) =>
  l ? `${l.file}${l.line ? `:${l.line}` : ''}${l.column ? `:${l.column}` : ''}: ` : '';

/** Markdown's inline code marks mean nothing in a terminal. */
const plain = (s: string) => s.replace(/`([^`]*)`/g, '$1');

export function renderBlock(b: ReportBlock): string {
  switch (b.kind) {
    case 'heading':
      return plain(b.text);
    case 'text':
      return plain(b.text);
    case 'table':
      return renderTable(b.headers, b.rows);
    case 'list':
      return b.items.map((i) => `- ${plain(i)}`).join('\n');
    case 'details':
      return [`${plain(b.label)}:`, ...b.lines].join('\n');
    case 'chart':
      return [
        `${plain(b.title)} (${b.x.join(' ')}):`,
        ...b.series.map(
          (s) => `  ${s.name}: ${s.values.map((v) => (v === null ? '-' : String(v))).join(' ')}`,
        ),
      ].join('\n');
  }
}
