import type { InputDef } from '../github/inputs.ts';

/** Inputs several stages share; one definition so names and texts never drift apart. */
export const configInput = {
  type: 'string',
  description: 'Path to the cutover config file, relative to the workspace',
  default: 'cutover.yaml',
} as const satisfies InputDef;
