import { lintTestStage } from '../../stages/catalog.ts';
import type { CommandArgs } from '../command.ts';
import { runStage } from '../run-stage.ts';

export async function run(args: CommandArgs): Promise<number> {
  const v = args.values;
  const outputs = await runStage(
    lintTestStage,
    {
      config: (v.config as string | undefined) ?? 'cutover.yaml',
      'working-directory': v['working-directory'] as string | undefined,
    },
    args,
  );
  return outputs.passed ? 0 : 1;
}
