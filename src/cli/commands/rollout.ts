import type { CommandArgs } from '../command.ts';
import { rollout } from '../rollout.ts';
import { renderTable } from '../table.ts';

/** Exit code when the rollout failed and was rolled back. */
const ROLLED_BACK = 4;

export async function run(args: CommandArgs): Promise<number> {
  const v = args.values;
  const { ok, lines } = await rollout({
    config: v.config as string,
    environment: v.environment as string | undefined,
    image: v.image as string | undefined,
    workload: v.workload as string | undefined,
    kubeconfigFile: v.kubeconfig as string | undefined,
    context: v.context as string | undefined,
    timeout: (v.timeout as string | undefined) ?? '5m',
    trafficUrl: (v['traffic-url'] as string | undefined) ?? process.env.CUTOVER_TRAFFIC_URL,
    samples: Number(v.samples ?? 200),
    out: args.out,
    err: args.err,
  });
  args.out(
    `\n${renderTable(
      ['ring', 'tenant', 'result', 'live', 'version'],
      lines.map((l) => [l.ring, l.tenant, l.result, l.live, l.version]),
    )}`,
  );
  return ok ? 0 : ROLLED_BACK;
}
