import type { Command } from '../command.ts';

const configFlag = { config: { type: 'string', short: 'c', default: 'cutover.yaml' } } as const;
/** Every command that reads cutover.yaml's deploy settings can pick one of its environments. */
const environmentFlag = { environment: { type: 'string', short: 'e' } } as const;
const environmentHelp: [string, string] = [
  '-e, --environment NAME',
  "an environment of the config's `environments`: its settings apply, and its context is the default (default: the file as written)",
];
/** Every stage command prints its outputs, the ones its action sets, as JSON with --json. */
const jsonFlag = { json: { type: 'boolean', default: false } } as const;
const jsonHelp: [string, string] = [
  '--json',
  "print the stage's outputs as JSON on stdout (the report goes to stderr)",
];

/** Which tenants and which cluster the release commands act on. */
const releaseFlags = {
  ...environmentFlag,
  tenants: { type: 'string', default: 'all' },
  ring: { type: 'string' },
  kubeconfig: { type: 'string' },
  context: { type: 'string' },
} as const;
const releaseHelp: [string, string][] = [
  environmentHelp,
  ['--tenants IDS', 'tenant ids or groups, comma-separated (default: all)'],
  ['--ring NAME', 'only the tenants of this ring'],
  ['--kubeconfig FILE', 'kubeconfig file (default: $KUBECONFIG or ~/.kube/config)'],
  ['--context NAME', "kubeconfig context (default: the environment's, else the current one)"],
];

