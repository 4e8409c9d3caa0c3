/**
 * A chart block as Mermaid's `xychart-beta`, which GitHub renders in job summaries. Each
 * series is a line; a value not measured in a round repeats the one before (xychart has
 * no gaps), and a chart with several lines names them in order in its title.
 */
import type { ChartBlock } from '../stages/io.ts';

export function mermaidChart(c: ChartBlock): string {
  const quote = (s: string) => `"${s.replace(/"/g, "'")}"`;
  const names = c.series.length > 1 ? ` (${c.series.map((s) => s.name).join(', ')})` : '';
  const lines = c.series.map((s) => `  line [${filled(s.values).map(num).join(', ')}]`);
  const all = c.series.flatMap((s) => s.values.filter((v): v is number => v !== null));
  const top = all.length ? Math.max(...all) : 1;
  const bottom = all.length ? Math.min(0, ...all) : 0;
  return [
    'xychart-beta',
    `  title ${quote(c.title + names)}`,
    `  x-axis [${c.x.map(quote).join(', ')}]`,
    `  y-axis ${quote(c.yLabel ?? '')} ${num(bottom)} --> ${num(top > bottom ? top * 1.1 : bottom + 1)}`,
    ...lines,
  ].join('\n');
}

function filled(values: (number | null)[]): number[] {
  let last = 0;
  return values.map((v) => (v === null ? last : (last = v)));
}

const num = (n: number) => String(Number(n.toPrecision(6)));
