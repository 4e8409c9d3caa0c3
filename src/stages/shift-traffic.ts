import { agreed } from '../release/report.ts';
import { runReleaseOp } from '../release/run.ts';
import { parseWeightRequest, shiftTenant } from '../release/shift.ts';
import type { shiftTrafficInputs } from './inputs.ts';
import type { shiftTrafficOutputs } from './output-specs.ts';
import { releaseRunOptions, reportResults } from './release-run.ts';
import type { StageRun } from './stage.ts';

export const run: StageRun<typeof shiftTrafficInputs, typeof shiftTrafficOutputs> = async (
  inputs,
  io,
) => {
  const request = parseWeightRequest(inputs.weight);
  const opts = await releaseRunOptions(inputs, io);
  const results = await runReleaseOp(opts, (ctx, template) =>
    shiftTenant(ctx, request, template, inputs.image || undefined),
  );
  for (const r of results)
    if (r.status === 'ok' && r.value.verdict.result === 'cannot-tell')
      io.warning(
        `${r.item.id}: the route holds ${r.value.weight}%, but whether the data plane serves it cannot be told: ${r.value.verdict.reason}`,
      );
  io.setOutput('weight', agreed(results, (r) => r.weight) ?? 0);
  io.setOutput(
    'promoted',
    results.every((r) => r.status !== 'ok' || r.value.action.includes('promoted')) &&
      results.some((r) => r.status === 'ok'),
  );
  reportResults(io, `cutover shift-traffic ${inputs.weight}`, results, (r) => ({
    action: r.action,
    live: r.live,
    color: r.candidate,
    weight: r.weight,
    version: r.version,
    detail:
      [
        r.testers ? 'testers on the new color' : '',
        r.retired ? `old color ${r.retired}` : '',
        ...r.notes,
      ]
        .filter(Boolean)
        .join('; ') || undefined,
  }));
};
