import { localDown, localEnv, localStatus, localUp } from '../../local/index.ts';
import { CutoverError } from '../../errors.ts';
import { Cluster } from '../../kube/cluster.ts';
import { CRD_SETS, installCrdSet, isCrdSetName, type CrdSetName } from '../../local/crds.ts';
import type { CommandArgs } from '../command.ts';

/** `--crds gateway-api[,...]`: checked before anything starts. */
function crdSets(value: unknown): CrdSetName[] {
  if (typeof value !== 'string' || value === '') return [];
  const names = value.split(',').map((n) => n.trim());
  const unknown = names.filter((n) => !isCrdSetName(n));
  if (unknown.length > 0) {
    throw new CutoverError('USAGE', `--crds: unknown CRD set ${unknown.join(', ')}`, {
      hint: `known sets: ${Object.keys(CRD_SETS).join(', ')}`,
    });
  }
  return names as CrdSetName[];
}

export async function run({ values, positionals, out, err }: CommandArgs): Promise<number> {
  const name = values.name as string;
  const onProgress = (m: string) => err(m);
  switch (positionals[0]) {
    case 'up': {
      crdSets(values.crds); // a bad --crds fails before the cluster starts
      const c = await localUp({
        name,
        nodes: Number(values.nodes),
        build: Boolean(values.build),
        traffic: Boolean(values.traffic),
        onProgress,
      });
      err(
        `${c.reused ? 'already running' : `ready in ${(c.startMs / 1000).toFixed(1)} s`}: Kubernetes ${c.versions.kubernetes} at ${c.server}, nodes ${c.nodes.join(', ')}`,
      );
      if (c.traffic)
        err(
          `traffic: ${c.traffic.url} (Gateway ${c.traffic.gateway.namespace}/${c.traffic.gateway.name}; try: curl -H 'Host: <a route hostname>' ${c.traffic.url}/)`,
        );
      for (const set of crdSets(values.crds)) {
        const installed = await installCrdSet(
          Cluster.connect({ kubeconfigPath: c.kubeconfig }),
          set,
          onProgress,
        );
        err(`${set} CRDs installed: ${installed.join(', ')}`);
      }
      out(c.kubeconfig);
      return 0;
    }
    case 'down': {
      const r = await localDown({ name, purge: Boolean(values.purge), onProgress });
      err(r.stopped.length ? `stopped ${r.stopped.join(', ')}` : `cluster ${name} was not running`);
      return 0;
    }
    case 'status': {
      const status = localStatus({ name });
      if (!status) {
        out(`cluster ${name}: not started (\`cutover local up --name ${name}\` starts it)`);
        return 1;
      }
      const down = status.processes.filter((p) => !p.running);
      out(`cluster ${name}: ${down.length ? 'degraded' : status.phase} at ${status.server}`);
      for (const p of status.processes) {
        out(
          `  ${p.name.padEnd(24)} ${p.running ? `running (pid ${p.pid})` : 'stopped'}  log: ${p.log}`,
        );
      }
      out(`  kubeconfig: ${status.kubeconfig}`);
      out(
        status.traffic
          ? `  traffic: ${status.traffic.url} (Gateway ${status.traffic.gateway.namespace}/${status.traffic.gateway.name}, network namespace ${status.netns})`
          : '  traffic: not started (objects only; `up --traffic` adds a data plane)',
      );
      return status.phase === 'ready' && down.length === 0 ? 0 : 1;
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
