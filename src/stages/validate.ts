import * as core from '@actions/core';
import { resolve } from 'node:path';
import { loadConfig } from '../config/index.ts';
import type { InputValues } from '../github/inputs.ts';
import type { validateInputs } from './inputs.ts';

export async function run(inputs: InputValues<typeof validateInputs>): Promise<void> {
  const file = resolve(process.env.GITHUB_WORKSPACE ?? process.cwd(), inputs.config);
  const { config } = await loadConfig(file);
  const rings = config.rings.map((r) => r.name);
  core.setOutput('tenants', config.tenants.length);
  core.setOutput('rings', JSON.stringify(rings));
  core.info(`${inputs.config} is valid: ${config.tenants.length} tenants in ${rings.length} rings`);
  await core.summary
    .addHeading('cutover: config valid', 3)
    .addRaw(
      `\`${inputs.config}\`: app \`${config.app.name}\`, ${config.tenants.length} tenants in rings ${rings.map((r) => `\`${r}\``).join(' → ')}.`,
      true,
    )
    .write();
}
