import type { Command } from '../command.ts';

const configFlag = { config: { type: 'string', short: 'c', default: 'cutover.yaml' } } as const;

export const commands: Command[] = [
  {
    name: 'validate',
    summary: 'Check a cutover.yaml and report every problem with its file:line',
    usage: 'cutover validate [--config FILE]',
    options: { ...configFlag },
    flags: [['-c, --config FILE', 'config file (default: cutover.yaml)']],
    load: () => import('./validate.ts'),
  },
  {
    name: 'plan',
    summary: 'Show the rollout plan: rings, tenants, namespaces and traffic steps',
    usage: 'cutover plan [--config FILE] [--image REF] [--json]',
    options: {
      ...configFlag,
      image: { type: 'string' },
      json: { type: 'boolean', default: false },
    },
    flags: [
      ['-c, --config FILE', 'config file (default: cutover.yaml)'],
      ['--image REF', 'image to roll out (default: the config image)'],
      ['--json', 'print the plan as JSON'],
    ],
    load: () => import('./plan.ts'),
  },
];
