import type { CommandArgs } from '../command.ts';

/** The flags every release command shares, as stage inputs. */
export function releaseScope(v: CommandArgs['values']) {
  return {
    config: v.config as string,
    environment: v.environment as string | undefined,
    kubeconfig: undefined,
    kubeconfigFile: v.kubeconfig as string | undefined,
    context: v.context as string | undefined,
    tenants: (v.tenants as string | undefined) ?? 'all',
    ring: v.ring as string | undefined,
  };
}
