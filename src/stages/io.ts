import type { OutputSpec, OutputValue } from './outputs.ts';

/**
 * Everything a stage says, written once for both front ends: the action's I/O turns it into
 * step outputs, the job summary and annotations (@actions/core); the terminal's into tables
 * and progress lines (or JSON with --json). The stage never knows which one runs it.
 */
export interface StageIO<O extends OutputSpec> {
  /** Where relative paths in the inputs start: the workspace in a job, the cwd in a terminal. */
  readonly workspace: string;
  /** Sets an output that the stage's catalog entry declares, with a value of its kind. */
  setOutput<K extends keyof O & string>(name: K, value: OutputValue<O[K]>): void;
  /** A line of progress on a long wait: the job log, or the terminal's stderr. */
  progress(message: string): void;
  /** Something the user should look at that does not fail the stage. */
  warning(message: string, location?: SourceLocation): void;
  /**
   * A finding at a place in the repository (a lint error, a failed test): an annotation on
   * the commit in a job, a `file:line:col: level: message` line in a terminal.
   */
  annotate(annotation: Annotation): void;
  /** A value derived from a secret (a token, an encoded credential): masked in job logs. */
  mask(secret: string): void;
  /**
   * Runs `fn` while it prints other programs' output with `progress`: in a job, workflow
   * commands are stopped meanwhile, so a tool's text (`::error::`, `::add-mask::`...) never
   * becomes one. Annotate after, not inside.
   */
  verbatim<T>(fn: () => Promise<T>): Promise<T>;
  /** Appends to the stage's report: the job summary, or the terminal's stdout. */
  report(...blocks: ReportBlock[]): void;
}

export interface SourceLocation {
  file: string;
  line?: number;
  column?: number;
}

export interface Annotation {
  level: 'error' | 'warning' | 'notice';
  message: string;
  /** Shown in bold above the message (e.g. the rule, or the failed test's name). */
  title?: string;
  location?: SourceLocation & { endLine?: number; endColumn?: number };
}

/** The pieces a stage report is made of; each front end renders them its own way. */
export type ReportBlock =
  | { kind: 'heading'; text: string }
  | { kind: 'text'; text: string }
  | { kind: 'table'; headers: string[]; rows: string[][] }
  | { kind: 'list'; items: string[] }
  /** Long detail (a diff, a log): folded away in the job summary, printed in a terminal. */
  | { kind: 'details'; label: string; lines: string[]; language?: string }
  /** Values over time: a Mermaid xychart in the job summary, the numbers in a terminal. */
  | ChartBlock;

export interface ChartBlock {
  kind: 'chart';
  title: string;
  /** The x axis: one label per point (`r1`, `r2`...). */
  x: string[];
  /** One line each; `values[i]` belongs to `x[i]` (null: not measured then). */
  series: { name: string; values: (number | null)[] }[];
  yLabel?: string;
}

export const heading = (text: string): ReportBlock => ({ kind: 'heading', text });
export const text = (t: string): ReportBlock => ({ kind: 'text', text: t });
export const table = (headers: string[], rows: string[][]): ReportBlock => ({
  kind: 'table',
  headers,
  rows,
});
export const list = (items: string[]): ReportBlock => ({ kind: 'list', items });
export const details = (label: string, lines: string[], language?: string): ReportBlock => ({
  kind: 'details',
  label,
  lines,
  ...(language ? { language } : {}),
});

export const chart = (c: Omit<ChartBlock, 'kind'>): ReportBlock => ({ kind: 'chart', ...c });
