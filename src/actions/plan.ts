// Entry of actions/plan: inputs are checked before the stage's modules load.
import { runAction } from '../github/run-action.ts';
import { planStage } from '../stages/catalog.ts';

await runAction(planStage);