export const commands: Command[] = [
  {
    name: 'validate',
    summary: 'Check a cutover.yaml and report every problem with its file:line',
    usage: 'cutover validate [--config FILE] [--environment NAME] [--json]',
    options: { ...configFlag, ...environmentFlag, ...jsonFlag },
    flags: [
      ['-c, --config FILE', 'config file (default: cutover.yaml)'],
      [
        '-e, --environment NAME',
        'the environment the report and outputs describe (every environment is validated)',
      ],
      jsonHelp,
    ],
    load: () => import('./validate.ts'),
  },
  {
    name: 'check',
    summary:
      "Run the project's install, lint, format, typecheck and test steps (ci.steps, or detected), each timed, with problems at file:line",
    usage: 'cutover check [--config FILE] [--working-directory DIR] [--json]',
    options: { ...configFlag, ...jsonFlag, 'working-directory': { type: 'string' } },
    flags: [
      [
        '-c, --config FILE',
        'config file whose `ci` section to read, when it exists (default: cutover.yaml)',
      ],
      ['--working-directory DIR', 'the project folder (default: ci.workingDirectory, or .)'],
      jsonHelp,
    ],
    load: () => import('./check.ts'),
  },
  {
    name: 'package',
    summary:
      'Build the image, push it tagged with the commit (and the release version), and push the deploy bundle beside it',
    usage:
      'cutover package [--config FILE] [--environment NAME] [--repository REGISTRY/NAME] [--revision SHA] [--ref REF] [--username USER] [--insecure-registry] [--builder auto|buildx|buildah] [--json]',
    options: {
      ...configFlag,
      ...environmentFlag,
      ...jsonFlag,
      repository: { type: 'string' },
      revision: { type: 'string' },
      ref: { type: 'string' },
      username: { type: 'string' },
      'insecure-registry': { type: 'boolean', default: false },
      builder: { type: 'string', default: 'auto' },
    },
    flags: [
      ['-c, --config FILE', 'config file (default: cutover.yaml)'],
      environmentHelp,
      ['--repository REGISTRY/NAME', 'where to push (default: image.repository)'],
      ['--revision SHA', 'the commit (default: git rev-parse HEAD)'],
      ['--ref REF', 'the git ref; refs/tags/v1.2.3 adds the tag 1.2.3 (default: the tag at HEAD)'],
      ['--username USER', 'registry user; the password comes from $CUTOVER_REGISTRY_PASSWORD'],
      ['--insecure-registry', 'plain HTTP to the registry (loopback registries always are)'],
      ['--builder NAME', 'auto (buildx with a Docker engine, else buildah), buildx or buildah'],
      jsonHelp,
    ],
    load: () => import('./package.ts'),
  },
  {
    name: 'plan',
    summary: 'Show the rollout plan: rings, tenants, namespaces and traffic steps',
    usage: 'cutover plan [--config FILE] [--environment NAME] [--image REF] [--json]',
    options: { ...configFlag, ...environmentFlag, ...jsonFlag, image: { type: 'string' } },
    flags: [
      ['-c, --config FILE', 'config file (default: cutover.yaml)'],
      environmentHelp,
      ['--image REF', 'image to roll out (default: the config image)'],
      jsonHelp,
    ],
    load: () => import('./plan.ts'),
  },
  {
    name: 'alerts',
    summary:
      'Print the per-tenant alert rules of observability.alerts (a Prometheus rules file), or write it and the PrometheusRules',
    usage: 'cutover alerts [--config FILE] [--environment NAME] [--out DIR]',
    options: { ...configFlag, ...environmentFlag, out: { type: 'string' } },
    flags: [
      ['-c, --config FILE', 'config file (default: cutover.yaml)'],
      environmentHelp,
      [
        '--out DIR',
        'write alert-rules.yml and prometheusrules.yaml (a PrometheusRule per tenant namespace) into DIR instead of printing',
      ],
    ],
    load: () => import('./alerts.ts'),
  },
  {
    name: 'provision',
    summary: "Provision each tenant's isolated namespace, ring by ring (plan with --dry-run)",
    usage:
      'cutover provision [--config FILE] [--environment NAME] [--dry-run [--detect-drift]] [--allow-namespace-deletion] [--kubeconfig FILE] [--context NAME] [--json]',
    options: {
      ...configFlag,
      ...environmentFlag,
      ...jsonFlag,
      'dry-run': { type: 'boolean', default: false },
      'detect-drift': { type: 'boolean', default: false },
      'allow-namespace-deletion': { type: 'boolean', default: false },
      kubeconfig: { type: 'string' },
      context: { type: 'string' },
    },
    flags: [
      ['-c, --config FILE', 'config file (default: cutover.yaml)'],
      environmentHelp,
      ['--dry-run', 'plan only: server-side dry runs, nothing applied'],
      ['--detect-drift', 'with --dry-run: exit 3 when anything would change'],
      ['--allow-namespace-deletion', 'delete namespaces of tenants removed from the config'],
      ['--kubeconfig FILE', 'kubeconfig file (default: $KUBECONFIG or ~/.kube/config)'],
      ['--context NAME', "kubeconfig context (default: the environment's, else the current one)"],
      jsonHelp,
    ],
    load: () => import('./provision.ts'),
  },
  {
    name: 'deploy',
    summary: "Deploy an image to each tenant's idle color, ring by ring (no traffic moves)",
    usage:
      'cutover deploy [--config FILE] [--environment NAME] [--image REF] [--workload FILE] [--tenants IDS] [--ring NAME] [--timeout 5m] [--kubeconfig FILE] [--context NAME] [--json]',
    options: {
      ...configFlag,
      ...jsonFlag,
      ...releaseFlags,
      image: { type: 'string' },
      workload: { type: 'string' },
      timeout: { type: 'string', default: '5m' },
    },
    flags: [
      ['-c, --config FILE', 'config file (default: cutover.yaml)'],
      [
        '--image REF',
        'image to deploy, repository@sha256:... or repository:tag (default: the config image)',
      ],
      [
        '--workload FILE',
        'manifest with the Deployment whose pod template to run (default: app.workload)',
      ],
      ['--timeout DURATION', 'wait at most this long for each tenant to be ready (default: 5m)'],
      ...releaseHelp,
      jsonHelp,
    ],
    load: () => import('./deploy.ts'),
  },
  {
    name: 'shift',
    summary: 'Give the new color a share of the traffic (0: testers only; 100: promote)',
    usage:
      'cutover shift --weight N|next [--image IMAGE] [--config FILE] [--environment NAME] [--tenants IDS] [--ring NAME] [--kubeconfig FILE] [--context NAME] [--json]',
    options: {
      ...configFlag,
      ...jsonFlag,
      ...releaseFlags,
      weight: { type: 'string' },
      image: { type: 'string' },
    },
    flags: [
      ['-c, --config FILE', 'config file (default: cutover.yaml)'],
      ['--weight N|next', 'percentage 0-100 for the new color, or `next` of routing.steps'],
      [
        '--image IMAGE',
        'the image being rolled out: a tenant running it live alone is left as it is',
      ],
      ...releaseHelp,
      jsonHelp,
    ],
    load: () => import('./shift.ts'),
  },
  {
    name: 'gate',
    summary:
      "Judge each tenant's new color on evidence, round after round: rollout, HTTP, Prometheus, blue-vs-green comparison, webhooks",
    usage:
      'cutover gate [--config FILE] [--environment NAME] [--color blue|green] [--count N] [--interval 10s] [--tenants IDS] [--ring NAME] [--kubeconfig FILE] [--context NAME] [--json]',
    options: {
      ...configFlag,
      ...jsonFlag,
      ...releaseFlags,
      color: { type: 'string' },
      count: { type: 'string' },
      interval: { type: 'string' },
    },
    flags: [
      ['-c, --config FILE', 'config file (default: cutover.yaml)'],
      ['--color blue|green', 'the color to judge (default: the new one, else the live one)'],
      ['--count N', 'rounds to run (default: health.count or health.duration)'],
      ['--interval DURATION', 'time between rounds (default: health.interval)'],
      ...releaseHelp,
      jsonHelp,
    ],
    load: () => import('./gate.ts'),
  },
  {
    name: 'rollback',
    summary:
      'All traffic back on the live color, or back to the previous release after a promotion',
    usage:
      'cutover rollback [--to VERSION] [--config FILE] [--environment NAME] [--reason TEXT] [--tenants IDS] [--ring NAME] [--timeout 5m] [--kubeconfig FILE] [--context NAME] [--json]',
    options: {
      ...configFlag,
      ...jsonFlag,
      ...releaseFlags,
      reason: { type: 'string' },
      to: { type: 'string' },
      timeout: { type: 'string', default: '5m' },
    },
    flags: [
      ['-c, --config FILE', 'config file (default: cutover.yaml)'],
      ['--reason TEXT', 'why: recorded in the release history'],
      [
        '--to VERSION',
        'a release from the history (version, image or digest); default: the previous',
      ],
      [
        '--timeout DURATION',
        'wait at most this long when the previous version is redeployed (default: 5m)',
      ],
      ...releaseHelp,
      jsonHelp,
    ],
    load: () => import('./rollback.ts'),
  },
  {
    name: 'rollout',
    summary:
      'A whole rollout ring by ring: deploy, testers, each traffic step with a check, promote; rolls back on failure',
    usage:
      'cutover rollout [--config FILE] [--environment NAME] [--image REF] [--workload FILE] [--traffic-url URL] [--samples N] [--timeout 5m] [--kubeconfig FILE] [--context NAME]',
    options: {
      ...configFlag,
      ...environmentFlag,
      image: { type: 'string' },
      workload: { type: 'string' },
      'traffic-url': { type: 'string' },
      samples: { type: 'string', default: '200' },
      timeout: { type: 'string', default: '5m' },
      kubeconfig: { type: 'string' },
      context: { type: 'string' },
    },
    flags: [
      ['-c, --config FILE', 'config file (default: cutover.yaml)'],
      environmentHelp,
      ['--image REF', 'image to roll out (default: the config image)'],
      [
        '--workload FILE',
        'manifest with the Deployment whose pod template to run (default: app.workload)',
      ],
      [
        '--traffic-url URL',
        "send requests through the router and print each step's share (default: $CUTOVER_TRAFFIC_URL, set by `cutover local env` with --traffic)",
      ],
      ['--samples N', 'requests per tenant per step for the share (default: 200)'],
      ['--timeout DURATION', 'wait at most this long for each tenant to be ready (default: 5m)'],
      ['--kubeconfig FILE', 'kubeconfig file (default: $KUBECONFIG or ~/.kube/config)'],
      ['--context NAME', "kubeconfig context (default: the environment's, else the current one)"],
    ],
    load: () => import('./rollout.ts'),
  },
  {
    name: 'local',
    summary: 'A real Kubernetes control plane on this machine, for the demo and experiments',
    usage:
      'cutover local up|down|env|status [--name NAME] [--nodes N] [--build] [--crds SETS] [--traffic] [--purge]',
    subcommands: ['up', 'down', 'env', 'status'],
    options: {
      name: { type: 'string', default: 'default' },
      nodes: { type: 'string', default: '3' },
      build: { type: 'boolean', default: false },
      crds: { type: 'string' },
      traffic: { type: 'boolean', default: false },
      purge: { type: 'boolean', default: false },
    },
    flags: [
      [
        'up',
        'start etcd, kube-apiserver, controller-manager, scheduler and kwok; print the kubeconfig path',
      ],
      ['down', 'stop every process `up` started'],
      ['env', 'print `export KUBECONFIG=...` (eval it in a shell)'],
      ['status', 'show whether each process runs, and where its log is (exit 1 when not all run)'],
      ['--name NAME', 'cluster name, for several side by side (default: default)'],
      ['--nodes N', 'fake nodes to create (default: 3)'],
      ['--build', 'build the binaries from Go modules first when missing (scripts/k8s-build.sh)'],
      [
        '--crds SETS',
        'with up: install CRDs from their Go modules (gateway-api, istio, prometheus-operator; comma-separated)',
      ],
      [
        '--traffic',
        'with up: real requests: a network namespace, an HTTP responder per pod, Traefik behind the Gateway gateway-system/cutover-local (root; Traefik from scripts/traefik-build.sh, or --build: about 5 min once)',
      ],
      ['--purge', 'with down: delete the state directory and logs too'],
    ],
    load: () => import('./local.ts'),
  },
];
