// Entry of actions/shift-traffic: inputs are checked before the stage's modules load.
import { runAction } from '../github/run-action.ts';
import { shiftTrafficStage } from '../stages/catalog.ts';

await runAction(shiftTrafficStage);
