import { planStage } from '../../stages/catalog.ts';
import type { CommandArgs } from '../command.ts';
import { runStage } from '../run-stage.ts';

export async function run(args: CommandArgs): Promise<number> {
  const { config, image } = args.values as { config: string; image?: string };
  await runStage(planStage, { config, image }, args);
  return 0;
}
