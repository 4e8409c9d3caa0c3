/**
 * `app` and `image`: what is deployed.
 */
import * as z from 'zod';
import { DNS1035_LABEL } from '../units.ts';
import { doc, withHint } from './docs.ts';
import {
  APP_NAME_MAX,
  IMAGE_DIGEST,
  IMAGE_REPOSITORY,
  dnsLabelHint,
  envVars,
  imageTag,
  port,
  repositoryHint,
  resources,
} from './fields.ts';

// ---------------------------------------------------------------------------------------
// Sections.

export const appSchema = doc(
  'The application deployed for every tenant',
  z.strictObject({
    name: doc(
      `Application name: a DNS-1035 label of at most ${APP_NAME_MAX} characters. Names the Deployments (\`<name>-blue\`, \`<name>-green\`) and Services (\`<name>\`, \`<name>-preview\`)`,
      withHint(
        dnsLabelHint,
        z
          .string({ error: 'expected a name (a string)' })
          .max(APP_NAME_MAX, {
            error: `expected at most ${APP_NAME_MAX} characters, so that \`<name>-preview\` fits in 63`,
          })
          .regex(DNS1035_LABEL, {
            error:
              'expected a DNS-1035 label: lowercase letters, digits and `-`, starting with a letter and ending with a letter or digit',
          }),
      ),
    ),
    port: port('The port the container listens on'),
    replicas: doc(
      'Pods per color per tenant',
      z
        .int({ error: 'expected a whole number' })
        .min(1, { error: 'expected 1 or more' })
        .default(2),
    ),
    manifests: doc(
      'Path, relative to this file, to a directory of extra plain manifests or a kustomization applied in each tenant namespace',
      z.string().min(1, { error: 'expected a path' }),
    ).optional(),
    workload: doc(
      'Path, relative to this file, to a manifest with one Deployment whose pod template (probes, volumes, security context, sidecars) each color runs; cutover sets its name, labels, replicas and the image. Default: a Deployment generated from `port`, `replicas`, `env` and `resources` that passes the `restricted` Pod Security level',
      z.string().min(1, { error: 'expected a path' }),
    ).optional(),
    requiredKinds: doc(
      'Kinds in `manifests` (like `ServiceMonitor`) whose CRD must be installed: without it the run fails. Objects of other kinds whose CRD is missing are skipped and reported',
      z.array(
        withHint(
          'a kind name as in the manifests, like `ServiceMonitor` or `PrometheusRule`',
          z
            .string()
            .regex(/^[A-Z][A-Za-z0-9]*$/, { error: 'expected a kind name like `ServiceMonitor`' }),
        ),
      ),
    ).optional(),
    env: envVars('Environment variables of the container, for every tenant').optional(),
    resources: resources('Container resources, for every tenant').optional(),
  }),
);

export const imageSchema = doc(
  'The container image. The pipeline usually supplies the tag or digest it built',
  z.strictObject({
    repository: doc(
      'OCI repository without tag or digest, like `ghcr.io/acme/shop`',
      withHint(
        repositoryHint,
        z
          .string({ error: 'expected an image repository (a string)' })
          .max(255, { error: 'expected at most 255 characters' })
          .regex(IMAGE_REPOSITORY, {
            error: 'expected an image repository without tag or digest, like `ghcr.io/acme/shop`',
          }),
      ),
    ),
    tag: imageTag('Default tag to deploy when the pipeline gives none').optional(),
    digest: doc(
      'Digest to deploy (wins over the tag)',
      withHint(
        'a digest is `sha256:` and 64 lowercase hex digits',
        z.string().regex(IMAGE_DIGEST, { error: 'expected a digest `sha256:<64 hex digits>`' }),
      ),
    ).optional(),
  }),
);
