import type { InputDef } from '../github/inputs.ts';
import { planInputs, provisionInputs, validateInputs } from './inputs.ts';
import { planOutputs, provisionOutputs, validateOutputs } from './output-specs.ts';
import { defineStage, type StageDef } from './stage.ts';

/**
 * Every stage the actions can run. Only names, inputs and outputs live here; each
 * implementation is a dynamic import, so an action loads only the modules its stage uses.
 */
export const validateStage = defineStage({
  name: 'validate',
  title: 'cutover validate',
  description: 'Check a cutover.yaml: schema, tenants, rings and namespaces, with file:line errors',
  inputs: validateInputs,
  outputs: validateOutputs,
  load: () => import('./validate.ts'),
});

export const planStage = defineStage({
  name: 'plan',
  title: 'cutover plan',
  description: 'Show the rollout plan: rings in order, their tenants, namespaces and traffic steps',
  inputs: planInputs,
  outputs: planOutputs,
  load: () => import('./plan.ts'),
});

export const provisionStage = defineStage({
  name: 'provision-iac',
  title: 'cutover provision-iac',
  description:
    "Provision each tenant's isolated namespace (Pod Security, deployer Role, quota, limits, network policy) ring by ring, with plan, drift correction and prune",
  inputs: provisionInputs,
  outputs: provisionOutputs,
  load: () => import('./provision-iac.ts'),
});

// Widened for front ends that run any stage by name: they pass checked inputs through.
export const stages: readonly StageDef[] = [
  validateStage,
  planStage,
  provisionStage,
] as unknown as StageDef[];

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
