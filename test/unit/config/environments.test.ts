import { describe, expect, test } from '@jest/globals';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  configJsonSchema,
  loadConfig,
  parseConfig,
  parseEveryEnvironment,
} from '../../../src/config/index.ts';
import { mergePatch } from '../../../src/config/environments.ts';
import { CutoverError, exitCodeFor } from '../../../src/errors.ts';
import { validateStage } from '../../../src/stages/catalog.ts';
import { terminalIO } from '../../../src/cli/terminal-io.ts';
import { BASE, describeDetails } from './fixtures.ts';

/** BASE (35 lines) with an `environments` section from line 36. */
const STAGING = `environments:
  staging:
    context: kind-staging
    url: https://{tenant}.staging.example.com
    app: { replicas: 1 }
    isolation:
      namespaceTemplate: '{app}-{tenant}-stg'
      tiers:
        standard:
          quota: { cpu: '2' }
    routing:
      steps: [50, 100]
    rings:
      - name: main
    tenants:
      - id: beta
        ring: main
        tier: standard
      - id: gamma
        ring: main
        tier: standard
  production:
    context: prod
`;
const withEnvs = (envs: string) => `${BASE}${envs}`;

/** The 1-based line of the first line of `text` that contains `needle` (after line `from`). */
function lineOf(text: string, needle: string, from = 0): number {
  const i = text.split('\n').findIndex((l, n) => n >= from && l.includes(needle));
  if (i < 0) throw new Error(`no line with ${needle}`);
  return i + 1;
}

function errorOf(text: string, environment?: string): CutoverError {
  try {
    parseConfig(text, 'cutover.yaml', { environment });
  } catch (e) {
    if (e instanceof CutoverError) return e;
    throw e;
  }
  throw new Error('expected the config to be rejected, but it loaded');
}

function everyErrorOf(text: string): CutoverError {
  try {
    parseEveryEnvironment(text, 'cutover.yaml');
  } catch (e) {
    if (e instanceof CutoverError) return e;
    throw e;
  }
  throw new Error('expected the config to be rejected, but it loaded');
}

