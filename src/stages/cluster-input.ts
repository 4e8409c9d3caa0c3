import { Cluster } from '../kube/cluster.ts';

/** The cluster a stage works on: kubeconfig content (action), a file (CLI), a context. */
export function clusterFromInputs(inputs: {
  kubeconfig?: string | undefined;
  kubeconfigFile?: string | undefined;
  context?: string | undefined;
}): Cluster {
  return Cluster.connect({
    ...(inputs.kubeconfig ? { kubeconfig: inputs.kubeconfig } : {}),
    ...(inputs.kubeconfigFile ? { kubeconfigPath: inputs.kubeconfigFile } : {}),
    ...(inputs.context ? { context: inputs.context } : {}),
  });
}
