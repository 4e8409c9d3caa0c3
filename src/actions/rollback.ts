// Entry of actions/rollback: inputs are checked before the stage's modules load.
import { runAction } from '../github/run-action.ts';
import { rollbackStage } from '../stages/catalog.ts';

await runAction(rollbackStage);
