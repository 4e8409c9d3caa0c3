import type { LoadedEnvironment } from '../config/index.ts';
import { CutoverError, isCutoverError } from '../errors.ts';
import { Cluster } from '../kube/cluster.ts';

/**
 * The cluster a stage works on: kubeconfig content (action), a file (CLI), a context. The
 * context input wins; without it, the environment's `context` says which cluster it is.
 */
export function clusterFromInputs(
  inputs: {
    kubeconfig?: string | undefined;
    kubeconfigFile?: string | undefined;
    context?: string | undefined;
  },
  environment?: LoadedEnvironment,
): Cluster {
  const fromEnvironment = !inputs.context && environment?.context ? environment : undefined;
  const context = inputs.context || fromEnvironment?.context;
  try {
    return Cluster.connect({
      ...(inputs.kubeconfig ? { kubeconfig: inputs.kubeconfig } : {}),
      ...(inputs.kubeconfigFile ? { kubeconfigPath: inputs.kubeconfigFile } : {}),
      ...(context ? { context } : {}),
    });
  } catch (e) {
    // A context the user never typed: say where it came from, or the error is a riddle.
    if (!fromEnvironment || !isCutoverError(e) || e.code !== 'INPUT_INVALID') throw e;
    throw new CutoverError(
      e.code,
      `${e.message} with context \`${context}\` (environments.${fromEnvironment.name}.context)`,
      {
        hint: `give a kubeconfig with a context named \`${context}\`, or the \`context\` input (--context) to use another`,
        cause: e,
      },
    );
  }
}
