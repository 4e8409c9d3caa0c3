// Entry of actions/package-artifact: inputs are checked before the stage's modules load.
import { runAction } from '../github/run-action.ts';
import { packageArtifactStage } from '../stages/catalog.ts';

await runAction(packageArtifactStage);
