// The CLI in-process, its output captured: what the CLI tests call.
import { resolve } from 'node:path';
import { main } from '../../../src/cli/main.ts';

/** examples/cutover.yaml: six tenants in three rings; staging has two tenants in two rings. */
export const example = resolve(import.meta.dirname, '../../../examples/cutover.yaml');

export async function cli(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, { out: (t) => out.push(t), err: (t) => err.push(t) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}
