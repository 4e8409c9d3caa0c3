import { readInputs } from '../../github/inputs.ts';
import { healthGateInputs } from '../../stages/inputs.ts';
import { healthGateStage } from '../../stages/catalog.ts';
import type { CommandArgs } from '../command.ts';
import { releaseScope } from './release-flags.ts';
import { runStage } from '../run-stage.ts';

export async function run(args: CommandArgs): Promise<number> {
  const v = args.values;
  // The flags are checked as the action checks its inputs: one message per bad value.
  const flags = readInputs(
    {
      color: healthGateInputs.color,
      count: healthGateInputs.count,
      interval: healthGateInputs.interval,
    },
    (name) => (v[name] as string | undefined) ?? '',
  );
  const outputs = await runStage(healthGateStage, { ...releaseScope(v), ...flags }, args);
  return outputs.passed ? 0 : 1;
}
