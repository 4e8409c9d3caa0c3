import { readInputs } from '../../github/inputs.ts';
import { packageArtifactStage } from '../../stages/catalog.ts';
import { packageArtifactInputs } from '../../stages/inputs.ts';
import type { CommandArgs } from '../command.ts';
import { runStage } from '../run-stage.ts';

/** A password on the command line would sit in `ps` and the shell history: it comes from the environment. */
export const PASSWORD_ENV = 'CUTOVER_REGISTRY_PASSWORD';

export async function run(args: CommandArgs): Promise<number> {
  const v = args.values;
  const flag = (name: string) => (v[name] as string | boolean | undefined)?.toString() ?? '';
  // Checked as the action checks its inputs: one message per bad value.
  const inputs = readInputs(packageArtifactInputs, (name) =>
    name === 'registry-password'
      ? (process.env[PASSWORD_ENV] ?? '')
      : flag(name === 'registry-username' ? 'username' : name),
  );
  await runStage(packageArtifactStage, inputs, args);
  return 0;
}
