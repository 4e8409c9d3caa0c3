import type { InputSpec, InputValues } from '../github/inputs.ts';
import type { OutputSpec } from '../github/outputs.ts';

/** What an action entry needs to know about a stage, without loading its implementation. */
export interface StageDef<S extends InputSpec = InputSpec> {
  name: string;
  title: string;
  description: string;
  inputs: S;
  outputs: OutputSpec;
  /** Loaded only after the inputs are checked, so a bad input fails before heavy modules load. */
  load: () => Promise<StageModule<S>>;
}

export interface StageModule<S extends InputSpec = InputSpec> {
  run(inputs: InputValues<S>): Promise<void>;
}

export function defineStage<S extends InputSpec>(def: StageDef<S>): StageDef<S> {
  return def;
}
