// Entry of the root action: `uses: OWNER/cutover@v1` with `stage: <name>`.
import { readActionInputs, runAction } from '../github/run-action.ts';
import { reportFailure } from '../github/report-failure.ts';
import { findStage, stageInput } from '../stages/catalog.ts';

try {
  const { stage } = readActionInputs({ stage: stageInput });
  await runAction(findStage(stage)!);
} catch (e) {
  await reportFailure(e);
}
