/**
 * The schema of cutover.yaml: one zod schema for everything the stages read. Objects are
 * strict (an unknown key is an error), defaults are applied on parse, durations come out as
 * milliseconds and quantities as strings. Checks that span fields (a tenant's ring exists,
 * namespaces do not collide, ...) live in `checks.ts`, so the loader can report them with
 * the schema's own problems in one list.
 *
 * Messages written here start with "expected ..."; the loader appends ", found ..." with
 * what the file holds. Descriptions go to the JSON Schema (editor tooltips); hints go to the
 * error a user sees.
 */
import * as z from 'zod';
import { templateProblem, renderTemplate } from './templates.ts';
import {
  DNS1035_LABEL,
  DNS1123_LABEL,
  DNS1123_SUBDOMAIN,
  DURATION_PATTERN,
  QUANTITY_PATTERN,
  isLabelValue,
  labelKeyProblem,
  parseDuration,
} from './units.ts';

/** Descriptions of the schema's parts, for the JSON Schema export. */
export const configDocs = z.registry<{ description?: string; title?: string }>();

/** A hint for a user whose value a part of the schema rejected; may look at the value. */
export type HintFn = (value: unknown) => string | undefined;
export const configHints = z.registry<{ hint: string | HintFn }>();

function doc<T extends z.ZodType>(description: string, schema: T): T {
  configDocs.add(schema, { description });
  return schema;
}

function withHint<T extends z.ZodType>(hint: string | HintFn, schema: T): T {
  configHints.add(schema, { hint });
  return schema;
}

// ---------------------------------------------------------------------------------------
// Building blocks. Each is a function so every use is its own schema with its own docs.

export const APP_NAME_MAX = 55; // `<name>-preview`, the longest derived name, stays <= 63
export const ROUTING_METHODS = ['service', 'gateway-api', 'ingress-nginx', 'istio', 'smi'] as const;
export const POD_SECURITY_LEVELS = ['privileged', 'baseline', 'restricted'] as const;
export const DEFAULT_NAMESPACE_TEMPLATE = '{app}-{tenant}';
export const DEFAULT_WEIGHTED_STEPS = [10, 50, 100];
/** Label keys cutover sets itself; a tenant's `labels` may not override them. */
export const RESERVED_LABEL_PREFIXES = ['cutover.dev/', 'pod-security.kubernetes.io/'];
export const RESERVED_LABEL_KEYS = [
  'app.kubernetes.io/name',
  'app.kubernetes.io/instance',
  'app.kubernetes.io/version',
  'app.kubernetes.io/managed-by',
];

/** `Canary_1` -> `canary-1`: a close valid DNS label, for hints. */
function asLabel(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const s = value
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 63)
    .replace(/-+$/, '');
  return s && s !== value ? `try \`${s}\`` : undefined;
}

const dnsLabelHint: HintFn = (v) =>
  typeof v !== 'string' || DNS1123_LABEL.test(v)
    ? undefined
    : (asLabel(v) ?? 'Kubernetes names are lowercase letters, digits and `-`, like `eu-west-1`');

function dnsLabel(description: string) {
  return doc(
    description,
    withHint(
      dnsLabelHint,
      z
        .string({ error: 'expected a name (a string)' })
        .max(63, { error: 'expected at most 63 characters' })
        .regex(DNS1123_LABEL, {
          error:
            'expected a DNS-1123 label: lowercase letters, digits and `-`, starting and ending with a letter or digit',
        }),
    ),
  );
}

const quantityHint: HintFn = (v) => {
  if (typeof v === 'string') {
    const m = /^(\d+(?:\.\d+)?)\s*([kKMGTPE])[bB]$/.exec(v.trim());
    if (m) {
      const p = m[2]!.toUpperCase() === 'K' ? 'K' : m[2]!.toUpperCase();
      return `\`${v}\` is not a Kubernetes unit: write \`${m[1]}${p}i\` (powers of 1024) or \`${m[1]}${p === 'K' ? 'k' : p}\` (powers of 1000)`;
    }
    if (/\s/.test(v)) return 'write the number and unit without spaces, like `512Mi`';
  }
  return 'CPU in cores or millicores (`2`, `500m`), memory in bytes with a suffix (`512Mi`, `8Gi`)';
};

