/**
 * `environments`: named overlays (`staging`, `production`) on the top-level sections, so one
 * file describes every environment's cluster, namespaces, hosts and tenants.
 *
 * This schema checks an overlay's shape: its name, its keys, `context` and `url`, and that
 * each section is a map (a list, for `rings` and `tenants`). What a map section
 * holds is checked only after it is merged onto the top level (`../environments.ts`), by
 * the top-level schema itself: a partial `app` is not valid on its own, the merged one must
 * be. Lists replace the top-level ones whole, so their entries are checked as written too
 * (and editors complete them from the JSON Schema).
 */
import * as z from 'zod';
import { renderTemplate, templateProblem } from '../templates.ts';
import { doc, withHint } from './docs.ts';
import { dnsLabel } from './fields.ts';
import { ringSchema, tenantSchema } from './tenants.ts';

/** Sections an environment merges key by key onto the top-level ones. */
export const ENVIRONMENT_MAP_SECTIONS = [
  'app',
  'image',
  'isolation',
  'routing',
  'health',
  'blueRetention',
  'observability',
] as const;
/** Sections an environment replaces whole. */
export const ENVIRONMENT_LIST_SECTIONS = ['rings', 'tenants'] as const;
export const ENVIRONMENT_SECTIONS = [
  ...ENVIRONMENT_MAP_SECTIONS,
  ...ENVIRONMENT_LIST_SECTIONS,
] as const;

/**
 * Top-level keys an environment may not change, and why: the file format, and what runs
 * once per commit for every environment (one test run, one artifact promoted through all).
 */
export const SHARED_KEYS: Record<string, string> = {
  version: 'the file has one format version',
  ci: 'lint-test runs once per commit, for every environment',
  package: 'one artifact is built and promoted through every environment',
  environments: 'environments do not nest',
};

const mapSection = (name: string) =>
  doc(
    `Changes to the top-level \`${name}\` in this environment: maps merge key by key, lists and values replace, an empty value (null) removes the key. The result is checked as \`${name}\``,
    z.record(z.string(), z.unknown(), {
      error: `expected a map of \`${name}\` settings (the keys to change)`,
    }),
  ).optional();

const URL_EXPECTED =
  'expected an http:// or https:// URL, optionally with {app}, {tenant} or {ring}';

/** The environment's URL, a template: rendered with sample values, it must be a URL. */
const urlTemplate = doc(
  "The URL GitHub shows for this environment's deployments, like `https://{tenant}.staging.example.com`; placeholders {app}, {tenant} and {ring}",
  withHint(
    'a full URL with scheme and host, like `https://{tenant}.staging.example.com`',
    z.string({ error: `${URL_EXPECTED} (a string)` }).superRefine((t, ctx) => {
      const problem = templateProblem(t);
      if (problem) {
        ctx.addIssue({ code: 'custom', message: `expected a valid URL template: ${problem}` });
        return;
      }
      const sample = renderTemplate(t, { app: 'app', tenant: 'tenant', ring: 'ring' });
      const url = URL.canParse(sample) ? new URL(sample) : undefined;
      if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:') || !url.hostname)
        ctx.addIssue({ code: 'custom', message: URL_EXPECTED });
    }),
  ),
).optional();

export const environmentSchema = doc(
  'An environment: the kube context of its cluster, its URL, and the sections it changes',
  z.strictObject(
    {
      context: doc(
        "The kubeconfig context of this environment's cluster; stages use it when no `context` input (--context) is given",
        z
          .string({ error: 'expected a kubeconfig context name (a string)' })
          .min(1, { error: 'expected a kubeconfig context name' }),
      ).optional(),
      url: urlTemplate,
      app: mapSection('app'),
      image: mapSection('image'),
      isolation: mapSection('isolation'),
      routing: mapSection('routing'),
      health: mapSection('health'),
      blueRetention: mapSection('blueRetention'),
      observability: mapSection('observability'),
      rings: doc(
        "This environment's rings, replacing the top-level list",
        z.array(ringSchema).min(1, { error: 'expected at least one ring' }),
      ).optional(),
      tenants: doc(
        "This environment's tenants, replacing the top-level list",
        z.array(tenantSchema).min(1, { error: 'expected at least one tenant' }),
      ).optional(),
    },
    { error: 'expected a map: the sections this environment changes (or `{}`)' },
  ),
);

export const environmentsSchema = doc(
  'Named environments, like `staging` and `production`, each an overlay on this file: a stage given `environment: <name>` (`--environment`) uses the file with that overlay applied. Without one, the file is used as written',
  z.record(dnsLabel('Environment name'), environmentSchema, {
    error: 'expected a map from environment name to its settings',
  }),
).optional();
