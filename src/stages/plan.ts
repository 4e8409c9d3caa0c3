import { resolve } from 'node:path';
import { loadConfig } from '../config/index.ts';
import {
  buildRolloutPlan,
  movingTenantCount,
  planHeaders,
  planRows,
  workflowPhases,
} from '../release/rollout-plan.ts';
import type { planInputs } from './inputs.ts';
import { heading, table, text } from './io.ts';
import type { planOutputs } from './output-specs.ts';
import type { StageRun } from './stage.ts';

export const run: StageRun<typeof planInputs, typeof planOutputs> = async (inputs, io) => {
  const { config, environment } = await loadConfig(resolve(io.workspace, inputs.config), {
    environment: inputs.environment,
  });
  const plan = buildRolloutPlan(config, inputs.image, environment?.url);
  io.setOutput('plan', plan);
  io.setOutput('tenants', movingTenantCount(plan));
  io.setOutput('phases', workflowPhases(plan));
  io.setOutput('url', plan.url ?? '');
  io.report(
    heading(`cutover plan: ${plan.app}${environment ? ` in ${environment.name}` : ''}`),
    text(`Image \`${plan.image ?? '(set by the pipeline)'}\`, routing \`${plan.method}\`.`),
    table(planHeaders, planRows(plan)),
  );
};