const QUANTITY_EXPECTED = 'expected a Kubernetes quantity such as `500m`, `2`, `512Mi` or `8Gi`';

/** A Kubernetes quantity; a YAML number is accepted and kept as its string. */
function quantity(description: string) {
  return doc(
    description,
    withHint(
      quantityHint,
      z
        .union(
          [
            z.string().regex(QUANTITY_PATTERN, { error: QUANTITY_EXPECTED }),
            z.number().nonnegative({ error: QUANTITY_EXPECTED }),
          ],
          { error: QUANTITY_EXPECTED },
        )
        .transform((q) => String(q)),
    ),
  );
}

const durationHint: HintFn = (v) =>
  typeof v === 'number'
    ? `add a unit: \`${v}s\` for seconds or \`${v}ms\` for milliseconds`
    : 'a number and a unit (`ms`, `s`, `m`, `h`), like `500ms`, `10s`, `5m`, `1h` or `1m30s`';

/** A duration string, parsed to milliseconds. */
function duration(description: string, opts: { allowZero?: boolean } = {}) {
  const s = z
    .string({ error: 'expected a duration such as `10s` or `5m`' })
    .regex(DURATION_PATTERN, { error: 'expected a duration such as `500ms`, `10s`, `5m` or `1h`' })
    .refine((d) => opts.allowZero || (parseDuration(d) ?? 0) > 0, {
      error: 'expected a duration longer than 0',
    })
    .transform((d) => parseDuration(d) ?? 0);
  return doc(
    `${description} (a duration such as \`10s\`; read as milliseconds)`,
    withHint(durationHint, s),
  );
}

function count(description: string) {
  return doc(
    description,
    z.int({ error: 'expected a whole number' }).min(0, { error: 'expected 0 or more' }),
  );
}

function port(description: string) {
  return doc(
    description,
    z
      .int({ error: 'expected a port number' })
      .min(1, { error: 'expected a port from 1 to 65535' })
      .max(65535, { error: 'expected a port from 1 to 65535' }),
  );
}

function httpUrl(description: string) {
  return doc(
    description,
    withHint(
      'a full URL with scheme and host, like `https://prometheus.monitoring:9090`',
      z.url({ protocol: /^https?$/, error: 'expected an http:// or https:// URL' }),
    ),
  );
}

const cpuMemory = (what: string) =>
  z.strictObject({
    cpu: quantity(`CPU ${what}, in cores (\`2\`) or millicores (\`500m\`)`).optional(),
    memory: quantity(`Memory ${what}, like \`512Mi\` or \`2Gi\``).optional(),
  });

const requiredCpuMemory = (what: string) =>
  z.strictObject({
    cpu: quantity(`CPU ${what}, in cores (\`2\`) or millicores (\`500m\`)`),
    memory: quantity(`Memory ${what}, like \`512Mi\` or \`2Gi\``),
  });

function resources(description: string) {
  return doc(
    description,
    z.strictObject({
      requests: doc('What each pod asks the scheduler for', cpuMemory('request')).optional(),
      limits: doc('The most each pod may use', cpuMemory('limit')).optional(),
    }),
  );
}

const ENV_NAME = /^[-._a-zA-Z][-._a-zA-Z0-9]*$/;

function envVars(description: string) {
  return doc(
    description,
    z.record(
      z.string().regex(ENV_NAME, {
        error:
          'expected an environment variable name: letters, digits, `_`, `-` and `.`, not starting with a digit',
      }),
      withHint(
        (v) =>
          typeof v === 'number' || typeof v === 'boolean'
            ? `quote it, Kubernetes env values are strings: "${String(v)}"`
            : undefined,
        z.string({ error: 'expected a string value' }),
      ),
    ),
  );
}

