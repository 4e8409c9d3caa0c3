import { validateStage } from '../../stages/catalog.ts';
import type { CommandArgs } from '../command.ts';
import { runStage } from '../run-stage.ts';

export async function run(args: CommandArgs): Promise<number> {
  const { config, environment } = args.values as { config: string; environment?: string };
  await runStage(validateStage, { config, environment }, args);
  return 0;
}
