import { describe, expect, test } from '@jest/globals';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  loadConfig,
  parseConfig,
  renderHosts,
  renderNamespace,
  tenantUnit,
} from '../../../src/config/index.ts';
import { deployerRules } from '../../../src/tenancy/deployer-role.ts';
import { CutoverError } from '../../../src/errors.ts';
import { BASE, describeDetails, edit, errorOf } from './fixtures.ts';

describe('a valid config', () => {
  const { config, file, locate } = parseConfig(BASE, 'cutover.yaml');

  test('keeps what the file says', () => {
    expect(file).toBe('cutover.yaml');
    expect(config.app).toEqual({ name: 'shop', port: 8080, replicas: 2 });
    expect(config.rings.map((r) => r.name)).toEqual(['canary', 'main']);
    expect(config.tenants.map((t) => [t.id, t.ring, t.tier])).toEqual([
      ['acme', 'canary', 'standard'],
      ['globex', 'main', 'standard'],
    ]);
    expect(config.routing).toEqual({
      method: 'gateway-api',
      steps: [10, 50, 100],
      parentRefs: [{ name: 'public', namespace: 'gateway-system' }],
    });
  });

  test('gets the defaults', () => {
    expect(config.rings[0]).toEqual({ name: 'canary', concurrency: 1, pauseForApproval: false });
    expect(config.isolation).toEqual(
      expect.objectContaining({
        namespaceTemplate: '{app}-{tenant}',
        podSecurity: 'restricted',
        allowNamespaceDeletion: false,
      }),
    );
    expect(config.isolation.networkPolicy).toEqual({
      allowDNS: true,
      // gateway-api: ingress comes from the Gateway's namespace
      ingressNamespaceSelector: {
        matchLabels: { 'kubernetes.io/metadata.name': 'gateway-system' },
      },
      monitoringNamespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'monitoring' } },
      extraEgress: [],
    });
    expect(config.health.failureLimit).toBe(3);
    expect(config.health.timeout).toBe(5 * 60_000);
    expect(config.blueRetention).toEqual({ mode: 'keep-warm', replicas: 1, delay: 10 * 60_000 });
    // http checks: 10 requests each round, all answering 200
    expect(config.health.checks[1]).toEqual({
      kind: 'http',
      path: '/healthz',
      requests: 10,
      expectStatus: 200,
      minSuccessRatio: 1,
    });
  });

  test('reads durations as milliseconds', () => {
    const c = parseConfig(
      edit(
        { line: 29, set: '  interval: 1.5s\n  timeout: 1h2m3s' },
        { line: 31, set: '    - kind: rollout\n    - kind: http\n      timeout: 250ms' },
      ),
      'c.yaml',
    ).config;
    expect(c.health.interval).toBe(1500);
    expect(c.health.timeout).toBe(3_723_000);
    expect(c.health.checks[1]).toMatchObject({ kind: 'http', timeout: 250 });
  });

  test('keeps quantities as Kubernetes strings, also when YAML reads a number', () => {
    const c = parseConfig(
      edit({ line: 20, set: '      quota: { cpu: 4, memory: 8Gi, pods: 20 }' }),
      'c.yaml',
    ).config;
    expect(c.isolation.tiers.standard!.quota).toEqual({ cpu: '4', memory: '8Gi', pods: 20 });
  });

  test('service routing defaults to one step of 100; other methods to 10/50/100', () => {
    const service = parseConfig(edit({ drop: 24, count: 4 }), 'c.yaml').config;
    expect(service.routing).toEqual({ method: 'service', steps: [100] });
    expect(service.isolation.networkPolicy.ingressNamespaceSelector).toEqual({
      matchLabels: { 'kubernetes.io/metadata.name': 'ingress-nginx' },
    });
    const istio = parseConfig(
      edit(
        { line: 25, set: '  method: istio' },
        { line: 26, set: "  hosts: ['{tenant}.mesh']" },
        { drop: 27 },
      ),
      'c.yaml',
    );
    expect(istio.config.routing.steps).toEqual([10, 50, 100]);
    expect(istio.config.isolation.networkPolicy.ingressNamespaceSelector).toEqual({
      matchLabels: { 'kubernetes.io/metadata.name': 'istio-system' },
    });
  });

  test('health defaults to one rollout check when the section is absent', () => {
    const c = parseConfig(edit({ drop: 28, count: 6 }), 'c.yaml').config;
    expect(c.health).toEqual({
      initialDelay: 0,
      interval: 10_000,
      timeout: 300_000,
      failureLimit: 3,
      noData: 'inconclusive',
      onInconclusive: 'fail',
      judge: { pass: 95, marginal: 75 },
      checks: [{ kind: 'rollout', maxRestarts: 0 }],
    });
  });

  test('a null ingress selector means no ingress allowance', () => {
    const c = parseConfig(
      edit({ after: 23, insert: '  networkPolicy:\n    ingressNamespaceSelector: null' }),
      'c.yaml',
    ).config;
    expect(c.isolation.networkPolicy.ingressNamespaceSelector).toBeNull();
  });

  test('locate gives the line and column of a field, or of its deepest existing parent', () => {
    expect(locate(['tenants', 1, 'ring'])).toEqual({ line: 15, column: 11 });
    expect(locate(['app'])).toEqual({ line: 2, column: 1 });
    expect(locate(['isolation', 'tiers', 'standard', 'quota', 'memory'])).toEqual({
      line: 20,
      column: 34,
    });
    expect(locate(['app', 'replicas'])).toEqual({ line: 2, column: 1 });
    expect(locate([])).toEqual({ line: 1, column: 1 });
    expect(locate(['nothing', 3, 'here'])).toEqual({ line: 1, column: 1 });
  });
});

