// Entry of actions/health-gate: inputs are checked before the stage's modules load.
import { runAction } from '../github/run-action.ts';
import { healthGateStage } from '../stages/catalog.ts';

await runAction(healthGateStage);
