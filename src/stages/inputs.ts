import type { InputDef, InputSpec } from '../github/inputs.ts';

/**
 * The inputs of every stage, in one place: the action.yml files are generated from these,
 * and each stage's implementation is typed by them.
 */
const configInput = {
  type: 'string',
  description: 'Path of the cutover config file, relative to the workspace (e.g. cutover.yaml)',
  required: true,
} as const satisfies InputDef;

export const validateInputs = { config: configInput } as const satisfies InputSpec;

export const planInputs = {
  config: configInput,
  image: {
    type: 'string',
    description: 'Image to roll out (repository:tag or repository@digest); defaults to the config',
  },
} as const satisfies InputSpec;

export const provisionInputs = {
  config: configInput,
  kubeconfig: {
    type: 'string',
    description:
      'Kubeconfig content (use a secret). Default: the file named by $KUBECONFIG, or ~/.kube/config',
    secret: true,
  },
  context: {
    type: 'string',
    description: 'Kubeconfig context to use (default: its current context)',
  },
  'dry-run': {
    type: 'boolean',
    description: 'Only plan: server-side dry runs show what would be created, changed or deleted',
    default: 'false',
  },
  'allow-namespace-deletion': {
    type: 'boolean',
    description: 'Delete the namespaces of tenants removed from the config (their data is lost)',
    default: 'false',
  },
} as const satisfies InputSpec;
