import { rollbackTenant } from '../release/rollback.ts';
import { runReleaseOp } from '../release/run.ts';
import type { rollbackInputs } from './inputs.ts';
import type { rollbackOutputs } from './output-specs.ts';
import { releaseRunOptions, reportResults, timeoutOf } from './release-run.ts';
import type { StageRun } from './stage.ts';

export const run: StageRun<typeof rollbackInputs, typeof rollbackOutputs> = async (inputs, io) => {
  const timeoutMs = timeoutOf(inputs.timeout);
  const opts = await releaseRunOptions(inputs, io);
  // Every tenant asked for is rolled back, whatever happens to the others.
  const results = await runReleaseOp({ ...opts, haltOnFailure: false }, (ctx, template) =>
    rollbackTenant(ctx, { reason: inputs.reason, template, timeoutMs, to: inputs.to || undefined }),
  );
  io.setOutput(
    'rolled-back',
    results.filter((r) => r.status === 'ok' && r.value.action !== 'unchanged').length,
  );
  reportResults(io, `cutover rollback (${inputs.reason})`, results, (r) => ({
    action: r.action,
    live: r.live,
    version: r.version,
    detail: r.from ? `from ${r.from}` : undefined,
  }));
};
