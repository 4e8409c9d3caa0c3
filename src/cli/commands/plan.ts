import { planStage } from '../../stages/catalog.ts';
import type { CommandArgs } from '../command.ts';
import { runStage } from '../run-stage.ts';

export async function run(args: CommandArgs): Promise<number> {
  const { config, environment, image } = args.values as {
    config: string;
    environment?: string;
    image?: string;
  };
  await runStage(planStage, { config, environment, image }, args);
  return 0;
}
