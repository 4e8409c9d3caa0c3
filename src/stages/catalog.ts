import type { InputDef } from '../github/inputs.ts';
import { configInput } from './common-inputs.ts';
import { defineStage, type StageDef } from './stage.ts';

/**
 * Every stage the actions can run. Only names, inputs and outputs live here; each
 * implementation is a dynamic import, so an action loads only the modules its stage uses.
 */
export const validateStage = defineStage({
  name: 'validate',
  title: 'cutover validate',
  description: 'Check a cutover.yaml: schema, tenants, rings and namespaces, with file:line errors',
  inputs: { config: configInput },
  outputs: {
    tenants: { description: 'Number of tenants in the config' },
    rings: { description: 'Ring names in rollout order (JSON array)' },
  },
  load: () => import('./validate.ts'),
});

export const planStage = defineStage({
  name: 'plan',
  title: 'cutover plan',
  description: 'Show the rollout plan: rings in order, their tenants, namespaces and traffic steps',
  inputs: {
    config: configInput,
    image: {
      type: 'string',
      description:
        'Image to roll out (repository:tag or repository@digest); defaults to the config',
    },
  },
  outputs: {
    plan: { description: 'The rollout plan (JSON)' },
    tenants: { description: 'Number of tenants the rollout moves (pinned tenants excluded)' },
  },
  load: () => import('./plan.ts'),
});

export const stages: readonly StageDef[] = [validateStage, planStage] as unknown as StageDef[];

export function findStage(name: string): StageDef | undefined {
  return stages.find((s) => s.name === name);
}

/** The root action's own input: which stage to run. The other inputs are the stages'. */
export const stageInput = {
  type: 'enum',
  description: 'The stage to run',
  values: stages.map((s) => s.name),
  required: true,
} as const satisfies InputDef;
