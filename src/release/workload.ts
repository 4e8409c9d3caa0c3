/**
 * The pod template each color runs: the user's own Deployment (`app.workload`: probes,
 * volumes, security context, sidecars are theirs) or, without one, a template generated
 * from `app` that passes the `restricted` Pod Security level. cutover sets the name,
 * labels, selector, replicas and the app container's image; everything else is the user's.
 */
import type { V1Container, V1Deployment, V1PodTemplateSpec } from '@kubernetes/client-node';
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { parseAllDocuments } from 'yaml';
import { CutoverError } from '../errors.ts';
import type { ImageRef } from './image.ts';
import {
  COLOR_LABEL,
  IMAGE_ANNOTATION,
  VERSION_LABEL,
  colorSelector,
  releaseNames,
  type Color,
} from './names.ts';

/** What the template generated from `app` needs. */
export interface AppSettings {
  name: string;
  port: number;
  env: Record<string, string>;
  resources: { requests?: Record<string, string>; limits?: Record<string, string> } | undefined;
}

/** On a Deployment: a hash of everything cutover sets except replicas, to skip equal writes. */
export const SPEC_HASH_ANNOTATION = 'cutover.dev/spec-hash';

/** Reads `app.workload`: exactly one Deployment, with a container to run the image in. */
export async function loadWorkload(
  file: string,
  field = 'app.workload',
): Promise<V1PodTemplateSpec> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    throw new CutoverError('WORKLOAD_INVALID', `${field}: cannot read ${file}`, {
      hint: 'the path is relative to the config file; it names one YAML file with a Deployment',
    });
  }
  const docs = parseAllDocuments(text);
  const bad = docs.find((d) => d.errors.length > 0);
  if (bad)
    throw new CutoverError(
      'WORKLOAD_INVALID',
      `${field}: ${file} is not valid YAML: ${bad.errors[0]!.message}`,
    );
  const deployments = docs
    .map((d) => d.toJS() as { kind?: string; metadata?: { name?: string } } | null)
    .filter((o): o is V1Deployment & { kind: string } => o?.kind === 'Deployment');
  if (deployments.length !== 1) {
    throw new CutoverError(
      'WORKLOAD_INVALID',
      `${field}: ${file} has ${deployments.length === 0 ? 'no Deployment' : `${deployments.length} Deployments (${deployments.map((d) => d.metadata?.name ?? '?').join(', ')})`}; expected exactly one`,
      {
        hint: 'the workload file holds the one Deployment whose pod template both colors run; put other objects in app.manifests',
      },
    );
  }
  const template = deployments[0]!.spec?.template;
  if (!template?.spec?.containers?.length)
    throw new CutoverError(
      'WORKLOAD_INVALID',
      `${field}: the Deployment in ${file} has no spec.template.spec.containers`,
      {
        hint: 'give the pod template at least the app container',
      },
    );
  return template;
}

/**
 * The pod template of a tenant: the user's (with the app's env and resources, as the
 * tenant overrides them, merged into the app container) or the generated one.
 */
export function podTemplate(
  base: V1PodTemplateSpec | undefined,
  app: AppSettings,
): V1PodTemplateSpec {
  if (!base) return generatedTemplate(app);
  const template = structuredClone(base);
  const containers = template.spec!.containers;
  const main = containers.find((c) => c.name === app.name) ?? containers[0]!;
  const ours = new Set(Object.keys(app.env));
  const env = [
    ...(main.env ?? []).filter((e) => !ours.has(e.name)),
    ...Object.entries(app.env).map(([name, value]) => ({ name, value })),
  ];
  containers.splice(containers.indexOf(main), 1, {
    ...main,
    ...(env.length > 0 ? { env } : {}),
    ...(app.resources ? { resources: app.resources } : {}),
  });
  return template;
}

/** A pod template that passes `restricted`: non-root, no privilege escalation, no capabilities, RuntimeDefault seccomp. */
function generatedTemplate(app: AppSettings): V1PodTemplateSpec {
  return {
    spec: {
      securityContext: { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } },
      containers: [
        {
          name: app.name,
          ports: [{ name: 'http', containerPort: app.port, protocol: 'TCP' }],
          ...(Object.keys(app.env).length > 0
            ? { env: Object.entries(app.env).map(([name, value]) => ({ name, value })) }
            : {}),
          ...(app.resources ? { resources: app.resources } : {}),
          readinessProbe: { tcpSocket: { port: 'http' }, periodSeconds: 5 },
          securityContext: {
            allowPrivilegeEscalation: false,
            capabilities: { drop: ['ALL'] },
            readOnlyRootFilesystem: true,
            runAsNonRoot: true,
          },
        },
      ],
    },
  };
}

export interface ColorDeployment {
  app: string;
  namespace: string;
  color: Color;
  image: ImageRef;
  replicas: number;
  labels: Record<string, string>;
  template: V1PodTemplateSpec;
  /** Seconds without progress before the Deployment reports ProgressDeadlineExceeded. */
  progressDeadlineSeconds: number;
}

/** The Deployment `<app>-<color>`: the template with our labels, and the image in the app container. */
export function colorDeployment(d: ColorDeployment): V1Deployment {
  const names = releaseNames(d.app);
  const labels = {
    ...d.labels,
    [COLOR_LABEL]: d.color,
    [VERSION_LABEL]: labelValue(d.image.version),
  };
  const template = structuredClone(d.template);
  const containers = template.spec!.containers;
  const main = containers.find((c) => c.name === d.app) ?? containers[0]!;
  containers.splice(containers.indexOf(main), 1, {
    ...main,
    image: d.image.ref,
  } satisfies V1Container);
  template.metadata = {
    ...template.metadata,
    labels: { ...(template.metadata?.labels ?? {}), ...labels, ...colorSelector(d.app, d.color) },
    annotations: { ...(template.metadata?.annotations ?? {}), [IMAGE_ANNOTATION]: d.image.ref },
  };
  const spec = {
    selector: { matchLabels: colorSelector(d.app, d.color) },
    progressDeadlineSeconds: d.progressDeadlineSeconds,
    template,
  };
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: {
      name: names.deployment(d.color),
      namespace: d.namespace,
      labels,
      annotations: {
        [IMAGE_ANNOTATION]: d.image.ref,
        [SPEC_HASH_ANNOTATION]: hashOf(spec, labels),
      },
    },
    spec: { replicas: d.replicas, ...spec },
  };
}

/** A label value is at most 63 characters of `[A-Za-z0-9._-]`: a long tag is cut. */
function labelValue(v: string): string {
  return v
    .replace(/[^A-Za-z0-9._-]/g, '_')
    .slice(0, 63)
    .replace(/[^A-Za-z0-9]+$/, '');
}

function hashOf(...parts: unknown[]): string {
  return createHash('sha256').update(JSON.stringify(parts)).digest('hex').slice(0, 16);
}

/** Whether the live Deployment already is what `want` describes (replicas aside). */
export function sameSpec(live: V1Deployment | undefined, want: V1Deployment): boolean {
  return (
    live?.metadata?.annotations?.[SPEC_HASH_ANNOTATION] ===
    want.metadata?.annotations?.[SPEC_HASH_ANNOTATION]
  );
}