function labels(description: string) {
  return doc(
    description,
    z.record(
      z.string().superRefine((key, ctx) => {
        const problem = labelKeyProblem(key);
        if (problem) {
          ctx.addIssue({ code: 'custom', message: `expected a Kubernetes label key: ${problem}` });
        } else if (
          RESERVED_LABEL_PREFIXES.some((p) => key.startsWith(p)) ||
          RESERVED_LABEL_KEYS.includes(key)
        ) {
          ctx.addIssue({
            code: 'custom',
            message: `expected a label key cutover does not set itself, found the reserved \`${key}\``,
            params: { hint: 'cutover sets this label on the objects it manages; use your own key' },
          });
        }
      }),
      withHint(
        (v) =>
          typeof v === 'number' || typeof v === 'boolean'
            ? `quote it, label values are strings: "${String(v)}"`
            : 'label values are at most 63 letters, digits, `-`, `_` or `.`, starting and ending with a letter or digit',
        z.string({ error: 'expected a string label value' }).refine(isLabelValue, {
          error: 'expected a Kubernetes label value',
        }),
      ),
    ),
  );
}

function labelSelector(description: string) {
  const expression = z
    .strictObject({
      key: z.string().min(1, { error: 'expected a label key' }),
      operator: z.enum(['In', 'NotIn', 'Exists', 'DoesNotExist']),
      values: z.array(z.string()).optional(),
    })
    .superRefine((e, ctx) => {
      const needsValues = e.operator === 'In' || e.operator === 'NotIn';
      if (needsValues && !e.values?.length) {
        ctx.addIssue({
          code: 'custom',
          path: ['values'],
          message: `expected a non-empty \`values\` list for operator ${e.operator}`,
        });
      } else if (!needsValues && e.values !== undefined) {
        ctx.addIssue({
          code: 'custom',
          path: ['values'],
          message: `expected no \`values\` for operator ${e.operator}`,
          params: { hint: 'remove `values`: Exists and DoesNotExist only look at the key' },
        });
      }
    });
  return doc(
    description,
    z.strictObject({
      matchLabels: labels('Labels the namespace must have').optional(),
      matchExpressions: z.array(expression).optional(),
    }),
  );
}

const IMAGE_REPOSITORY =
  /^(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)*(?::\d+)?\/)?[a-z0-9]+(?:(?:\.|_|__|-+)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:\.|_|__|-+)[a-z0-9]+)*)*$/;
const IMAGE_TAG = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;
const IMAGE_DIGEST = /^sha256:[a-f0-9]{64}$/;

const repositoryHint: HintFn = (v) => {
  if (typeof v !== 'string') return undefined;
  const at = v.indexOf('@');
  if (at > 0) return `put the digest in \`image.digest\`: repository \`${v.slice(0, at)}\``;
  const lastSlash = v.lastIndexOf('/');
  const colon = v.indexOf(':', lastSlash + 1);
  if (colon > 0) {
    return `put the tag in \`image.tag\`: repository \`${v.slice(0, colon)}\`, tag "${v.slice(colon + 1)}"`;
  }
  if (/[A-Z]/.test(v)) return 'image repositories are lowercase';
  return undefined;
};

const quoteHint: HintFn = (v) =>
  typeof v === 'number' || typeof v === 'boolean'
    ? `quote it, so YAML reads it as text: "${String(v)}"`
    : undefined;

function imageTag(description: string) {
  return doc(
    description,
    withHint(
      quoteHint,
      z.string({ error: 'expected an image tag (a string)' }).regex(IMAGE_TAG, {
        error:
          'expected an image tag: up to 128 letters, digits, `_`, `.` and `-`, not starting with `.` or `-`',
      }),
    ),
  );
}

