import type { InputSpec } from '../github/inputs.ts';
import type { OutputSpec, OutputValues } from '../stages/outputs.ts';
import type { StageDef, StageInputs } from '../stages/stage.ts';
import type { CommandArgs } from './command.ts';
import { terminalIO } from './terminal-io.ts';

/**
 * Runs a stage from a terminal: the same implementation the action runs, with the terminal
 * I/O. With `--json`, prints the outputs as one JSON object on stdout, also when the stage
 * fails after setting some (the error still goes to stderr and sets the exit code).
 */
export async function runStage<S extends InputSpec, O extends OutputSpec>(
  stage: StageDef<S, O>,
  inputs: StageInputs<S>,
  args: Pick<CommandArgs, 'values' | 'out' | 'err'>,
): Promise<OutputValues<O>> {
  const json = Boolean(args.values.json);
  const io = terminalIO<O>({ out: args.out, err: args.err, json });
  const impl = await stage.load();
  try {
    await impl.run(inputs, io);
  } finally {
    if (json) args.out(JSON.stringify(io.outputs, null, 2));
  }
  return io.outputs;
}
