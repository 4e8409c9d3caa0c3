// Entry of actions/provision-iac: inputs are checked before the stage's modules load.
import { runAction } from '../github/run-action.ts';
import { provisionStage } from '../stages/catalog.ts';

await runAction(provisionStage);
