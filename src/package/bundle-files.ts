/**
 * What the deploy bundle holds: the cutover.yaml as given, and for each tenant unit what
 * the stages would apply for this image, rendered now by the same renderers they use:
 *
 *   cutover.yaml
 *   tenants/<unit>/manifests.yaml          app.manifests for the unit (provision-iac)
 *   tenants/<unit>/deployment-blue.yaml    the color Deployments with the built image
 *   tenants/<unit>/deployment-green.yaml   (deploy-color picks the color at deploy time)
 *
 * So a review sees exactly what a release changes, and a deploy from the bundle needs no
 * checkout. A pinned tenant keeps its own version: it gets no Deployments with this image.
 * Packaged for an environment, the tenants are that environment's (the file stays whole).
 */
import type { KubernetesObject } from '@kubernetes/client-node';
import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { stringify } from 'yaml';
import { loadConfig, type CutoverConfig } from '../config/index.ts';
import { parseImage } from '../release/image.ts';
import { COLORS, releaseLabels } from '../release/names.ts';
import { colorDeployment, loadWorkload, podTemplate } from '../release/workload.ts';
import { ownerLabels } from '../tenancy/labels.ts';
import { readManifestSource, renderManifests } from '../tenancy/manifests.ts';
import { manifestsDirOf } from '../tenancy/run.ts';
import { tenantUnits, type TenantUnit } from '../tenancy/units.ts';

export const CONFIG_FILE = 'cutover.yaml';

export interface BundleFilesOptions {
  configPath: string;
  /** The environment whose tenants and settings are rendered; default: the file as written. */
  environment?: string | undefined;
  /** The image the Deployments run, `repository@sha256:…`. */
  image: string;
  /** The Deployments' progress deadline: deploy-color's default timeout, 5 minutes. */
  progressDeadlineSeconds?: number;
}

export async function bundleFiles(
  o: BundleFilesOptions,
): Promise<{ app: string; files: Map<string, string> }> {
  const loaded = await loadConfig(o.configPath, { environment: o.environment });
  const { config } = loaded;
  const image = parseImage(o.image);
  const files = new Map<string, string>([[CONFIG_FILE, await readFile(o.configPath, 'utf8')]]);

  const dir = manifestsDirOf(loaded);
  const source = dir === undefined ? undefined : await readManifestSource(dir);
  const workload = config.app.workload
    ? await loadWorkload(resolve(dirname(o.configPath), config.app.workload))
    : undefined;

  for (const unit of tenantUnits(config)) {
    const base = `tenants/${unit.id}`;
    if (source) {
      const vars = {
        TENANT: unit.id,
        NAMESPACE: unit.namespace,
        RING: unit.ring,
        TIER: unit.tierName,
        APP: config.app.name,
      };
      const objects = renderManifests(source, vars, ownerLabels(config.app.name, unit.id));
      if (objects.length > 0) files.set(`${base}/manifests.yaml`, yamlDocs(objects));
    }
    const settings = unitSettings(config, unit);
    if (settings.pinned) continue;
    const template = podTemplate(workload, {
      name: config.app.name,
      port: config.app.port,
      env: settings.env,
      resources: settings.resources,
    });
    for (const color of COLORS) {
      const deployment = colorDeployment({
        app: config.app.name,
        namespace: unit.namespace,
        color,
        image,
        replicas: settings.replicas,
        labels: releaseLabels(config.app.name, unit.id),
        template,
        progressDeadlineSeconds: o.progressDeadlineSeconds ?? 300,
      });
      files.set(`${base}/deployment-${color}.yaml`, yamlDocs([deployment as KubernetesObject]));
    }
  }
  return { app: config.app.name, files };
}

/** A unit's settings as release/tenant.ts's tenantContext reads them (first tenant's overrides). */
function unitSettings(config: CutoverConfig, unit: TenantUnit) {
  const tenant = config.tenants.find((t) => t.id === unit.tenants[0])!;
  const ov = tenant.overrides ?? {};
  return {
    pinned: tenant.version !== undefined,
    replicas: ov.replicas ?? config.app.replicas,
    env: { ...(config.app.env ?? {}), ...(ov.env ?? {}) },
    resources: ov.resources ?? config.app.resources,
  };
}

function yamlDocs(objects: KubernetesObject[]): string {
  return objects.map((o) => stringify(o, { lineWidth: 0 })).join('---\n');
}
