/**
 * Where the entry of a helper process of the local cluster (bridge-main, responder-main)
 * is: beside this module when it runs from the TypeScript sources (Node strips the
 * types), or the bundle's dist/local/<name>.js that scripts/build.ts writes.
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { CutoverError } from '../errors.ts';

export type LocalEntry = 'bridge-main' | 'responder-main';

export function localEntry(name: LocalEntry): string {
  const here = fileURLToPath(import.meta.url);
  const dir = dirname(here);
  const candidates = here.endsWith('.ts')
    ? [join(dir, `${name}.ts`)]
    : [join(dir, 'local', `${name}.js`), join(dir, '..', 'local', `${name}.js`)];
  const found = candidates.find((p) => existsSync(p));
  if (!found) {
    throw new CutoverError('LOCAL_CLUSTER', `the ${name} entry is missing (${candidates[0]})`, {
      hint: 'rebuild dist/ with npm run build',
    });
  }
  return found;
}
