/**
 * Building blocks of the config schema. Each is a function so every use is its own schema
 * with its own docs. Messages start with "expected ..."; the loader appends ", found ...".
 */
import * as z from 'zod';
import { renderTemplate, templateProblem } from '../templates.ts';
import {
  DNS1123_LABEL,
  DNS1123_SUBDOMAIN,
  DURATION_PATTERN,
  QUANTITY_PATTERN,
  isLabelValue,
  labelKeyProblem,
  parseDuration,
} from '../units.ts';
import { doc, withHint, type HintFn } from './docs.ts';

export const APP_NAME_MAX = 55; // `<name>-preview`, the longest derived name, stays <= 63
export const ROUTING_METHODS = ['service', 'gateway-api', 'ingress-nginx', 'istio'] as const;
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
export function asLabel(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const s = value
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 63)
    .replace(/-+$/, '');
  return s && s !== value ? `try \`${s}\`` : undefined;
}

export const dnsLabelHint: HintFn = (v) =>
  typeof v !== 'string' || DNS1123_LABEL.test(v)
    ? undefined
    : (asLabel(v) ?? 'Kubernetes names are lowercase letters, digits and `-`, like `eu-west-1`');

export function dnsLabel(description: string) {
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

export const quantityHint: HintFn = (v) => {
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

export const QUANTITY_EXPECTED =
  'expected a Kubernetes quantity such as `500m`, `2`, `512Mi` or `8Gi`';

/** A Kubernetes quantity; a YAML number is accepted and kept as its string. */
export function quantity(description: string) {
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

export const durationHint: HintFn = (v) =>
  typeof v === 'number'
    ? `add a unit: \`${v}s\` for seconds or \`${v}ms\` for milliseconds`
    : 'a number and a unit (`ms`, `s`, `m`, `h`), like `500ms`, `10s`, `5m`, `1h` or `1m30s`';

/** A duration string, parsed to milliseconds. */
export function duration(description: string, opts: { allowZero?: boolean } = {}) {
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

export function count(description: string) {
  return doc(
    description,
    z.int({ error: 'expected a whole number' }).min(0, { error: 'expected 0 or more' }),
  );
}

export function port(description: string) {
  return doc(
    description,
    z
      .int({ error: 'expected a port number' })
      .min(1, { error: 'expected a port from 1 to 65535' })
      .max(65535, { error: 'expected a port from 1 to 65535' }),
  );
}

export function httpUrl(description: string) {
  return doc(
    description,
    withHint(
      'a full URL with scheme and host, like `https://prometheus.monitoring:9090`',
      z.url({ protocol: /^https?$/, error: 'expected an http:// or https:// URL' }),
    ),
  );
}

export const cpuMemory = (what: string) =>
  z.strictObject({
    cpu: quantity(`CPU ${what}, in cores (\`2\`) or millicores (\`500m\`)`).optional(),
    memory: quantity(`Memory ${what}, like \`512Mi\` or \`2Gi\``).optional(),
  });

export const requiredCpuMemory = (what: string) =>
  z.strictObject({
    cpu: quantity(`CPU ${what}, in cores (\`2\`) or millicores (\`500m\`)`),
    memory: quantity(`Memory ${what}, like \`512Mi\` or \`2Gi\``),
  });

export function resources(description: string) {
  return doc(
    description,
    z.strictObject({
      requests: doc('What each pod asks the scheduler for', cpuMemory('request')).optional(),
      limits: doc('The most each pod may use', cpuMemory('limit')).optional(),
    }),
  );
}

export const ENV_NAME = /^[-._a-zA-Z][-._a-zA-Z0-9]*$/;

export function envVars(description: string) {
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

export function labels(description: string) {
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

export function labelSelector(description: string) {
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

export const IMAGE_REPOSITORY =
  /^(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)*(?::\d+)?\/)?[a-z0-9]+(?:(?:\.|_|__|-+)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:\.|_|__|-+)[a-z0-9]+)*)*$/;
export const IMAGE_TAG = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;
export const IMAGE_DIGEST = /^sha256:[a-f0-9]{64}$/;

export const repositoryHint: HintFn = (v) => {
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

export const quoteHint: HintFn = (v) =>
  typeof v === 'number' || typeof v === 'boolean'
    ? `quote it, so YAML reads it as text: "${String(v)}"`
    : undefined;

export function imageTag(description: string) {
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

export function template(description: string, what: 'namespace' | 'host') {
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