describe('merge rules', () => {
  const text = withEnvs(STAGING);
  const staging = parseConfig(text, 'cutover.yaml', { environment: 'staging' });

  test('without an environment, the file is used exactly as written', () => {
    const { config } = parseConfig(text, 'cutover.yaml');
    const { environments, ...rest } = config;
    expect(rest).toEqual(parseConfig(BASE, 'cutover.yaml').config);
    expect(Object.keys(environments!)).toEqual(['staging', 'production']);
  });

  test('maps merge key by key, at every depth', () => {
    expect(staging.config.app).toEqual({ name: 'shop', port: 8080, replicas: 1 });
    expect(staging.config.isolation.namespaceTemplate).toBe('{app}-{tenant}-stg');
    // the tier's quota keeps memory and pods, only cpu changes
    expect(staging.config.isolation.tiers.standard!.quota).toEqual({
      cpu: '2',
      memory: '8Gi',
      pods: 20,
    });
    expect(staging.config.isolation.tiers.standard!.limitRange).toEqual(
      parseConfig(BASE, 'c.yaml').config.isolation.tiers.standard!.limitRange,
    );
    // sections the overlay does not name are the file's
    expect(staging.config.health.checks.map((c) => c.kind)).toEqual(['rollout', 'http']);
    expect(staging.config.routing).toMatchObject({
      parentRefs: [{ name: 'public', namespace: 'gateway-system' }],
    });
  });

  test('lists replace: tenants, rings, steps', () => {
    expect(staging.config.tenants.map((t) => t.id)).toEqual(['beta', 'gamma']);
    expect(staging.config.rings.map((r) => r.name)).toEqual(['main']);
    expect(staging.config.routing.steps).toEqual([50, 100]);
  });

  test('an empty value removes a key, so a default or nothing applies again', () => {
    const c = parseConfig(
      withEnvs('environments:\n  dev:\n    observability: { prometheus: null }\n'),
      'c.yaml',
      { environment: 'dev' },
    ).config;
    expect(c.observability.prometheus).toBeUndefined();
  });

  test('the environment is returned with its context and url', () => {
    expect(staging.environment).toEqual({
      name: 'staging',
      context: 'kind-staging',
      url: 'https://{tenant}.staging.example.com',
    });
    expect(parseConfig(text, 'c.yaml').environment).toBeUndefined();
    expect(parseConfig(text, 'c.yaml', { environment: 'production' }).environment).toEqual({
      name: 'production',
      context: 'prod',
    });
  });

  test('locate finds a field the environment sets in its overlay, the rest at the top level', () => {
    expect(staging.locate(['app', 'replicas']).line).toBe(lineOf(text, 'replicas: 1'));
    expect(staging.locate(['app', 'name']).line).toBe(3);
    expect(staging.locate(['tenants', 1, 'id']).line).toBe(lineOf(text, 'id: gamma'));
  });

  test('mergePatch: null removes, lists replace, `__proto__` stays a plain key', () => {
    expect(mergePatch({ a: { b: 1, c: 2 }, l: [1, 2] }, { a: { b: null, d: 3 }, l: [3] })).toEqual({
      a: { c: 2, d: 3 },
      l: [3],
    });
    const merged = mergePatch({ a: 1 }, JSON.parse('{"__proto__": {"polluted": true}}')) as Record<
      string,
      unknown
    >;
    expect(Object.getPrototypeOf(merged)).toBe(Object.prototype);
    expect(Object.hasOwn(merged, '__proto__')).toBe(true);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('problems in an overlay are reported at its own lines', () => {
  test('a bad tenant in environments.staging.tenants[1]', () => {
    const text = withEnvs(STAGING.replace('id: gamma', 'id: Gamma_2'));
    const e = errorOf(text, 'staging');
    expect(e.code).toBe('CONFIG_INVALID');
    expect(e.message).toBe(
      'cutover.yaml with environment `staging` is not a valid cutover config: 1 problem',
    );
    expect(e.details).toHaveLength(1);
    expect(e.details[0]).toMatchObject({
      path: 'environments.staging.tenants[1].id',
      location: { file: 'cutover.yaml', line: lineOf(text, 'id: Gamma_2') },
      hint: 'try `gamma-2`',
    });
    expect(e.details[0]!.message).toMatch(/^environment `staging`: expected a DNS-1123 label/);
  });

  test('a bad value in a merged map is placed in the overlay', () => {
    const text = withEnvs(STAGING.replace('app: { replicas: 1 }', 'app: { replicas: 0 }'));
    const e = errorOf(text, 'staging');
    expect(describeDetails(e.details)).toBe(
      `${lineOf(text, 'replicas: 0')}:22 environments.staging.app.replicas: environment \`staging\`: expected 1 or more, found 0 (a number)`,
    );
  });

  test('a cross-field problem only the environment has: the top-level value, at its line', () => {
    // staging's rings drop `canary`, which the file's own tenants would still need: fine,
    // staging replaces the tenants too. Without its tenants, the file's acme is in the wrong ring.
    const text = withEnvs('environments:\n  staging:\n    rings:\n      - name: main\n');
    const e = errorOf(text, 'staging');
    expect(e.details).toHaveLength(1);
    expect(e.details[0]).toMatchObject({
      path: 'tenants[0].ring',
      location: { line: 12 },
    });
    expect(e.details[0]!.message).toBe(
      'environment `staging`: expected the name of a ring (`main`), found `canary`',
    );
    // the file as written is fine
    expect(() => parseConfig(text, 'cutover.yaml')).not.toThrow();
  });

  test('a problem inside a merged list item of the overlay: routing steps', () => {
    const text = withEnvs(STAGING.replace('steps: [50, 100]', 'steps: [50, 40]'));
    const e = errorOf(text, 'staging');
    expect(e.details.length).toBeGreaterThan(0);
    for (const d of e.details) {
      expect(d.path).toMatch(/^environments\.staging\.routing\.steps/);
      expect(d.location?.line).toBe(lineOf(text, '[50, 40]'));
    }
  });

  test('what an environment may not set, and why', () => {
    const text = withEnvs(
      'environments:\n  staging:\n    ci: { workingDirectory: x }\n    version: 1\n    tenant: []\n',
    );
    const e = errorOf(text);
    expect(describeDetails(e.details)).toBe(
      [
        '38:5 environments.staging.ci: `ci` cannot differ between environments: lint-test runs once per commit, for every environment',
        '39:5 environments.staging.version: `version` cannot differ between environments: the file has one format version',
        '40:5 environments.staging.tenant: unknown key `tenant`',
      ].join('\n'),
    );
    expect(e.details[0]!.hint).toMatch(/^set `ci` at the top level of the file/);
    expect(e.details[2]!.hint).toBe('did you mean `tenants`?');
  });

  test('the overlay shape is checked with the file: name, section kinds, context, url', () => {
    const text = withEnvs(
      [
        'environments:',
        '  Staging: {}',
        '  qa:',
        '    context: ""',
        '    url: https://{tenant}.{env}.example.com',
        '    tenants: { id: x }',
        '    app: 5',
        '  dev: 3',
        '',
      ].join('\n'),
    );
    const e = errorOf(text);
    expect(describeDetails(e.details)).toBe(
      [
        '37:3 environments.Staging: expected a DNS-1123 label: lowercase letters, digits and `-`, starting and ending with a letter or digit, found "Staging"',
        '39:14 environments.qa.context: expected a kubeconfig context name, found 0 characters',
        '40:10 environments.qa.url: expected a valid URL template: unknown placeholder `{env}`; the placeholders are {app}, {tenant} and {ring}, found "https://{tenant}.{env}.example.com"',
        '41:5 environments.qa.tenants: expected a list, found a map',
        '42:10 environments.qa.app: expected a map of `app` settings (the keys to change), found 5 (a number)',
        '43:8 environments.dev: expected a map: the sections this environment changes (or `{}`), found 3 (a number)',
      ].join('\n'),
    );
    // with qa applied, its broken sections are not merged: each problem is reported once
    expect(errorOf(text, 'qa').details).toHaveLength(6);
  });

  test('a url that is not http(s)', () => {
    const e = errorOf(withEnvs('environments:\n  qa:\n    url: ftp://{tenant}.example.com\n'));
    expect(e.details[0]!.message).toBe(
      'expected an http:// or https:// URL, optionally with {app}, {tenant} or {ring}, found "ftp://{tenant}.example.com"',
    );
  });
});

describe('choosing an environment', () => {
  test('an unknown name: the error names the known ones and the fix', () => {
    const e = errorOf(withEnvs(STAGING), 'stagign');
    expect(e.code).toBe('CONFIG_UNKNOWN_ENVIRONMENT');
    expect(exitCodeFor(e)).toBe(2);
    expect(e.message).toBe(
      'environment `stagign` is not defined in cutover.yaml: its environments are `staging`, `production`',
    );
    expect(e.hint).toBe(
      'did you mean `staging`? Otherwise give one of `staging`, `production`, or add `stagign:` under `environments` with what differs there',
    );
    expect(e.details[0]).toMatchObject({ path: 'environments', location: { line: 36 } });
  });

  test('a file without environments', () => {
    const e = errorOf(BASE, 'staging');
    expect(e.code).toBe('CONFIG_UNKNOWN_ENVIRONMENT');
    expect(e.message).toBe('environment `staging`: cutover.yaml has no `environments` section');
    expect(e.hint).toMatch(/^add `environments: \{ staging: \{ \.\.\. \} \}` to the file/);
    expect(e.hint).toContain('leave out the `environment` input (--environment)');
  });

  test('an empty name is no environment', () => {
    expect(parseConfig(BASE, 'c.yaml', { environment: '' }).environment).toBeUndefined();
  });

  test('loadConfig reads the file and applies it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cutover-env-'));
    const file = join(dir, 'cutover.yaml');
    writeFileSync(file, withEnvs(STAGING));
    const { config, environment } = await loadConfig(file, { environment: 'staging' });
    expect(config.tenants.map((t) => t.id)).toEqual(['beta', 'gamma']);
    expect(environment?.context).toBe('kind-staging');
  });
});

describe('validate: the file and every environment', () => {
  test('each environment is checked, its problems prefixed, the file’s reported once', () => {
    const text = withEnvs(
      STAGING.replace('id: gamma', 'id: beta') + '  dev:\n    app: { port: 0 }\n',
    ).replace('  name: shop', '  name: Shop');
    const e = everyErrorOf(text);
    expect(e.code).toBe('CONFIG_INVALID');
    expect(e.message).toBe(
      'cutover.yaml is not a valid cutover config: 3 problems (1 in the file as written, 1 in environment `staging`, 1 in environment `dev`)',
    );
    expect(describeDetails(e.details)).toBe(
      [
        '3:9 app.name: expected a DNS-1035 label: lowercase letters, digits and `-`, starting with a letter and ending with a letter or digit, found "Shop"',
        `${lineOf(text, 'id: beta', lineOf(text, 'id: beta'))}:13 environments.staging.tenants[1].id: environment \`staging\`: duplicate tenant id \`beta\`: tenants[0] has it too`,
        `${lineOf(text, 'port: 0')}:18 environments.dev.app.port: environment \`dev\`: expected a port from 1 to 65535, found 0 (a number)`,
      ].join('\n'),
    );
  });

  test('a valid file gives the base and each environment', () => {
    const every = parseEveryEnvironment(withEnvs(STAGING), 'cutover.yaml');
    expect(every.base.environment).toBeUndefined();
    expect(every.environments.map((e) => [e.environment.name, e.config.tenants.length])).toEqual([
      ['staging', 2],
      ['production', 2],
    ]);
  });

  test('the validate stage reports every environment and lists them in its outputs', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cutover-env-'));
    writeFileSync(join(dir, 'cutover.yaml'), withEnvs(STAGING));
    const out: string[] = [];
    const io = terminalIO<typeof validateStage.outputs>({
      out: (t) => out.push(t),
      err: () => {},
      cwd: dir,
    });
    const impl = await validateStage.load();
    await impl.run({ config: 'cutover.yaml', environment: 'staging' }, io);
    expect(io.outputs.tenants).toBe(2);
    expect(io.outputs.rings).toEqual(['main']);
    expect(io.outputs.environments).toEqual([
      {
        name: 'staging',
        context: 'kind-staging',
        url: 'https://{tenant}.staging.example.com',
        tenants: 2,
        rings: ['main'],
      },
      { name: 'production', context: 'prod', url: null, tenants: 2, rings: ['canary', 'main'] },
    ]);
    const report = out.join('\n');
    expect(report).toContain(
      'cutover.yaml: valid. Environment staging: app shop, 2 tenants (beta, gamma)',
    );
    expect(report).toMatch(/staging\s+kind-staging\s+2 tenants \(beta, gamma\)\s+main/);
  });

  test('the validate stage with an unknown environment fails with its error', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cutover-env-'));
    writeFileSync(join(dir, 'cutover.yaml'), withEnvs(STAGING));
    const io = terminalIO({ out: () => {}, err: () => {}, cwd: dir });
    const impl = await validateStage.load();
    await expect(impl.run({ config: 'cutover.yaml', environment: 'qa' }, io)).rejects.toMatchObject(
      { code: 'CONFIG_UNKNOWN_ENVIRONMENT' },
    );
  });
});

describe('JSON Schema', () => {
  test('documents environments, its overlays and their sections', () => {
    const schema = configJsonSchema() as {
      properties: Record<string, Record<string, unknown>>;
    };
    const envs = schema.properties.environments as {
      description: string;
      additionalProperties: {
        description: string;
        additionalProperties: boolean;
        properties: Record<string, { description?: string }>;
      };
    };
    expect(envs.description).toMatch(/^Named environments/);
    const overlay = envs.additionalProperties;
    expect(overlay.additionalProperties).toBe(false);
    expect(Object.keys(overlay.properties).sort()).toEqual(
      [
        'app',
        'blueRetention',
        'context',
        'health',
        'image',
        'isolation',
        'observability',
        'rings',
        'routing',
        'tenants',
        'url',
      ].sort(),
    );
    for (const [key, prop] of Object.entries(overlay.properties))
      expect([key, typeof prop.description]).toEqual([key, 'string']);
  });
});