function template(description: string, what: 'namespace' | 'host') {
  return doc(
    description,
    z.string({ error: `expected a ${what} template (a string)` }).superRefine((t, ctx) => {
      const problem = templateProblem(t);
      if (problem) {
        ctx.addIssue({ code: 'custom', message: `expected a valid template: ${problem}` });
        return;
      }
      const sample = renderTemplate(t, { app: 'a', tenant: 't', ring: 'r' });
      if (what === 'namespace') {
        if (!t.includes('{tenant}')) {
          ctx.addIssue({
            code: 'custom',
            message: 'expected a template with `{tenant}`, so each tenant gets its own namespace',
            params: {
              hint: "e.g. `{app}-{tenant}`; to name one tenant's namespace by hand, set `namespace:` on the tenant",
            },
          });
        } else if (!DNS1123_LABEL.test(sample)) {
          ctx.addIssue({
            code: 'custom',
            message: `expected a template that renders a DNS-1123 label, found one that renders \`${sample}\` (with app \`a\`, tenant \`t\`, ring \`r\`)`,
            params: {
              hint: 'namespace names are lowercase letters, digits and `-`, starting and ending with a letter or digit',
            },
          });
        }
      } else if (sample.length > 253 || !DNS1123_SUBDOMAIN.test(sample)) {
        ctx.addIssue({
          code: 'custom',
          message: `expected a template that renders a host name, found one that renders \`${sample}\``,
          params: {
            hint: 'a lowercase DNS name like `{tenant}.shop.example.com`, without scheme or path',
          },
        });
      }
    }),
  );
}

// ---------------------------------------------------------------------------------------
// Sections.

const appSchema = doc(
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
    env: envVars('Environment variables of the container, for every tenant').optional(),
    resources: resources('Container resources, for every tenant').optional(),
  }),
);

