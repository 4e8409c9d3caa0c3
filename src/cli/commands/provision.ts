import { provisionStage } from '../../stages/catalog.ts';
import type { CommandArgs } from '../command.ts';
import { runStage } from '../run-stage.ts';

/** Exit code of `--dry-run --detect-drift` when anything would change. */
const DRIFT_FOUND = 3;

export async function run(args: CommandArgs): Promise<number> {
  const v = args.values;
  const outputs = await runStage(
    provisionStage,
    {
      config: v.config as string,
      environment: v.environment as string | undefined,
      kubeconfig: undefined,
      kubeconfigFile: v.kubeconfig as string | undefined,
      context: v.context as string | undefined,
      'dry-run': Boolean(v['dry-run']),
      'allow-namespace-deletion': Boolean(v['allow-namespace-deletion']),
    },
    args,
  );
  return v['dry-run'] && v['detect-drift'] && (outputs.changes ?? 0) > 0 ? DRIFT_FOUND : 0;
}
