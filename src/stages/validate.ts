import { resolve } from 'node:path';
import { loadConfig } from '../config/index.ts';
import type { validateInputs } from './inputs.ts';
import { heading, text } from './io.ts';
import type { validateOutputs } from './output-specs.ts';
import type { StageRun } from './stage.ts';

export const run: StageRun<typeof validateInputs, typeof validateOutputs> = async (inputs, io) => {
  const { config } = await loadConfig(resolve(io.workspace, inputs.config));
  const rings = config.rings.map((r) => r.name);
  io.setOutput('tenants', config.tenants.length);
  io.setOutput('rings', rings);
  io.report(
    heading('cutover: config valid'),
    text(
      `\`${inputs.config}\`: valid. App \`${config.app.name}\`, ${config.tenants.length} tenants in rings ${rings.map((r) => `\`${r}\``).join(' → ')}.`,
    ),
  );
};
