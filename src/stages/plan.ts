import * as core from '@actions/core';
import { resolve } from 'node:path';
import { loadConfig } from '../config/index.ts';
import type { InputValues } from '../github/inputs.ts';
import {
  buildRolloutPlan,
  movingTenantCount,
  planHeaders,
  planRows,
} from '../release/rollout-plan.ts';
import { renderTable } from '../cli/table.ts';
import type { planInputs } from './inputs.ts';

export async function run(inputs: InputValues<typeof planInputs>): Promise<void> {
  const file = resolve(process.env.GITHUB_WORKSPACE ?? process.cwd(), inputs.config);
  const { config } = await loadConfig(file);
  const plan = buildRolloutPlan(config, inputs.image);
  const rows = planRows(plan);
  core.setOutput('plan', JSON.stringify(plan));
  core.setOutput('tenants', movingTenantCount(plan));
  core.info(renderTable(planHeaders, rows));
  await core.summary
    .addHeading(`cutover plan: ${plan.app}`, 3)
    .addRaw(`Image \`${plan.image ?? '(set by the pipeline)'}\`, routing \`${plan.method}\`.`, true)
    .addTable([planHeaders.map((h) => ({ data: h, header: true })), ...rows])
    .write();
}