const imageSchema = doc(
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

const ringSchema = z.strictObject({
  name: dnsLabel('Ring name, referenced by tenants'),
  concurrency: doc(
    "How many of the ring's tenants deploy at once",
    z.int({ error: 'expected a whole number' }).min(1, { error: 'expected 1 or more' }).default(1),
  ),
  pauseForApproval: doc(
    'Wait for an approval before the ring starts',
    z.boolean({ error: 'expected true or false' }).default(false),
  ),
  environment: doc(
    'GitHub environment the ring deploys in (its protection rules gate the ring)',
    z
      .string({ error: 'expected an environment name (a string)' })
      .min(1, { error: 'expected an environment name' })
      .max(255, { error: 'expected at most 255 characters' }),
  ).optional(),
});

const overridesSchema = doc(
  'Per-tenant changes to the app settings',
  z.strictObject({
    replicas: doc(
      'Pods per color for this tenant',
      z.int({ error: 'expected a whole number' }).min(1, { error: 'expected 1 or more' }),
    ).optional(),
    env: envVars('Environment variables added to (or replacing) app.env').optional(),
    resources: resources('Container resources replacing app.resources').optional(),
  }),
);

const tenantSchema = z.strictObject({
  id: dnsLabel('Tenant id, unique'),
  ring: dnsLabel('The ring the tenant deploys in (a name from `rings`)'),
  tier: dnsLabel('The isolation tier (a name from `isolation.tiers`)'),
  version: doc(
    'Pin the tenant at this image tag or digest: rollouts leave it alone',
    withHint(
      quoteHint,
      z
        .string({ error: 'expected a version (a string)' })
        .regex(new RegExp(`${IMAGE_TAG.source}|${IMAGE_DIGEST.source}`), {
          error: 'expected an image tag like "1.4.2" or a digest `sha256:...`',
        }),
    ),
  ).optional(),
  group: dnsLabel(
    'Tenants with the same group share one namespace and one deployment; the namespace is rendered with {tenant} = the group',
  ).optional(),
  namespace: dnsLabel('Explicit namespace, instead of isolation.namespaceTemplate').optional(),
  overrides: overridesSchema.optional(),
  labels: labels("Extra labels on the tenant's namespace and objects").optional(),
});

const tierSchema = z.strictObject({
  quota: doc(
    'ResourceQuota of the tenant namespace',
    z.strictObject({
      cpu: quantity('Total CPU requests (requests.cpu)'),
      memory: quantity('Total memory requests (requests.memory)'),
      limits: doc('Total limits (limits.cpu, limits.memory)', cpuMemory('limit total')).optional(),
      pods: count('Pods').optional(),
      services: count('Services').optional(),
      configMaps: count('ConfigMaps').optional(),
      secrets: count('Secrets').optional(),
      persistentVolumeClaims: count('PersistentVolumeClaims').optional(),
      storage: quantity('Total storage requests (requests.storage)').optional(),
    }),
  ),
  limitRange: doc(
    'LimitRange of the tenant namespace: defaults for containers that set no resources',
    z.strictObject({
      defaultRequest: doc('Default requests', requiredCpuMemory('request')),
      default: doc('Default limits', requiredCpuMemory('limit')),
      max: doc('Largest limits a container may set', cpuMemory('maximum')).optional(),
    }),
  ).optional(),
});

const egressRule = z.strictObject({
  cidr: doc(
    'Destination range, like `10.0.0.0/8`',
    withHint(
      'an IPv4 or IPv6 range in CIDR notation, like `10.20.0.0/16`',
      z.union([z.cidrv4(), z.cidrv6()], { error: 'expected an IP range in CIDR notation' }),
    ),
  ),
  ports: z
    .array(
      z.strictObject({
        port: port('Destination port'),
        protocol: z.enum(['TCP', 'UDP', 'SCTP']).default('TCP'),
      }),
    )
    .optional(),
});

const networkPolicySchema = doc(
  'The default-deny NetworkPolicy of each tenant namespace and its allowances',
  z.strictObject({
    allowDNS: doc(
      'Allow egress to cluster DNS',
      z.boolean({ error: 'expected true or false' }).default(true),
    ),
    ingressNamespaceSelector: doc(
      "Namespaces allowed to reach the app port (the ingress or gateway). Default: the Gateway's namespace for gateway-api, `istio-system` for istio, else `ingress-nginx`. `null` allows none",
      labelSelector('Namespace selector').nullable(),
    ).optional(),
    monitoringNamespaceSelector: doc(
      'Namespaces allowed to scrape the pods. `null` allows none',
      labelSelector('Namespace selector').nullable(),
    ).default({ matchLabels: { 'kubernetes.io/metadata.name': 'monitoring' } }),
    extraEgress: doc('More allowed egress', z.array(egressRule)).default([]),
  }),
);

const isolationSchema = doc(
  'What each tenant namespace gets: Pod Security level, quota, limits, network policy',
  z.strictObject({
    namespaceTemplate: template(
      'Namespace of each tenant, from the placeholders {app}, {tenant} and {ring}',
      'namespace',
    ).default(DEFAULT_NAMESPACE_TEMPLATE),
    podSecurity: doc(
      'Pod Security Standard enforced on the namespace',
      z.enum(POD_SECURITY_LEVELS),
    ).default('restricted'),
    allowNamespaceDeletion: doc(
      'Let prune delete the namespace of a tenant removed from this file. Off: prune never deletes a namespace',
      z.boolean({ error: 'expected true or false' }).default(false),
    ),
    tiers: doc(
      'Named sets of quota and limits; each tenant names one',
      z.record(dnsLabel('Tier name'), tierSchema).refine((t) => Object.keys(t).length > 0, {
        error: 'expected at least one tier',
      }),
    ),
    networkPolicy: networkPolicySchema.prefault({}),
  }),
);

const stepsSchema = doc(
  'Percentages of traffic green gets, in order; the last is 100. Default [10, 50, 100], or [100] for the service method',
  z
    .array(
      z
        .int({ error: 'expected a whole percentage' })
        .min(1, { error: 'expected a percentage from 1 to 100' })
        .max(100, { error: 'expected a percentage from 1 to 100' }),
    )
    .min(1, { error: 'expected at least one step' })
    .superRefine((steps, ctx) => {
      for (let i = 1; i < steps.length; i++) {
        if (steps[i]! <= steps[i - 1]!) {
          ctx.addIssue({
            code: 'custom',
            path: [i],
            message: `expected steps in increasing order, found ${steps[i]} after ${steps[i - 1]}`,
          });
        }
      }
      if (steps.at(-1) !== 100) {
        ctx.addIssue({
          code: 'custom',
          message: `expected the last step to be 100, found ${steps.at(-1)}`,
          params: { hint: 'a rollout ends with all traffic on green: end the list with 100' },
        });
      }
    }),
);

const routingSchema = doc(
  'How traffic moves from blue to green',
  z
    .strictObject({
      method: doc(
        'service: switch the Service selector (0/100); gateway-api: HTTPRoute weights; ingress-nginx: canary Ingress; istio: VirtualService; smi: TrafficSplit',
        z.enum(ROUTING_METHODS),
      ).default('service'),
      steps: stepsSchema.optional(),
      testerHeader: doc(
        'Requests with this header reach green before any public traffic does',
        z.strictObject({
          name: withHint(
            'header names are letters, digits and `-`, like `x-cutover-preview`',
            z.string().regex(/^[A-Za-z0-9-]+$/, { error: 'expected an HTTP header name' }),
          ),
          value: z
            .string({ error: 'expected a header value (a string)' })
            .min(1, { error: 'expected a non-empty header value' }),
        }),
      ).optional(),
      gateway: doc(
        'The Gateway the HTTPRoutes attach to (method gateway-api)',
        z.strictObject({
          name: doc(
            'Gateway name',
            z
              .string({ error: 'expected a name (a string)' })
              .max(253, { error: 'expected at most 253 characters' })
              .regex(DNS1123_SUBDOMAIN, { error: 'expected a Kubernetes object name' }),
          ),
          namespace: dnsLabel('Gateway namespace'),
          sectionName: doc('Listener of the Gateway', z.string().min(1)).optional(),
        }),
      ).optional(),
      host: template(
        'Host name the app is served at; may use {tenant}, {app} and {ring}, like `{tenant}.shop.example.com`',
        'host',
      ).optional(),
    })
    .transform((r) => ({
      ...r,
      steps: r.steps ?? (r.method === 'service' ? [100] : [...DEFAULT_WEIGHTED_STEPS]),
    })),
);

const checkName = doc("Name shown in the gate's evidence", z.string().min(1)).optional();
const checkTimeout = (what: string) =>
  duration(`How long ${what} may take (default: health.timeout)`).optional();

const rolloutCheck = z.strictObject({
  kind: z.literal('rollout'),
  name: checkName,
  timeout: checkTimeout('the green Deployment'),
});

const httpCheck = z.strictObject({
  kind: z.literal('http'),
  name: checkName,
  path: doc(
    'Path requested on the preview Service',
    withHint(
      (v) => (typeof v === 'string' ? `write \`/${v}\`` : undefined),
      z.string({ error: 'expected a path (a string)' }).startsWith('/', {
        error: 'expected a path starting with `/`',
      }),
    ),
  ),
  port: port('Port to request (default: app.port)').optional(),
  expectStatus: doc(
    'Expected HTTP status',
    z
      .int({ error: 'expected an HTTP status code' })
      .min(100, { error: 'expected an HTTP status from 100 to 599' })
      .max(599, { error: 'expected an HTTP status from 100 to 599' }),
  ).default(200),
  timeout: checkTimeout('one request'),
});

const prometheusCheck = z
  .strictObject({
    kind: z.literal('prometheus'),
    name: checkName,
    query: doc(
      'PromQL whose result must stay within min/max. {namespace}, {tenant}, {app} and {color} are filled in for the tenant and color under test',
      z
        .string({ error: 'expected a PromQL query (a string)' })
        .min(1, { error: 'expected a query' }),
    ),
    min: doc('Lowest passing value', z.number({ error: 'expected a number' })).optional(),
    max: doc('Highest passing value', z.number({ error: 'expected a number' })).optional(),
  })
  .superRefine((c, ctx) => {
    if (c.min === undefined && c.max === undefined) {
      ctx.addIssue({
        code: 'custom',
        message: 'expected `min`, `max` or both, found neither',
        params: { hint: 'say which values pass, e.g. `max: 0.01` for an error ratio' },
      });
    } else if (c.min !== undefined && c.max !== undefined && c.min > c.max) {
      ctx.addIssue({
        code: 'custom',
        path: ['min'],
        message: `expected min <= max, found min ${c.min} and max ${c.max}`,
      });
    }
  });

const compareCheck = z.strictObject({
  kind: z.literal('compare'),
  name: checkName,
  query: doc(
    'PromQL with a `{color}` placeholder, run for blue and for green; {namespace}, {tenant} and {app} are filled in too',
    withHint(
      'write `{color}` where the color goes, e.g. `sum(rate(http_errors_total{color="{color}"}[5m]))`',
      z
        .string({ error: 'expected a PromQL query (a string)' })
        .includes('{color}', { error: 'expected a query containing the `{color}` placeholder' }),
    ),
  ),
  tolerance: doc(
    'How much worse green may be than blue, as a fraction (0.1 = 10%)',
    withHint(
      (v) =>
        typeof v === 'number' && v > 1 && v <= 100
          ? `a fraction, not a percentage: ${v}% is \`${v / 100}\``
          : undefined,
      z
        .number({ error: 'expected a number from 0 to 1' })
        .min(0, { error: 'expected a number from 0 to 1' })
        .max(1, { error: 'expected a number from 0 to 1' }),
    ),
  ),
  direction: doc(
    'Which values are better: `lower` (errors, latency) or `higher` (throughput)',
    z.enum(['lower', 'higher']),
  ),
});

const webhookCheck = z.strictObject({
  kind: z.literal('webhook'),
  name: checkName,
  url: httpUrl('URL that gets a POST with the deployment; a 2xx answer passes'),
  timeout: checkTimeout('the request'),
});

const checkSchema = doc(
  'One piece of evidence the health gate judges',
  z.discriminatedUnion('kind', [
    rolloutCheck,
    httpCheck,
    prometheusCheck,
    compareCheck,
    webhookCheck,
  ]),
);

const healthSchema = doc(
  'The health gate run after each deploy and traffic step',
  z.strictObject({
    interval: duration('Time between rounds of checks').prefault('10s'),
    timeout: duration('How long the gate may take in all').prefault('5m'),
    failureLimit: doc(
      'Failed rounds after which the gate fails',
      z
        .int({ error: 'expected a whole number' })
        .min(1, { error: 'expected 1 or more' })
        .default(3),
    ),
    checks: doc(
      'The checks; each round runs them all',
      z.array(checkSchema).min(1, {
        error: 'expected at least one check',
      }),
    ).default([{ kind: 'rollout' }]),
  }),
);

const blueRetentionSchema = doc(
  'What happens to blue once green has all the traffic',
  z.discriminatedUnion('mode', [
    z.strictObject({
      mode: z.literal('keep-warm'),
      replicas: doc(
        'Blue pods kept running for an instant rollback',
        z
          .int({ error: 'expected a whole number' })
          .min(1, { error: 'expected 1 or more' })
          .default(1),
      ),
      delay: duration('Wait before scaling blue down', { allowZero: true }).prefault('10m'),
    }),
    z.strictObject({
      mode: z.literal('delete'),
      delay: duration('Wait before deleting blue', { allowZero: true }).prefault('10m'),
    }),
  ]),
);

const observabilitySchema = doc(
  'Where metrics and alerts go',
  z.strictObject({
    prometheus: doc(
      'Prometheus queried by `prometheus` and `compare` checks',
      z.strictObject({ url: httpUrl('Prometheus base URL') }),
    ).optional(),
    pushgateway: doc(
      'Pushgateway receiving deployment metrics',
      z.strictObject({ url: httpUrl('Pushgateway base URL') }),
    ).optional(),
    alertReceivers: doc(
      'Webhooks notified of deployments and failed gates',
      z.array(
        z.strictObject({
          name: dnsLabel('Receiver name, unique'),
          webhookUrl: httpUrl('Webhook URL'),
        }),
      ),
    ).optional(),
  }),
);

/** The input side of the schema (before defaults and transforms); also the JSON Schema. */
export const configObjectSchema = z.strictObject({
  version: doc(
    'Config format version',
    withHint('this cutover reads `version: 1`', z.literal(1, { error: 'expected version 1' })),
  ),
  app: appSchema,
  image: imageSchema,
  rings: doc(
    'Deployment waves, in order: a ring starts when the one before it succeeded',
    z.array(ringSchema).min(1, { error: 'expected at least one ring' }),
  ),
  tenants: doc(
    'The tenants',
    z.array(tenantSchema).min(1, { error: 'expected at least one tenant' }),
  ),
  isolation: isolationSchema,
  routing: routingSchema.prefault({}),
  health: healthSchema.prefault({}),
  blueRetention: blueRetentionSchema.prefault({ mode: 'keep-warm' }),
  observability: observabilitySchema.prefault({}),
});

/** Defaults that depend on other sections, filled after the sections parsed. */
export const cutoverConfigSchema = configObjectSchema.transform((c) => {
  const { networkPolicy } = c.isolation;
  const ingressNamespaceSelector =
    networkPolicy.ingressNamespaceSelector !== undefined
      ? networkPolicy.ingressNamespaceSelector
      : { matchLabels: { 'kubernetes.io/metadata.name': defaultIngressNamespace(c.routing) } };
  return {
    ...c,
    isolation: { ...c.isolation, networkPolicy: { ...networkPolicy, ingressNamespaceSelector } },
    health: {
      ...c.health,
      checks: c.health.checks.map((check) =>
        check.kind === 'http' ? { ...check, port: check.port ?? c.app.port } : check,
      ),
    },
  };
});

function defaultIngressNamespace(routing: {
  method: string;
  gateway?: { namespace: string };
}): string {
  if (routing.method === 'gateway-api' && routing.gateway) return routing.gateway.namespace;
  if (routing.method === 'istio') return 'istio-system';
  return 'ingress-nginx';
}

/** cutover.yaml as the stages read it: defaults applied, durations in milliseconds. */
export type CutoverConfig = z.output<typeof cutoverConfigSchema>;
/** cutover.yaml as written (what the JSON Schema describes). */
export type CutoverConfigInput = z.input<typeof cutoverConfigSchema>;

export type AppConfig = CutoverConfig['app'];
export type ImageConfig = CutoverConfig['image'];
export type Ring = CutoverConfig['rings'][number];
export type Tenant = CutoverConfig['tenants'][number];
export type TenantOverrides = NonNullable<Tenant['overrides']>;
export type IsolationConfig = CutoverConfig['isolation'];
export type Tier = IsolationConfig['tiers'][string];
export type NetworkPolicyConfig = IsolationConfig['networkPolicy'];
export type LabelSelector = NonNullable<NetworkPolicyConfig['monitoringNamespaceSelector']>;
export type Resources = NonNullable<AppConfig['resources']>;
export type PodSecurityLevel = (typeof POD_SECURITY_LEVELS)[number];
export type RoutingConfig = CutoverConfig['routing'];
export type RoutingMethod = (typeof ROUTING_METHODS)[number];
export type HealthConfig = CutoverConfig['health'];
export type HealthCheck = HealthConfig['checks'][number];
export type HealthCheckKind = HealthCheck['kind'];
export type BlueRetention = CutoverConfig['blueRetention'];
export type ObservabilityConfig = CutoverConfig['observability'];
