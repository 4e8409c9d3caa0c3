import { localDown, localEnv, localUp } from '../../local/index.ts';
import type { CommandArgs } from '../command.ts';

export async function run({ values, positionals, out, err }: CommandArgs): Promise<number> {
  const name = values.name as string;
  const onProgress = (m: string) => err(m);
  switch (positionals[0]) {
    case 'up': {
      const c = await localUp({
        name,
        nodes: Number(values.nodes),
        build: Boolean(values.build),
        onProgress,
      });
      err(
        `${c.reused ? 'already running' : `ready in ${(c.startMs / 1000).toFixed(1)} s`}: Kubernetes ${c.versions.kubernetes} at ${c.server}, nodes ${c.nodes.join(', ')}`,
      );
      out(c.kubeconfig);
      return 0;
    }
    case 'down': {
      const r = await localDown({ name, purge: Boolean(values.purge), onProgress });
      err(r.stopped.length ? `stopped ${r.stopped.join(', ')}` : `cluster ${name} was not running`);
      return 0;
    }
    default: {
      const env = localEnv({ name });
      out(env.exports);
      if (!env.running)
        err(`cluster ${name} is not running: \`cutover local up --name ${name}\` starts it`);
      return env.running ? 0 : 1;
    }
  }
}
