import type { InputDef } from '../github/inputs.ts';
import {
  deployColorInputs,
  deploymentInputs,
  healthGateInputs,
  lintTestInputs,
  packageArtifactInputs,
  planInputs,
  provisionInputs,
  rollbackInputs,
  shiftTrafficInputs,
  validateInputs,
} from './inputs.ts';
import {
  deployColorOutputs,
  deploymentOutputs,
  healthGateOutputs,
  lintTestOutputs,
  packageArtifactOutputs,
  planOutputs,
  provisionOutputs,
  rollbackOutputs,
  shiftTrafficOutputs,
  validateOutputs,
} from './output-specs.ts';
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

export const lintTestStage = defineStage({
  name: 'lint-test',
  title: 'cutover lint-test',
  description:
    "Run the project's install, lint, format, typecheck and test commands (from ci.steps or detected), each timed, dependencies cached, problems and failed tests annotated at their file and line",
  inputs: lintTestInputs,
  outputs: lintTestOutputs,
  load: () => import('./lint-test.ts'),
});

export const packageArtifactStage = defineStage({
  name: 'package-artifact',
  title: 'cutover package-artifact',
  description:
    'Build the container image (docker buildx, or buildah without a Docker engine), push it tagged with the commit and the release version, and push the deploy bundle beside it; outputs the immutable registry/name@sha256 reference',
  inputs: packageArtifactInputs,
  outputs: packageArtifactOutputs,
  load: () => import('./package-artifact.ts'),
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

export const deployColorStage = defineStage({
  name: 'deploy-color',
  title: 'cutover deploy-color',
  description:
    'Deploy an image to the idle color of each tenant, ring by ring, beside the live one (no traffic moves); a first release becomes live once ready',
  inputs: deployColorInputs,
  outputs: deployColorOutputs,
  load: () => import('./deploy-color.ts'),
});

export const healthGateStage = defineStage({
  name: 'health-gate',
  title: 'cutover health-gate',
  description:
    'Judge the new color of each tenant, ring by ring, on evidence: rollout, HTTP, Prometheus SLOs, a blue-vs-green statistical comparison and webhooks, round after round; fails for a rollback',
  inputs: healthGateInputs,
  outputs: healthGateOutputs,
  load: () => import('./health-gate.ts'),
});

export const shiftTrafficStage = defineStage({
  name: 'shift-traffic',
  title: 'cutover shift-traffic',
  description:
    'Give the new color a share of the traffic (testers first), verified by reading the route back; at 100 promote it and retire the old color per blueRetention',
  inputs: shiftTrafficInputs,
  outputs: shiftTrafficOutputs,
  load: () => import('./shift-traffic.ts'),
});

export const rollbackStage = defineStage({
  name: 'rollback',
  title: 'cutover rollback',
  description:
    'Put all traffic back on the live color at once (the new one scaled to zero), or after a promotion go back to the previous release; records who and why',
  inputs: rollbackInputs,
  outputs: rollbackOutputs,
  load: () => import('./rollback.ts'),
});

export const deploymentStage = defineStage({
  name: 'deployment',
  title: 'cutover deployment',
  description:
    "Record a release in GitHub Deployments (in progress, then success or failure, with the run's log and the tenants' versions); after a rollback, mark the release rolled back inactive, record the one restored and open or update the feedback issue. GitHub-only: no CLI command",
  inputs: deploymentInputs,
  outputs: deploymentOutputs,
  load: () => import('./deployment.ts'),
});

// Widened for front ends that run any stage by name: they pass checked inputs through.
export const stages: readonly StageDef[] = [
  validateStage,
  lintTestStage,
  packageArtifactStage,
  planStage,
  provisionStage,
  deployColorStage,
  healthGateStage,
  shiftTrafficStage,
  rollbackStage,
  deploymentStage,
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
