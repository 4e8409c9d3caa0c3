// Entry of actions/deployment: inputs are checked before the stage's modules load.
import { runAction } from '../github/run-action.ts';
import { deploymentStage } from '../stages/catalog.ts';

await runAction(deploymentStage);
