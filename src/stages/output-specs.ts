import type { OutputSpec } from './outputs.ts';

/**
 * The outputs of every stage, in one place (as `inputs.ts` has the inputs): the action.yml
 * files are generated from these, and each stage can set only its own.
 */
export const validateOutputs = {
  tenants: {
    kind: 'count',
    description: 'Number of tenants in the config (of the `environment` input, when given)',
  },
  rings: {
    kind: 'json',
    description: 'Ring names in rollout order (JSON array; of the `environment` input, when given)',
  },
  environments: {
    kind: 'json',
    description:
      'The environments of the config, each validated: JSON [{name, context, url, tenants, rings}]',
  },
} as const satisfies OutputSpec;

export const planOutputs = {
  plan: { kind: 'json', description: 'The rollout plan (JSON)' },
  tenants: {
    kind: 'count',
    description: 'Number of tenants the rollout moves (pinned tenants excluded)',
  },
  phases: {
    kind: 'json',
    description:
      "The cd workflow's ring matrix, in order: JSON [{name, ring, weight, deploy, approval, environment, url}], one per ring and traffic step",
  },
  url: {
    kind: 'text',
    description:
      "Where the release can be seen: the environment's `url` (or the first host over https) at its first tenant; empty when neither is set",
  },
} as const satisfies OutputSpec;

export const provisionOutputs = {
  'tenant-results': {
    kind: 'json',
    description: 'Tenants provisioned: JSON [{tenant, unit, namespace, ring, status}]',
  },
  'ring-results': {
    kind: 'json',
    description: 'Per-ring results: JSON [{ring, status, tenants, failed}]',
  },
  changes: {
    kind: 'count',
    description: 'Number of objects created, updated or deleted (or to be, in a dry run)',
  },
  'skipped-kinds': {
    kind: 'json',
    description:
      'Manifest kinds left out because their CRD is not installed: JSON [{apiVersion, kind, crd, reason, objects}]',
  },
  drift: {
    kind: 'flag',
    description:
      '`true` when objects had been changed by hand (or left behind) and were (or would be) corrected',
  },
} as const satisfies OutputSpec;

const releaseResults = {
  kind: 'json',
  description:
    'Per tenant: JSON [{tenant, unit, namespace, ring, status, action, live, color, weight, version, error}]',
} as const;

export const deployColorOutputs = {
  color: {
    kind: 'text',
    description:
      'The color deployed (`blue` or `green`); empty when the tenants differ (see tenant-results)',
  },
  'live-color': {
    kind: 'text',
    description: 'The color serving users after the run; empty when the tenants differ',
  },
  'tenant-results': releaseResults,
} as const satisfies OutputSpec;

export const shiftTrafficOutputs = {
  weight: {
    kind: 'count',
    description: 'The share of traffic the new color has now (100 once promoted)',
  },
  promoted: {
    kind: 'flag',
    description: '`true` when the new color got all traffic and became live',
  },
  'tenant-results': releaseResults,
} as const satisfies OutputSpec;

export const rollbackOutputs = {
  'rolled-back': { kind: 'count', description: 'Number of tenants rolled back by this run' },
  'tenant-results': releaseResults,
} as const satisfies OutputSpec;

export const healthGateOutputs = {
  verdict: {
    kind: 'text',
    description:
      '`pass`, `fail` or `inconclusive`: the worst verdict of the tenants (a tenant whose gate could not run counts as `fail`)',
  },
  passed: {
    kind: 'flag',
    description:
      '`true` when every tenant passed (an inconclusive gate passes only with health.onInconclusive: pass)',
  },
  checks: {
    kind: 'json',
    description:
      'Per tenant: JSON {verdict, passed, reason, color, baseline, versions, weight, rounds: [{index, elapsedMs, status, results: [{name, kind, status, summary, values}]}]}',
  },
} as const satisfies OutputSpec;

export const lintTestOutputs = {
  passed: { kind: 'flag', description: '`true` when every required step passed' },
  steps: {
    kind: 'json',
    description:
      'Per step: JSON [{name, command, status (passed/failed/skipped), required, reason, seconds, problems, tests: {tests, failures, errors, skipped}}]',
  },
  'failed-tests': { kind: 'count', description: 'Number of failed tests in the JUnit reports' },
} as const satisfies OutputSpec;

export const packageArtifactOutputs = {
  image: {
    kind: 'text',
    description: 'The immutable image reference deploys use: registry/name@sha256:...',
  },
  digest: { kind: 'text', description: 'The image manifest digest, sha256:...' },
  tags: { kind: 'json', description: 'The tags pushed, full references (JSON array)' },
  bundle: {
    kind: 'text',
    description:
      'The deploy bundle (cutover.yaml and the rendered per-tenant manifests) as an OCI artifact: registry/name@sha256:... (empty with package.bundle: false)',
  },
} as const satisfies OutputSpec;

export const deploymentOutputs = {
  'deployment-id': {
    kind: 'text',
    description:
      'The GitHub deployment written: the one started (pass it to the `success`/`failure` step), or after `rolled-back` the one recording the restored release',
  },
  'issue-url': {
    kind: 'text',
    description: 'The feedback issue opened or commented on after `rolled-back` (empty otherwise)',
  },
} as const satisfies OutputSpec;
