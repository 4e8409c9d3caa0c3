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

const clusterInputs = {
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
} as const satisfies InputSpec;

/** Which tenants a release stage acts on. */
const scopeInputs = {
  tenants: {
    type: 'string',
    description: 'Tenant ids (or group names), comma-separated, or `all`',
    default: 'all',
  },
  ring: { type: 'string', description: 'Only the tenants of this ring' },
} as const satisfies InputSpec;

const timeoutInput = {
  type: 'string',
  description: 'How long to wait for a color to be ready, per tenant (e.g. 5m, 90s)',
  default: '5m',
} as const satisfies InputDef;

export const provisionInputs = {
  config: configInput,
  ...clusterInputs,
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

export const deployColorInputs = {
  config: configInput,
  image: {
    type: 'string',
    description:
      'Image to deploy: repository@sha256:digest (preferred: it never moves) or repository:tag. Default: the config image',
  },
  workload: {
    type: 'string',
    description:
      'Manifest with the one Deployment whose pod template to run, relative to the workspace (default: app.workload, else one generated from app)',
  },
  ...clusterInputs,
  ...scopeInputs,
  timeout: timeoutInput,
} as const satisfies InputSpec;

export const shiftTrafficInputs = {
  config: configInput,
  weight: {
    type: 'string',
    description:
      'Share of traffic for the new color: a whole percentage 0-100 (0: testers only; 100: promote), or `next` for the next of routing.steps',
    required: true,
  },
  ...clusterInputs,
  ...scopeInputs,
} as const satisfies InputSpec;

export const rollbackInputs = {
  config: configInput,
  reason: {
    type: 'string',
    description: 'Why: recorded in the release history with the run URL',
    default: 'rollback requested',
  },
  ...clusterInputs,
  ...scopeInputs,
  timeout: timeoutInput,
} as const satisfies InputSpec;

export const healthGateInputs = {
  config: configInput,
  color: {
    type: 'enum',
    values: ['blue', 'green'],
    description:
      'The color to judge: `blue` or `green`. Default: the new color beside the live one, or the live color when there is none',
  },
  count: {
    type: 'integer',
    min: 1,
    description: 'Rounds to run instead of health.count / health.duration',
  },
  interval: {
    type: 'string',
    description: 'Time between rounds instead of health.interval (e.g. 10s)',
  },
  ...clusterInputs,
  ...scopeInputs,
} as const satisfies InputSpec;

export const lintTestInputs = {
  config: {
    type: 'string',
    description:
      'Path of the cutover config file, relative to the workspace; its `ci` section is read when the file exists (without it the steps are detected)',
    default: 'cutover.yaml',
  },
  'working-directory': {
    type: 'string',
    description: 'The project folder, relative to the workspace, instead of ci.workingDirectory',
  },
} as const satisfies InputSpec;

export const packageArtifactInputs = {
  config: configInput,
  repository: {
    type: 'string',
    description: 'Where to push, registry/name (default: image.repository of the config)',
  },
  revision: {
    type: 'string',
    description: 'The commit the image is built from (default: $GITHUB_SHA, or git rev-parse HEAD)',
  },
  ref: {
    type: 'string',
    description: 'The git ref; a tag like v1.2.3 adds the tag 1.2.3 (default: $GITHUB_REF)',
  },
  'registry-username': { type: 'string', description: 'Registry user name' },
  'registry-password': {
    type: 'string',
    description:
      'Registry password or token (use a secret); masked, never written to disk unprotected',
    secret: true,
  },
  'insecure-registry': {
    type: 'boolean',
    description: 'Talk plain HTTP to the registry (loopback registries always are)',
    default: 'false',
  },
  builder: {
    type: 'enum',
    values: ['auto', 'buildx', 'buildah'],
    description: 'Image builder: docker buildx where a Docker engine runs, else buildah (auto)',
    default: 'auto',
  },
} as const satisfies InputSpec;
