import type { InputSpec, InputValues } from '../github/inputs.ts';
import type { StageIO } from './io.ts';
import type { OutputSpec } from './outputs.ts';

/** What a front end needs to know about a stage, without loading its implementation. */
export interface StageDef<S extends InputSpec = InputSpec, O extends OutputSpec = OutputSpec> {
  name: string;
  title: string;
  description: string;
  inputs: S;
  outputs: O;
  /** Loaded only after the inputs are checked, so a bad input fails before heavy modules load. */
  load: () => Promise<StageModule<S, O>>;
}

/** A stage's one implementation, for the action and the CLI alike. */
export interface StageModule<S extends InputSpec = InputSpec, O extends OutputSpec = OutputSpec> {
  run(inputs: StageInputs<S>, io: StageIO<O>): Promise<void>;
}

/** A stage's inputs: the action's, plus a kubeconfig file path, which only a terminal gives. */
export type StageInputs<S extends InputSpec> = InputValues<S> & { kubeconfigFile?: string };

export function defineStage<S extends InputSpec, O extends OutputSpec>(
  def: StageDef<S, O>,
): StageDef<S, O> {
  return def;
}

/** The type of a stage's `run`, from its input and output specs. */
export type StageRun<S extends InputSpec, O extends OutputSpec> = StageModule<S, O>['run'];