describe('namespaces', () => {
  const grouped = edit(
    { line: 13, set: '    tier: standard\n    group: small' },
    { line: 14, set: '  - id: globex\n    group: small' },
    { line: 15, set: '    ring: canary' },
    { line: 9, set: '  - name: main' },
    {
      after: 16,
      insert: '  - id: initech\n    ring: main\n    tier: standard\n    namespace: initech-prod',
    },
  );

  test('render from the template, the group, or the explicit namespace', () => {
    const { config } = parseConfig(grouped, 'c.yaml');
    expect(config.tenants.map((t) => renderNamespace(config, t))).toEqual([
      'shop-small',
      'shop-small',
      'initech-prod',
    ]);
    expect(renderNamespace(config, 'initech')).toBe('initech-prod');
    expect(config.tenants.map(tenantUnit)).toEqual(['small', 'small', 'initech']);
  });

  test('the template may use {ring}', () => {
    const { config } = parseConfig(
      edit({ after: 17, insert: "  namespaceTemplate: '{ring}-{app}-{tenant}'" }),
      'c.yaml',
    );
    expect(config.tenants.map((t) => renderNamespace(config, t))).toEqual([
      'canary-shop-acme',
      'main-shop-globex',
    ]);
  });

  test('hosts render per tenant', () => {
    const { config } = parseConfig(
      edit({
        after: 27,
        insert: "  hostnames: ['{tenant}.{app}.example.com', '{tenant}.example.org']",
      }),
      'c.yaml',
    );
    expect(config.tenants.map((t) => renderHosts(config, t))).toEqual([
      ['acme.shop.example.com', 'acme.example.org'],
      ['globex.shop.example.com', 'globex.example.org'],
    ]);
    expect(renderHosts(parseConfig(BASE, 'c.yaml').config, 'acme')).toEqual([]);
  });

  test("each router's own settings and their defaults", () => {
    const nginx = parseConfig(
      edit(
        { line: 25, set: '  method: ingress-nginx' },
        { line: 27, set: "  host: '{tenant}.shop.example.com'" },
      ),
      'c.yaml',
    ).config;
    expect(nginx.routing).toEqual({
      method: 'ingress-nginx',
      steps: [10, 50, 100],
      host: '{tenant}.shop.example.com',
      ingressClassName: 'nginx',
      path: '/',
    });
    expect(renderHosts(nginx, 'acme')).toEqual(['acme.shop.example.com']);
    const istio = parseConfig(
      edit(
        { line: 25, set: '  method: istio' },
        { line: 27, set: "  hosts: ['{tenant}.mesh']\n  gateways: [istio-system/public]" },
      ),
      'c.yaml',
    ).config;
    expect(istio.routing).toEqual({
      method: 'istio',
      steps: [10, 50, 100],
      hosts: ['{tenant}.mesh'],
      gateways: ['istio-system/public'],
    });
  });

  test('the deployer Role grants only the route kinds of the configured method', () => {
    const kinds = (yaml: string) =>
      deployerRules(parseConfig(yaml, 'c.yaml').config.routing)
        .flatMap((r) => r.resources!)
        .filter((r) => ['httproutes', 'ingresses', 'virtualservices', 'trafficsplits'].includes(r));
    expect(kinds(BASE)).toEqual(['httproutes']);
    expect(kinds(edit({ drop: 24, count: 4 }))).toEqual([]);
    expect(
      kinds(
        edit(
          { line: 25, set: '  method: ingress-nginx' },
          { line: 27, set: "  host: '{tenant}.example.com'" },
        ),
      ),
    ).toEqual(['ingresses']);
    expect(
      kinds(
        edit({ line: 25, set: '  method: istio' }, { line: 27, set: "  hosts: ['{tenant}.mesh']" }),
      ),
    ).toEqual(['virtualservices']);
  });

  test('an unknown tenant id is a programming error', () => {
    const { config } = parseConfig(BASE, 'c.yaml');
    expect(() => renderNamespace(config, 'nobody')).toThrow('no tenant `nobody`');
  });
});

