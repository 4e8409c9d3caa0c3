// Entry of actions/deploy-color: inputs are checked before the stage's modules load.
import { runAction } from '../github/run-action.ts';
import { deployColorStage } from '../stages/catalog.ts';

await runAction(deployColorStage);
