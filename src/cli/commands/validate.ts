import { loadConfig } from '../../config/index.ts';
import type { CommandArgs } from '../command.ts';

export async function run({ values, out }: CommandArgs): Promise<number> {
  const file = values.config as string;
  const { config } = await loadConfig(file);
  const rings = config.rings.map((r) => r.name).join(' → ');
  out(
    `${file}: valid. App ${config.app.name}, ${config.tenants.length} tenants in rings ${rings}.`,
  );
  return 0;
}
