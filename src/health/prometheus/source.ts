/**
 * The Prometheus of `observability.prometheus`: a URL the runner reaches (with a bearer
 * token from the environment variable the config names), or a Service in the cluster
 * reached through the API server.
 */
import type { CutoverConfig } from '../../config/index.ts';
import { CutoverError } from '../../errors.ts';
import type { Cluster } from '../../kube/cluster.ts';
import { PrometheusClient } from './client.ts';

export function prometheusFor(
  config: CutoverConfig,
  cluster: Cluster,
  env: NodeJS.ProcessEnv = process.env,
): PrometheusClient | undefined {
  const p = config.observability.prometheus;
  if (!p) return undefined;
  if (p.service) return new PrometheusClient({ service: p.service, cluster });
  const token = p.tokenEnv ? env[p.tokenEnv] : undefined;
  if (p.tokenEnv && !token)
    throw new CutoverError(
      'INPUT_MISSING',
      `observability.prometheus.tokenEnv names ${p.tokenEnv}, which is not set`,
      {
        hint: `set ${p.tokenEnv} to Prometheus's bearer token (from a secret), or remove tokenEnv`,
      },
    );
  return new PrometheusClient({
    url: p.url!,
    ...(token ? { headers: { Authorization: `Bearer ${token}` } } : {}),
  });
}
