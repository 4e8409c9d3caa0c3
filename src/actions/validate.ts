// Entry of actions/validate: inputs are checked before the stage's modules load.
import { runAction } from '../github/run-action.ts';
import { validateStage } from '../stages/catalog.ts';

await runAction(validateStage);
