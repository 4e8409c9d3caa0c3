import { rollbackStage } from '../../stages/catalog.ts';
import type { CommandArgs } from '../command.ts';
import { releaseScope } from './release-flags.ts';
import { runStage } from '../run-stage.ts';

export async function run(args: CommandArgs): Promise<number> {
  const v = args.values;
  await runStage(
    rollbackStage,
    {
      ...releaseScope(v),
      reason: (v.reason as string | undefined) ?? 'rollback requested',
      timeout: (v.timeout as string | undefined) ?? '5m',
      to: v.to as string | undefined,
    },
    args,
  );
  return 0;
}
