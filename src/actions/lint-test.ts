// Entry of actions/lint-test: inputs are checked before the stage's modules load.
import { runAction } from '../github/run-action.ts';
import { lintTestStage } from '../stages/catalog.ts';

await runAction(lintTestStage);
