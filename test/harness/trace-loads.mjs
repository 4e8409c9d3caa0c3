// Preloaded with --import in harness runs: records every module file the action loads,
// so tests can prove a stage loads only what it uses.
import { registerHooks } from 'node:module';
import { appendFileSync } from 'node:fs';

const out = process.env.CUTOVER_TRACE_LOADS;
registerHooks({
  load(url, context, nextLoad) {
    if (out && url.startsWith('file:')) appendFileSync(out, url + '\n');
    return nextLoad(url, context);
  },
});
