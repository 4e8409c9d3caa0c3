import { loadConfig } from '../../config/index.ts';
import { buildRolloutPlan, planHeaders, planRows } from '../../release/rollout-plan.ts';
import type { CommandArgs } from '../command.ts';
import { renderTable } from '../table.ts';

export async function run({ values, out }: CommandArgs): Promise<number> {
  const { config } = await loadConfig(values.config as string);
  const plan = buildRolloutPlan(config, values.image as string | undefined);
  if (values.json) {
    out(JSON.stringify(plan, null, 2));
    return 0;
  }
  out(
    `Rollout plan for ${plan.app}: image ${plan.image ?? '(set by the pipeline)'}, routing ${plan.method}`,
  );
  out('');
  out(renderTable(planHeaders, planRows(plan)));
  return 0;
}