describe('all problems at once', () => {
  test('schema and cross-field problems come together, in file order', () => {
    const e = errorOf(
      edit(
        { line: 4, set: '  port: 0' },
        { line: 13, set: '    tier: premium' },
        { line: 26, set: '  steps: [10, 50]' },
        { after: 4, insert: '  replica: 2' },
      ),
    );
    expect(e.code).toBe('CONFIG_INVALID');
    expect(e.message).toBe('cutover.yaml is not a valid cutover config: 4 problems');
    expect(e.details.map((d) => [d.location?.line, d.path])).toEqual([
      [4, 'app.port'],
      [5, 'app.replica'],
      [14, 'tenants[0].tier'],
      [27, 'routing.steps'],
    ]);
  });

  test('an unknown key is located at the key, a bad value at the value', () => {
    const e = errorOf(edit({ line: 4, set: '  port: 0' }, { after: 4, insert: '  colour: blue' }));
    const byPath = Object.fromEntries(e.details.map((d) => [d.path, d.location]));
    expect(byPath['app.colour']).toEqual({ file: 'cutover.yaml', line: 5, column: 3 });
    expect(byPath['app.port']).toEqual({ file: 'cutover.yaml', line: 4, column: 9 });
  });

  test('format() prints file:line:col, path, message and hint', () => {
    const e = errorOf(edit({ after: 4, insert: '  replica: 3' }));
    expect(e.format()).toContain(
      'cutover.yaml:5:3: app.replica: unknown key `replica` (hint: did you mean `replicas`?)',
    );
  });

  test('an unknown key without a close match lists the keys', () => {
    const e = errorOf(edit({ after: 4, insert: '  zzz: 1' }));
    expect(e.details[0]!.hint).toBe(
      'the keys here are `name`, `port`, `replicas`, `manifests`, `workload`, `requiredKinds`, `env`, `resources`',
    );
  });
});

