/**
 * The configured checks made ready for one target: placeholders filled in, where each
 * request goes decided, names made unique for the evidence.
 */
import type { CutoverConfig, HealthCheck } from '../../config/index.ts';
import { renderCheckTemplate, type CheckTemplateValues } from '../../config/templates.ts';
import { CutoverError } from '../../errors.ts';
import type { Cluster } from '../../kube/cluster.ts';
import { SERVICE_PORT, releaseNames, type Color } from '../../release/names.ts';
import type { PrometheusClient } from '../prometheus/client.ts';
import type { Check, GateTarget } from '../types.ts';
import { compareCheck } from './compare.ts';
import { httpCheck, serviceProxyRequester, urlRequester } from './http.ts';
import { prometheusCheck } from './prometheus.ts';
import { rolloutCheck } from './rollout.ts';
import { webhookCheck } from './webhook.ts';

const DEFAULT_TIMEOUT_MS = 10_000;

export interface CheckDeps {
  cluster: Cluster;
  prometheus: PrometheusClient | undefined;
  /** Which Service selects the color under test: the preview one, or the stable one once it is live. */
  service: string;
}

export function buildChecks(config: CutoverConfig, target: GateTarget, deps: CheckDeps): Check[] {
  const names = uniqueNames(config.health.checks);
  return config.health.checks.map((c, i) => buildCheck(config, target, deps, c, names[i]!));
}

function buildCheck(
  config: CutoverConfig,
  target: GateTarget,
  deps: CheckDeps,
  c: HealthCheck,
  name: string,
): Check {
  const { health } = config;
  const values = (color: Color): CheckTemplateValues => ({
    namespace: target.namespace,
    tenant: target.tenant,
    app: target.app,
    color,
    version: target.versions[color] ?? '',
    ...(target.hosts[0] ? { host: target.hosts[0] } : {}),
  });
  const prometheus = () => {
    if (!deps.prometheus)
      throw new CutoverError(
        'CONFIG_INVALID',
        `health check ${name} needs observability.prometheus`,
        {
          hint: 'add `observability: { prometheus: { url: http://prometheus.monitoring:9090 } }`',
        },
      );
    return deps.prometheus;
  };
  switch (c.kind) {
    case 'rollout':
      return rolloutCheck(deps.cluster, target, { name, maxRestarts: c.maxRestarts });
    case 'http': {
      const settings = {
        name,
        requests: c.requests,
        expectStatus: c.expectStatus,
        minSuccessRatio: c.minSuccessRatio,
        latency: c.latency ? { percentile: c.latency.percentile, maxMs: c.latency.max } : undefined,
        body: c.body,
        timeoutMs: c.timeout ?? DEFAULT_TIMEOUT_MS,
      };
      if (c.url) {
        if (c.url.includes('{host}') && !target.hosts[0])
          throw new CutoverError(
            'CONFIG_INVALID',
            `health check ${name}: \`{host}\` in its url, but the tenant has no host`,
            {
              hint: 'give the router hosts (routing.hostnames, host or hosts), or write the host in the url',
            },
          );
        const url = renderCheckTemplate(c.url, values(target.color));
        const header = testerHeader(config);
        return httpCheck(
          settings,
          urlRequester(url, header ? { [header.name]: header.value } : {}),
          url,
        );
      }
      const service = { namespace: target.namespace, service: deps.service, port: SERVICE_PORT };
      return httpCheck(
        settings,
        serviceProxyRequester(deps.cluster, service, c.path),
        `Service ${target.namespace}/${deps.service} through the API server`,
      );
    }
    case 'prometheus':
      return prometheusCheck(prometheus(), {
        name,
        query: renderCheckTemplate(c.query, values(target.color)),
        min: c.min,
        max: c.max,
        noData: c.noData ?? health.noData,
        timeoutMs: DEFAULT_TIMEOUT_MS,
      });
    case 'compare':
      return compareCheck(prometheus(), {
        name,
        queries: {
          [target.color]: renderCheckTemplate(c.query, values(target.color)),
          ...(target.baseline
            ? { [target.baseline]: renderCheckTemplate(c.query, values(target.baseline)) }
            : {}),
        },
        color: target.color,
        baseline: target.baseline,
        direction: c.direction,
        tolerance: c.tolerance,
        weight: c.weight,
        windowMs: c.window,
        stepMs: c.step,
        noData: health.noData,
        timeoutMs: DEFAULT_TIMEOUT_MS,
      });
    case 'webhook':
      return webhookCheck(target, {
        name,
        url: c.url,
        timeoutMs: c.timeout ?? DEFAULT_TIMEOUT_MS,
        retries: c.retries,
      });
  }
}

/** The routing's tester header, when its router has one. */
function testerHeader(config: CutoverConfig): { name: string; value: string } | undefined {
  return (config.routing as { testerHeader?: { name: string; value: string } }).testerHeader;
}

/** `name`, else the kind and what it looks at; a repeated one gets `#2`, `#3`. */
export function uniqueNames(checks: readonly HealthCheck[]): string[] {
  const seen = new Map<string, number>();
  return checks.map((c) => {
    const base = c.name ?? defaultName(c);
    const n = (seen.get(base) ?? 0) + 1;
    seen.set(base, n);
    return n === 1 ? base : `${base} #${n}`;
  });
}

function defaultName(c: HealthCheck): string {
  switch (c.kind) {
    case 'rollout':
      return 'rollout';
    case 'http':
      return c.url ? `http ${c.url}` : `http ${c.path}`;
    case 'prometheus':
      return 'prometheus';
    case 'compare':
      return 'compare';
    case 'webhook':
      return `webhook ${new URL(c.url).host}`;
  }
}

export const serviceFor = (app: string, color: Color, previewColor: Color | undefined): string =>
  color === previewColor ? releaseNames(app).preview : releaseNames(app).stable;
