import type { Command } from '../command.ts';

const configFlag = { config: { type: 'string', short: 'c', default: 'cutover.yaml' } } as const;
/** Every stage command prints its outputs, the ones its action sets, as JSON with --json. */
const jsonFlag = { json: { type: 'boolean', default: false } } as const;
const jsonHelp: [string, string] = [
  '--json',
  "print the stage's outputs as JSON on stdout (the report goes to stderr)",
];

export const commands: Command[] = [
  {
    name: 'validate',
    summary: 'Check a cutover.yaml and report every problem with its file:line',
    usage: 'cutover validate [--config FILE] [--json]',
    options: { ...configFlag, ...jsonFlag },
    flags: [['-c, --config FILE', 'config file (default: cutover.yaml)'], jsonHelp],
    load: () => import('./validate.ts'),
  },
  {
    name: 'plan',
    summary: 'Show the rollout plan: rings, tenants, namespaces and traffic steps',
    usage: 'cutover plan [--config FILE] [--image REF] [--json]',
    options: { ...configFlag, ...jsonFlag, image: { type: 'string' } },
    flags: [
      ['-c, --config FILE', 'config file (default: cutover.yaml)'],
      ['--image REF', 'image to roll out (default: the config image)'],
      jsonHelp,
    ],
    load: () => import('./plan.ts'),
  },
  {
    name: 'provision',
    summary: "Provision each tenant's isolated namespace, ring by ring (plan with --dry-run)",
    usage:
      'cutover provision [--config FILE] [--dry-run [--detect-drift]] [--allow-namespace-deletion] [--kubeconfig FILE] [--context NAME] [--json]',
    options: {
      ...configFlag,
      ...jsonFlag,
      'dry-run': { type: 'boolean', default: false },
      'detect-drift': { type: 'boolean', default: false },
      'allow-namespace-deletion': { type: 'boolean', default: false },
      kubeconfig: { type: 'string' },
      context: { type: 'string' },
    },
    flags: [
      ['-c, --config FILE', 'config file (default: cutover.yaml)'],
      ['--dry-run', 'plan only: server-side dry runs, nothing applied'],
      ['--detect-drift', 'with --dry-run: exit 3 when anything would change'],
      ['--allow-namespace-deletion', 'delete namespaces of tenants removed from the config'],
      ['--kubeconfig FILE', 'kubeconfig file (default: $KUBECONFIG or ~/.kube/config)'],
      ['--context NAME', 'kubeconfig context (default: the current one)'],
      jsonHelp,
    ],
    load: () => import('./provision.ts'),
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
        'with up: install CRDs from their Go modules (gateway-api, istio; comma-separated)',
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