describe('YAML-level problems', () => {
  test.each([
    {
      name: 'syntax error',
      yaml: 'version: 1\napp: [1, 2\n',
      line: 3,
      message: 'Flow sequence in block collection must be sufficiently indented and end with a ]',
    },
    {
      name: 'duplicate key',
      yaml: edit({ after: 4, insert: '  port: 9090' }),
      line: 5,
      message: 'duplicate key `port`: this map already has it',
    },
    {
      name: 'several documents',
      yaml: `${BASE}---\nversion: 1\n`,
      line: 36,
      message: 'expected one YAML document, found several',
    },
    {
      name: 'alias without anchor',
      yaml: edit({ line: 3, set: '  name: *appname' }),
      line: 3,
      message: 'unknown alias `*appname`',
    },
    {
      name: 'alias inside its own anchor',
      yaml: edit({ line: 2, set: 'app: &a' }, { after: 4, insert: '  env: *a' }),
      line: 5,
      message: 'alias `*a` is inside its own anchor',
    },
    {
      name: 'custom tag',
      yaml: edit({ line: 6, set: '  repository: !Secret repo' }),
      line: 6,
      message: 'Unresolved tag: !Secret',
    },
    {
      name: 'complex key',
      yaml: edit({ after: 4, insert: '  ? [a, b]\n  : c' }),
      line: 5,
      message: 'expected a plain key, found a list or map used as a key',
    },
  ])('$name', ({ yaml, line, message }) => {
    const e = errorOf(yaml);
    expect(e.code).toBe('CONFIG_PARSE');
    const d = e.details.find((x) => x.message.includes(message));
    if (!d) throw new Error(describeDetails(e.details));
    expect(d.location?.line).toBe(line);
  });

  test.each([
    ['an empty file', '', 'found an empty document'],
    ['only comments', '# nothing yet\n', 'found an empty document'],
    ['a lone document marker', '---\n', 'found an empty document'],
    ['a list', '- version: 1\n', 'found a list'],
    ['a scalar', 'just text\n', 'found a single value (string)'],
  ])('%s is not a config', (_, yaml, message) => {
    const e = errorOf(yaml);
    expect(e.code).toBe('CONFIG_INVALID');
    expect(e.details).toHaveLength(1);
    expect(e.details[0]!.message).toContain(message);
    expect(e.details[0]!.location).toEqual({ file: 'cutover.yaml', line: 1, column: 1 });
  });

  test('Windows line ends and a byte order mark are fine', () => {
    const crlf = `\uFEFF${edit({ line: 4, set: '  port: x' }).replace(/\n/g, '\r\n')}`;
    expect(errorOf(crlf).details[0]!.location).toEqual({
      file: 'cutover.yaml',
      line: 4,
      column: 9,
    });
    expect(parseConfig(BASE.replace(/\n/g, '\r\n'), 'c.yaml').config.app.port).toBe(8080);
  });

  test('anchors, aliases and merge keys work, and errors point into the anchor', () => {
    const shared = edit(
      { line: 11, set: '  - &defaults\n    id: acme' },
      { line: 14, set: '  - <<: *defaults\n    id: globex' },
      { drop: 16 },
    );
    const { config, locate } = parseConfig(shared, 'c.yaml');
    expect(config.tenants.map((t) => [t.id, t.ring, t.tier])).toEqual([
      ['acme', 'canary', 'standard'],
      ['globex', 'main', 'standard'],
    ]);
    // globex's tier comes from the anchor: its position is there
    expect(locate(['tenants', 1, 'tier'])).toEqual({ line: 14, column: 11 });
    const broken = errorOf(shared.replace('tier: standard', 'tier: gold'));
    expect(broken.details.map((d) => [d.path, d.location?.line])).toEqual([
      ['tenants[0].tier', 14],
      ['tenants[1].tier', 14],
    ]);
  });

  test('a document that expands too many aliases is refused', () => {
    const lines = ['a: &a [x, x, x, x, x, x, x, x, x, x]'];
    for (let i = 0; i < 8; i++) {
      const prev = String.fromCharCode(97 + i);
      const next = String.fromCharCode(98 + i);
      lines.push(`${next}: &${next} [${Array(10).fill(`*${prev}`).join(', ')}]`);
    }
    const e = errorOf(lines.join('\n'));
    expect(e.code).toBe('CONFIG_PARSE');
    expect(e.message).toMatch(/alias/i);
  });
});

describe('loadConfig', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cutover-config-'));

  test('reads a file', async () => {
    const file = join(dir, 'cutover.yaml');
    writeFileSync(file, BASE);
    const loaded = await loadConfig(file);
    expect(loaded.file).toBe(file);
    expect(loaded.config.app.name).toBe('shop');
  });

  test('names the file in locations', async () => {
    const file = join(dir, 'bad.yaml');
    writeFileSync(file, edit({ line: 4, set: '  port: x' }));
    const e = await loadConfig(file).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(CutoverError);
    expect((e as CutoverError).details[0]!.location).toEqual({ file, line: 4, column: 9 });
  });

  test('a missing file is CONFIG_NOT_FOUND with a hint', async () => {
    const e = await loadConfig(join(dir, 'nope.yaml')).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(CutoverError);
    expect((e as CutoverError).code).toBe('CONFIG_NOT_FOUND');
    expect((e as CutoverError).hint).toContain('--config');
  });

  test('a directory is CONFIG_NOT_FOUND', async () => {
    const e = await loadConfig(dir).catch((x: unknown) => x);
    expect((e as CutoverError).code).toBe('CONFIG_NOT_FOUND');
    expect((e as CutoverError).message).toContain('is a directory');
  });
});
