import { resolve } from 'node:path';
import { loadConfig, loadEveryEnvironment, type LoadedConfig } from '../config/index.ts';
import type { validateInputs } from './inputs.ts';
import { heading, table, text } from './io.ts';
import type { validateOutputs } from './output-specs.ts';
import type { StageRun } from './stage.ts';

/** Tenant ids in a table cell: a few by name, a long list counted. */
const SHOWN_TENANTS = 6;

/**
 * Checks the file as written and with each of its environments: one bad overlay fails the
 * check that a pull request runs, not the deploy of that environment days later. The
 * `environment` input only picks which config the outputs describe.
 */
export const run: StageRun<typeof validateInputs, typeof validateOutputs> = async (inputs, io) => {
  const file = resolve(io.workspace, inputs.config);
  const every = await loadEveryEnvironment(file);
  const chosen = inputs.environment
    ? (every.environments.find((e) => e.environment.name === inputs.environment) ??
      // Not one of them: loading it throws the error that names the environments there are.
      (await loadConfig(file, { environment: inputs.environment })))
    : every.base;
  const { config } = chosen;
  const rings = config.rings.map((r) => r.name);
  io.setOutput('tenants', config.tenants.length);
  io.setOutput('rings', rings);
  io.setOutput(
    'environments',
    every.environments.map((e) => ({
      name: e.environment.name,
      context: e.environment.context ?? null,
      url: e.environment.url ?? null,
      tenants: e.config.tenants.length,
      rings: e.config.rings.map((r) => r.name),
    })),
  );
  const which = chosen.environment ? `Environment \`${chosen.environment.name}\`: app` : 'App';
  io.report(
    heading('cutover: config valid'),
    text(
      `\`${inputs.config}\`: valid. ${which} \`${config.app.name}\`, ${tenantsText(chosen, (id) => `\`${id}\``)} in rings ${rings.map((r) => `\`${r}\``).join(' → ')}.`,
    ),
  );
  if (every.environments.length > 0)
    io.report(
      text('Each environment is valid with its settings applied to the file:'),
      table(
        ['environment', 'context', 'tenants', 'rings', 'url'],
        every.environments.map((e) => [
          e.environment.name,
          e.environment.context ?? '(the current one)',
          tenantsText(e, (id) => id),
          e.config.rings.map((r) => r.name).join(', '),
          e.environment.url ?? '',
        ]),
      ),
    );
};

function tenantsText({ config }: LoadedConfig, show: (id: string) => string): string {
  const ids = config.tenants.map((t) => show(t.id));
  const n = `${ids.length} tenant${ids.length === 1 ? '' : 's'}`;
  return ids.length > SHOWN_TENANTS ? n : `${n} (${ids.join(', ')})`;
}
