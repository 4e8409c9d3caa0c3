import { deployColorStage } from '../../stages/catalog.ts';
import type { CommandArgs } from '../command.ts';
import { releaseScope } from './release-flags.ts';
import { runStage } from '../run-stage.ts';

export async function run(args: CommandArgs): Promise<number> {
  const v = args.values;
  await runStage(
    deployColorStage,
    {
      ...releaseScope(v),
      image: v.image as string | undefined,
      workload: v.workload as string | undefined,
      timeout: (v.timeout as string | undefined) ?? '5m',
    },
    args,
  );
  return 0;
}
