import { validateStage } from '../../stages/catalog.ts';
import type { CommandArgs } from '../command.ts';
import { runStage } from '../run-stage.ts';

export async function run(args: CommandArgs): Promise<number> {
  await runStage(validateStage, { config: args.values.config as string }, args);
  return 0;
}
