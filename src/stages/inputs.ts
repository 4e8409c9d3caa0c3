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

/** Every stage that reads cutover.yaml takes it with `config`: which of its environments. */
const environmentInput = {
  type: 'string',
  description:
    "An environment of the config's `environments` (e.g. staging): its settings are applied to the file, and its `context` is the default kube context. Default: the file as written",
} as const satisfies InputDef;

const configInputs = { config: configInput, environment: environmentInput } as const;

/** validate checks every environment; its `environment` picks the one the outputs describe. */
export const validateInputs = configInputs satisfies InputSpec;

export const planInputs = {
  ...configInputs,
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
    description:
      "Kubeconfig context to use (default: the environment's `context`, else the kubeconfig's current context)",
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
  ...configInputs,
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
  ...configInputs,
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
  ...configInputs,
  weight: {
    type: 'string',
    description:
      'Share of traffic for the new color: a whole percentage 0-100 (0: testers only; 100: promote), or `next` for the next of routing.steps',
    required: true,
  },
  image: {
    type: 'string',
    description:
      'The image being rolled out (optional): a tenant already running it live with all the traffic (its first release, or a re-run after the promotion) is left as it is',
  },
  ...clusterInputs,
  ...scopeInputs,
} as const satisfies InputSpec;

export const rollbackInputs = {
  ...configInputs,
  reason: {
    type: 'string',
    description: 'Why: recorded in the release history with the run URL',
    default: 'rollback requested',
  },
  to: {
    type: 'string',
    description:
      'A release from the history to go back to: its version (1.4.2), image or digest. Default: the release before the live one',
  },
  ...clusterInputs,
  ...scopeInputs,
  timeout: timeoutInput,
} as const satisfies InputSpec;

export const healthGateInputs = {
  ...configInputs,
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
  ...configInputs,
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

/**
 * The deployment stage records to GitHub, not to the cluster: no config, no kubeconfig.
 * `environment` here is the GitHub environment the deployment shows in (the job's
 * `environment:`), which a config's `environments` section may or may not share a name with.
 */
export const deploymentInputs = {
  token: {
    type: 'string',
    description:
      "A token of the repository, usually the job's `github.token`: it needs `deployments: write`, and `issues: write` for the feedback issue. Masked, never logged",
    required: true,
    secret: true,
  },
  state: {
    type: 'enum',
    values: ['start', 'success', 'failure', 'rolled-back'],
    description:
      '`start` opens a deployment (in progress) and outputs its id; `success` and `failure` close it (with `deployment-id`); `rolled-back` marks the release rolled back inactive and records the one restored',
    required: true,
  },
  'github-environment': {
    type: 'string',
    description:
      'The GitHub environment to record the deployment in (e.g. staging, production); required for `start` and `rolled-back`. (`environment` elsewhere names a section of cutover.yaml)',
  },
  'deployment-id': {
    type: 'integer',
    min: 1,
    description:
      'The deployment to update: the `deployment-id` output of the `start` step. Required for `success` and `failure`; with `rolled-back`, the release rolled back (default: the active one)',
  },
  ref: {
    type: 'string',
    description:
      "The commit deployed (default: $GITHUB_SHA). With `rolled-back`, the restored release's commit is taken from its earlier deployment when there is one",
  },
  'environment-url': {
    type: 'string',
    description: "The environment's URL, shown on the deployment",
  },
  'production-environment': {
    type: 'boolean',
    description:
      'Whether end users use this environment (default: GitHub decides: true for `production`)',
  },
  'tenant-results': {
    type: 'string',
    description:
      'The `tenant-results` output (JSON) of deploy-color, shift-traffic or rollback: the tenants and their versions, recorded in the payload. Required for `rolled-back`',
  },
  image: {
    type: 'string',
    description:
      'The image released (repository@sha256:digest or repository:tag); with `rolled-back`, the image rolled back when tenant-results do not name it',
  },
  app: {
    type: 'string',
    description:
      "The application's name, in the issue title and the payload (default: `app.name` of the config, else the image's repository name, else the repository's)",
  },
  config: {
    type: 'string',
    description:
      'Path of cutover.yaml, relative to the workspace: the default of `app` is its `app.name` (when the file is there)',
    default: 'cutover.yaml',
  },
  reason: {
    type: 'string',
    description: 'Why the release failed or was rolled back: in the statuses and the issue',
  },
  evidence: {
    type: 'string',
    description:
      "The health gate's evidence: health-gate's `checks` output (JSON), rendered as tables in the feedback issue",
  },
  'feedback-issue': {
    type: 'boolean',
    description:
      'After `rolled-back`, open an issue (or comment on the open one of this app and environment)',
    default: 'true',
  },
  'issue-label': {
    type: 'string',
    description: 'The label the feedback issue carries and is found by',
    default: 'cutover-rollback',
  },
} as const satisfies InputSpec;
