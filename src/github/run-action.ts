import * as core from '@actions/core';
import { readInputs, type InputSpec } from './inputs.ts';
import { reportFailure } from './report-failure.ts';
import type { StageDef } from '../stages/stage.ts';

/** Reads the inputs the way the runner passes them (INPUT_*), checked before anything loads. */
export function readActionInputs<S extends InputSpec>(spec: S) {
  const values = readInputs(spec, (name) => core.getInput(name));
  for (const [name, def] of Object.entries(spec)) {
    const v = values[name];
    if (def.type === 'string' && def.secret && typeof v === 'string') core.setSecret(v);
  }
  return values;
}

/** The whole life of one action step: check inputs, load the stage, run it, report. */
export async function runAction(stage: StageDef): Promise<void> {
  try {
    const inputs = readActionInputs(stage.inputs);
    const impl = await stage.load();
    await impl.run(inputs);
  } catch (e) {
    reportFailure(e);
  }
}
