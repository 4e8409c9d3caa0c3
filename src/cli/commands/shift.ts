import { shiftTrafficStage } from '../../stages/catalog.ts';
import type { CommandArgs } from '../command.ts';
import { releaseScope } from './release-flags.ts';
import { runStage } from '../run-stage.ts';

export async function run(args: CommandArgs): Promise<number> {
  const v = args.values;
  await runStage(
    shiftTrafficStage,
    {
      ...releaseScope(v),
      weight: (v.weight as string | undefined) ?? '',
      image: v.image as string | undefined,
    },
    args,
  );
  return 0;
}
