import { resolve } from 'node:path';
import { configImage } from '../release/rollout-plan.ts';
import { deployTenant } from '../release/deploy.ts';
import { parseImage } from '../release/image.ts';
import { agreed } from '../release/report.ts';
import { runReleaseOp } from '../release/run.ts';
import { CutoverError } from '../errors.ts';
import type { deployColorInputs } from './inputs.ts';
import type { deployColorOutputs } from './output-specs.ts';
import { releaseRunOptions, reportResults, timeoutOf } from './release-run.ts';
import type { StageRun } from './stage.ts';

export const run: StageRun<typeof deployColorInputs, typeof deployColorOutputs> = async (
  inputs,
  io,
) => {
  const timeoutMs = timeoutOf(inputs.timeout);
  const opts = await releaseRunOptions(inputs, io);
  const ref = inputs.image || configImage(opts.config);
  if (!ref)
    throw new CutoverError(
      'INPUT_MISSING',
      'input `image`: no image given and the config has no image.tag or image.digest',
      {
        hint: 'pass the image the build pushed, as `repository@sha256:<digest>`',
      },
    );
  const image = parseImage(ref);
  if (!image.digest)
    io.warning(
      `deploying ${ref} by tag: a tag can move; a digest (\`@sha256:...\`) pins exactly what was tested`,
    );
  const results = await runReleaseOp(
    { ...opts, workloadFile: inputs.workload ? resolve(io.workspace, inputs.workload) : undefined },
    (ctx, template) => deployTenant(ctx, { image, template, timeoutMs }),
  );
  io.setOutput('color', agreed(results, (r) => r.color) ?? '');
  io.setOutput('live-color', agreed(results, (r) => r.live) ?? '');
  reportResults(io, `cutover deploy-color ${image.ref}`, results, (r) => ({
    action: r.action,
    live: r.live,
    color: r.color,
    version: r.version,
    detail: r.notes.join('; ') || undefined,
  }));
};
