import * as core from '@actions/core';
import { actionIO } from './action-io.ts';
import { readInputs, type InputSpec } from './inputs.ts';
import { reportFailure } from './report-failure.ts';
import { secretParts } from './secrets.ts';
import type { StageDef } from '../stages/stage.ts';

/** Reads the inputs the way the runner passes them (INPUT_*), checked before anything loads. */
export function readActionInputs<S extends InputSpec>(spec: S) {
  // Mask secrets before anything else can print, even an error about another input.
  for (const [name, def] of Object.entries(spec)) {
    if (def.type !== 'string' || !def.secret) continue;
    for (const part of secretParts(core.getInput(name))) core.setSecret(part);
  }
  return readInputs(spec, (name) => core.getInput(name));
}

/** The whole life of one action step: check inputs, load the stage, run it, report. */
export async function runAction(stage: StageDef): Promise<void> {
  const io = actionIO(stage.outputs);
  try {
    const inputs = readActionInputs(stage.inputs);
    const impl = await stage.load();
    try {
      await impl.run(inputs, io);
    } finally {
      await io.flush();
    }
  } catch (e) {
    await reportFailure(e);
  }
}
