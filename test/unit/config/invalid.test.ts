import { describe, expect, test } from '@jest/globals';
import { BASE, describeDetails, edit, errorOf } from './fixtures.ts';

interface Case {
  name: string;
  yaml: string;
  /** The detail's field path. */
  path: string;
  /** A fragment of its message. */
  message: string;
  /** The exact line it points at. */
  line: number;
  /** A fragment of its hint, when the hint matters. */
  hint?: string;
}

const q = (n: number, s = 'a') => s.repeat(n);

const cases: Case[] = [
  // --- version, top level
  {
    name: 'version other than 1',
    yaml: edit({ line: 1, set: 'version: 2' }),
    path: 'version',
    message: 'expected version 1, found 2 (a number)',
    line: 1,
  },
  {
    name: 'version as a string',
    yaml: edit({ line: 1, set: 'version: "1"' }),
    path: 'version',
    message: 'expected version 1, found "1"',
    line: 1,
  },
  {
    name: 'version missing (points at the top-level map)',
    yaml: edit({ drop: 1 }),
    path: 'version',
    message: 'missing required key `version`',
    line: 1,
  },
  {
    name: 'unknown top-level key, with a suggestion',
    yaml: edit({ after: 9, insert: 'tenant: []' }),
    path: 'tenant',
    message: 'unknown key `tenant`',
    line: 10,
    hint: 'did you mean `tenants`?',
  },
  // --- app
  {
    name: 'app without a value',
    yaml: edit({ line: 2, set: 'app:' }, { drop: 3, count: 2 }),
    path: 'app',
    message: 'expected a map of keys and values, found an empty value',
    line: 2,
  },
  {
    name: 'app name not a DNS-1035 label',
    yaml: edit({ line: 3, set: '  name: Shop' }),
    path: 'app.name',
    message: 'expected a DNS-1035 label',
    line: 3,
    hint: 'try `shop`',
  },
  {
    name: 'app name too long for `<name>-preview`',
    yaml: edit({ line: 3, set: `  name: ${q(56)}` }),
    path: 'app.name',
    message: 'expected at most 55 characters, so that `<name>-preview` fits in 63, found 56',
    line: 3,
  },
  {
    name: 'port out of range',
    yaml: edit({ line: 4, set: '  port: 70000' }),
    path: 'app.port',
    message: 'expected a port from 1 to 65535, found 70000',
    line: 4,
  },
  {
    name: 'port quoted',
    yaml: edit({ line: 4, set: '  port: "8080"' }),
    path: 'app.port',
    message: 'expected a port number, found "8080"',
    line: 4,
    hint: 'remove the quotes: 8080',
  },
  {
    name: 'port missing (points at the app map)',
    yaml: edit({ drop: 4 }),
    path: 'app.port',
    message: 'missing required key `port`',
    line: 2,
  },
  {
    name: 'misspelled key in app',
    yaml: edit({ after: 4, insert: '  replica: 3' }),
    path: 'app.replica',
    message: 'unknown key `replica`',
    line: 5,
    hint: 'did you mean `replicas`?',
  },
  {
    name: 'zero replicas',
    yaml: edit({ after: 4, insert: '  replicas: 0' }),
    path: 'app.replicas',
    message: 'expected 1 or more, found 0',
    line: 5,
  },
  {
    name: 'env value that YAML reads as a boolean',
    yaml: edit({ after: 4, insert: '  env:\n    DEBUG: true' }),
    path: 'app.env.DEBUG',
    message: 'expected a string value, found true (a boolean)',
    line: 6,
    hint: 'quote it',
  },
  {
    name: 'env variable name starting with a digit',
    yaml: edit({ after: 4, insert: '  env:\n    1PASSWORD: x' }),
    path: 'app.env["1PASSWORD"]',
    message: 'expected an environment variable name',
    line: 6,
  },
  {
    name: 'limit below the request',
    yaml: edit({
      after: 4,
      insert: "  resources:\n    requests: { cpu: '1' }\n    limits: { cpu: 500m }",
    }),
    path: 'app.resources.limits.cpu',
    message: 'expected a cpu limit of at least the request (1), found 500m',
    line: 7,
  },
  // --- image
  {
    name: 'repository with a tag',
    yaml: edit({ line: 6, set: '  repository: ghcr.io/acme/shop:1.2' }),
    path: 'image.repository',
    message: 'expected an image repository without tag or digest',
    line: 6,
    hint: 'put the tag in `image.tag`',
  },
  {
    name: 'malformed digest',
    yaml: edit({ after: 6, insert: '  digest: sha256:abc' }),
    path: 'image.digest',
    message: 'expected a digest `sha256:<64 hex digits>`, found "sha256:abc"',
    line: 7,
  },
  // --- rings
  {
    name: 'no rings',
    yaml: edit({ line: 7, set: 'rings: []' }, { drop: 8, count: 2 }),
    path: 'rings',
    message: 'expected at least one ring, found none',
    line: 7,
  },
  {
    name: 'duplicate ring name',
    yaml: edit({ line: 9, set: '  - name: canary' }, { line: 15, set: '    ring: canary' }),
    path: 'rings[1].name',
    message: 'duplicate ring name `canary`: rings[0] has it too',
    line: 9,
  },
  {
    name: 'ring with no tenants',
    yaml: edit({ line: 15, set: '    ring: canary' }),
    path: 'rings[1].name',
    message: 'ring `main` has no tenants',
    line: 9,
  },
  {
    name: 'ring name with upper case',
    yaml: edit({ line: 8, set: '  - name: Canary' }, { line: 12, set: '    ring: Canary' }),
    path: 'rings[0].name',
    message: 'expected a DNS-1123 label',
    line: 8,
    hint: 'try `canary`',
  },
  {
    name: 'ring concurrency 0',
    yaml: edit({ after: 8, insert: '    concurrency: 0' }),
    path: 'rings[0].concurrency',
    message: 'expected 1 or more, found 0',
    line: 9,
  },
  {
    name: 'ring key in snake case',
    yaml: edit({ after: 8, insert: '    pause_for_approval: true' }),
    path: 'rings[0].pause_for_approval',
    message: 'unknown key `pause_for_approval`',
    line: 9,
    hint: 'did you mean `pauseForApproval`?',
  },
  // --- tenants
  {
    name: 'tenant names an unknown ring',
    yaml: edit({ line: 12, set: '    ring: cannary' }),
    path: 'tenants[0].ring',
    message: 'expected the name of a ring (`canary`, `main`), found `cannary`',
    line: 12,
    hint: 'did you mean `canary`?',
  },
  {
    name: 'tenant names an unknown tier',
    yaml: edit({ line: 13, set: '    tier: premium' }),
    path: 'tenants[0].tier',
    message: 'expected the name of a tier in isolation.tiers (`standard`), found `premium`',
    line: 13,
  },
  {
    name: 'duplicate tenant id',
    yaml: edit({ line: 14, set: '  - id: acme' }),
    path: 'tenants[1].id',
    message: 'duplicate tenant id `acme`: tenants[0] has it too',
    line: 14,
  },
  {
    name: 'tenant without tier (points at the tenant)',
    yaml: edit({ drop: 16 }),
    path: 'tenants[1].tier',
    message: 'missing required key `tier`',
    line: 14,
  },
  {
    name: 'pinned version YAML reads as a number',
    yaml: edit({ after: 13, insert: '    version: 1.4' }),
    path: 'tenants[0].version',
    message: 'expected a version (a string), found 1.4 (a number)',
    line: 14,
    hint: 'quote it',
  },
  {
    name: 'explicit namespace collides with another tenant',
    yaml: edit({ after: 14, insert: '    namespace: shop-acme' }),
    path: 'tenants[1].namespace',
    message: 'namespace `shop-acme` of tenant `globex` is also the namespace of tenant `acme`',
    line: 15,
    hint: 'the same `group`',
  },
  {
    name: 'rendered namespace longer than 63 characters',
    yaml: edit({ line: 11, set: `  - id: ${q(60)}` }),
    path: 'tenants[0].id',
    message: 'expected a namespace of at most 63 characters, found `shop-aaaa',
    line: 11,
  },
  {
    name: 'group named like another tenant, so their namespaces collide',
    yaml: edit({ after: 16, insert: '    group: acme' }),
    path: 'tenants[1].group',
    message: 'namespace `shop-acme` of tenant `globex` is also the namespace of tenant `acme`',
    line: 17,
  },
  {
    name: 'tenants of one group in different rings',
    yaml: edit(
      { line: 13, set: '    tier: standard\n    group: small' },
      { line: 16, set: '    tier: standard\n    group: small' },
    ),
    path: 'tenants[1].ring',
    message: 'expected ring `canary` like tenant `acme` of the same group, found `main`',
    line: 16,
  },
  {
    name: 'label key cutover reserves',
    yaml: edit({ after: 13, insert: '    labels: { cutover.dev/tenant: other }' }),
    path: 'tenants[0].labels["cutover.dev/tenant"]',
    message: 'found the reserved `cutover.dev/tenant`',
    line: 14,
  },
  {
    name: 'label value too long',
    yaml: edit({ after: 13, insert: `    labels: { team: ${q(64, 'x')} }` }),
    path: 'tenants[0].labels.team',
    message: 'expected a Kubernetes label value',
    line: 14,
  },
  {
    name: 'misspelled key in overrides',
    yaml: edit({ after: 13, insert: '    overrides:\n      replica: 3' }),
    path: 'tenants[0].overrides.replica',
    message: 'unknown key `replica`',
    line: 15,
    hint: 'did you mean `replicas`?',
  },
  // --- isolation
  {
    name: 'namespace template with an unknown placeholder',
    yaml: edit({ after: 17, insert: "  namespaceTemplate: '{app}-{tenat}'" }),
    path: 'isolation.namespaceTemplate',
    message: 'unknown placeholder `{tenat}`',
    line: 18,
  },
  {
    name: 'namespace template without {tenant}',
    yaml: edit({ after: 17, insert: "  namespaceTemplate: '{app}-prod'" }),
    path: 'isolation.namespaceTemplate',
    message: 'expected a template with `{tenant}`',
    line: 18,
  },
  {
    name: 'pod security level misspelled',
    yaml: edit({ after: 17, insert: '  podSecurity: restrictd' }),
    path: 'isolation.podSecurity',
    message: 'expected one of `privileged`, `baseline`, `restricted`, found "restrictd"',
    line: 18,
    hint: 'did you mean `restricted`?',
  },
  {
    name: 'tier name not a DNS label (points at the key)',
    yaml: edit(
      { line: 19, set: '    Standard:' },
      { line: 13, set: '    tier: Standard' },
      { line: 16, set: '    tier: Standard' },
    ),
    path: 'isolation.tiers.Standard',
    message: 'expected a DNS-1123 label',
    line: 19,
  },
  {
    name: 'memory in GB, not a Kubernetes unit',
    yaml: edit({ line: 20, set: "      quota: { cpu: '4', memory: 8GB, pods: 20 }" }),
    path: 'isolation.tiers.standard.quota.memory',
    message: 'expected a Kubernetes quantity',
    line: 20,
    hint: 'write `8Gi`',
  },
  {
    name: 'quota key misspelled',
    yaml: edit({ line: 20, set: "      quota: { cpu: '4', memory: 8Gi, pod: 20 }" }),
    path: 'isolation.tiers.standard.quota.pod',
    message: 'unknown key `pod`',
    line: 20,
    hint: 'did you mean `pods`?',
  },
  {
    name: 'default limit below default request',
    yaml: edit({ line: 23, set: '        default: { cpu: 50m, memory: 512Mi }' }),
    path: 'isolation.tiers.standard.limitRange.default.cpu',
    message: 'expected a default cpu limit of at least defaultRequest.cpu',
    line: 23,
  },
  {
    name: 'quota too small for blue and green pods',
    yaml: edit({ line: 20, set: "      quota: { cpu: '4', memory: 8Gi, pods: 3 }" }),
    path: 'tenants[0].tier',
    message: 'expected tier `standard` to allow the 4 pods a cutover runs',
    line: 13,
  },
  {
    name: 'quota on requests without any requests set',
    yaml: edit({ drop: 21, count: 3 }),
    path: 'tenants[0].tier',
    message: 'expected requests.cpu for the pods of tier `standard`',
    line: 13,
  },
  {
    name: 'egress range that is not CIDR',
    yaml: edit({
      after: 23,
      insert: '  networkPolicy:\n    extraEgress:\n      - cidr: 10.0.0.0/33',
    }),
    path: 'isolation.networkPolicy.extraEgress[0].cidr',
    message: 'expected an IP range in CIDR notation, found "10.0.0.0/33"',
    line: 26,
  },
  {
    name: 'selector expression with values for Exists',
    yaml: edit({
      after: 23,
      insert:
        '  networkPolicy:\n    monitoringNamespaceSelector:\n      matchExpressions:\n        - { key: team, operator: Exists, values: [a] }',
    }),
    path: 'isolation.networkPolicy.monitoringNamespaceSelector.matchExpressions[0].values',
    message: 'expected no `values` for operator Exists',
    line: 27,
  },
  // --- routing
  {
    name: 'routing method abbreviated',
    yaml: edit({ line: 25, set: '  method: gateway' }),
    path: 'routing.method',
    message: 'expected one of `service`, `gateway-api`',
    line: 25,
    hint: 'did you mean `gateway-api`?',
  },
  {
    name: 'steps not increasing',
    yaml: edit({ line: 26, set: '  steps: [50, 10, 100]' }),
    path: 'routing.steps[1]',
    message: 'expected steps in increasing order, found 10 after 50',
    line: 26,
  },
  {
    name: 'steps not ending at 100',
    yaml: edit({ line: 26, set: '  steps: [10, 50]' }),
    path: 'routing.steps',
    message: 'expected the last step to be 100, found 50',
    line: 26,
  },
  {
    name: 'step of 0 percent',
    yaml: edit({ line: 26, set: '  steps: [0, 100]' }),
    path: 'routing.steps[0]',
    message: 'expected a percentage from 1 to 100, found 0',
    line: 26,
  },
  {
    name: 'weighted steps with the service method',
    yaml: edit({ line: 25, set: '  method: service' }, { drop: 27 }),
    path: 'routing.steps',
    message: 'expected steps [100] with method `service`',
    line: 26,
    hint: 'gateway-api',
  },
  {
    name: 'gateway-api without parentRefs (points at routing)',
    yaml: edit({ drop: 27 }),
    path: 'routing.parentRefs',
    message: 'missing required key `parentRefs`',
    line: 24,
    hint: 'parentRefs: [{ name: <gateway>',
  },
  {
    name: 'the old gateway key, refused with how to write it now',
    yaml: edit({ line: 27, set: '  gateway: { name: public, namespace: gateway-system }' }),
    path: 'routing.gateway',
    message: '`routing.gateway` is now `parentRefs`',
    line: 27,
    hint: 'parentRefs: [{ name: <gateway>, namespace: <its namespace> }]',
  },
  {
    name: 'method smi, refused with the reason and the alternative',
    yaml: edit({ line: 25, set: '  method: smi' }),
    path: 'routing.method',
    message:
      'the SMI project is archived and its TrafficSplit CRDs are apiextensions.k8s.io/v1beta1',
    line: 25,
    hint: 'use `method: gateway-api`',
  },
  {
    name: 'method `__proto__` is an unknown method, not an inherited property',
    yaml: edit({ line: 25, set: '  method: __proto__' }),
    path: 'routing.method',
    message: 'expected one of',
    line: 25,
  },
  {
    name: "another router's key (parentRefs with istio)",
    yaml: edit({ line: 25, set: '  method: istio' }),
    path: 'routing.parentRefs',
    message: 'unknown key `parentRefs`',
    line: 27,
    hint: '`parentRefs` belongs with method `gateway-api`',
  },
  {
    name: 'istio without hosts',
    yaml: edit({ line: 25, set: '  method: istio' }, { drop: 27 }),
    path: 'routing.hosts',
    message: 'missing required key `hosts`',
    line: 24,
  },
  {
    name: 'ingress-nginx without a host',
    yaml: edit({ line: 25, set: '  method: ingress-nginx' }, { drop: 27 }),
    path: 'routing.host',
    message: 'missing required key `host`',
    line: 24,
  },
  {
    name: 'tester header with the service method, which cannot route by header',
    yaml: edit(
      { line: 25, set: '  method: service' },
      { line: 26, set: '  testerHeader: { name: x-preview, value: "1" }' },
      { drop: 27 },
    ),
    path: 'routing.testerHeader',
    message: 'unknown key `testerHeader`',
    line: 26,
    hint: 'belongs with method `gateway-api`',
  },
  {
    name: 'one host for tenants in different namespaces',
    yaml: edit({ after: 27, insert: '  hostnames: [shop.example.com]' }),
    path: 'routing.hostnames[0]',
    message:
      'expected a host per tenant, found `shop.example.com` for both tenant `acme` and tenant `globex`',
    line: 28,
  },
  // --- health
  {
    name: 'duration without a unit',
    yaml: edit({ line: 29, set: '  interval: 30' }),
    path: 'health.interval',
    message: 'expected a duration such as `10s` or `5m`, found 30 (a number)',
    line: 29,
    hint: 'add a unit: `30s`',
  },
  {
    name: 'duration in words',
    yaml: edit({ line: 29, set: '  interval: 10 seconds' }),
    path: 'health.interval',
    message: 'expected a duration such as `500ms`, `10s`, `5m` or `1h`, found "10 seconds"',
    line: 29,
  },
  {
    name: 'interval longer than the timeout',
    yaml: edit({ line: 29, set: '  interval: 10m\n  timeout: 1m' }),
    path: 'health.interval',
    message: 'expected health.interval (10m) to be at most health.timeout (1m)',
    line: 29,
  },
  {
    name: 'unknown check kind',
    yaml: edit({ line: 31, set: '    - kind: rollut' }),
    path: 'health.checks[0].kind',
    message:
      'expected one of `rollout`, `http`, `prometheus`, `compare`, `webhook`, found "rollut"',
    line: 31,
    hint: 'did you mean `rollout`?',
  },
  {
    name: 'check without kind (points at the check)',
    yaml: edit({ line: 31, set: '    - timeout: 5s' }),
    path: 'health.checks[0].kind',
    message: 'missing required key `kind`',
    line: 31,
  },
  {
    name: 'http check path without a slash',
    yaml: edit({ line: 33, set: '      path: healthz' }),
    path: 'health.checks[1].path',
    message: 'expected a path starting with `/`, found "healthz"',
    line: 33,
    hint: 'write `/healthz`',
  },
  {
    name: 'prometheus check without min or max',
    yaml: edit({ line: 31, set: '    - kind: prometheus\n      query: up' }),
    path: 'health.checks[0]',
    message: 'expected `min`, `max` or both, found neither',
    line: 31,
  },
  {
    name: 'key of another check kind',
    yaml: edit({
      line: 31,
      set: '    - kind: prometheus\n      query: up\n      max: 1\n      tolerance: 0.1',
    }),
    path: 'health.checks[0].tolerance',
    message: 'unknown key `tolerance`',
    line: 34,
    hint: '`tolerance` belongs with kind `compare`',
  },
  {
    name: 'compare tolerance given as a percentage',
    yaml: edit({
      line: 31,
      set: '    - kind: compare\n      query: errors{color="{color}"}\n      tolerance: 20\n      direction: lower',
    }),
    path: 'health.checks[0].tolerance',
    message: 'expected a number from 0 to 1, found 20',
    line: 33,
    hint: '`0.2`',
  },
  {
    name: 'compare query without {color}',
    yaml: edit({
      line: 31,
      set: '    - kind: compare\n      query: sum(errors)\n      tolerance: 0.1\n      direction: lower',
    }),
    path: 'health.checks[0].query',
    message: 'expected a query containing the `{color}` placeholder',
    line: 32,
  },
  {
    name: 'prometheus check without a Prometheus URL',
    yaml: edit(
      { line: 31, set: '    - kind: prometheus\n      query: up\n      max: 1' },
      { drop: 34, count: 2 },
    ),
    path: 'health.checks[0].kind',
    message: 'expected observability.prometheus to be set for a prometheus check',
    line: 31,
  },
  {
    name: 'a threshold of the wrong type',
    yaml: edit({ line: 31, set: "    - kind: prometheus\n      query: up\n      max: 'high'" }),
    path: 'health.checks[0].max',
    message: 'expected a number',
    line: 33,
  },
  {
    name: 'a query placeholder that does not exist',
    yaml: edit({
      line: 31,
      set: '    - kind: prometheus\n      query: up{pod="{pod}"}\n      max: 1',
    }),
    path: 'health.checks[0].query',
    message:
      'unknown placeholder `{pod}`; the placeholders are {namespace}, {tenant}, {app}, {color}, {version}',
    line: 32,
  },
  {
    name: 'an http url placeholder that does not exist',
    yaml: edit({
      line: 31,
      set: "    - kind: http\n      url: 'https://{tenant}.{domain}/healthz'",
    }),
    path: 'health.checks[0].url',
    message: 'unknown placeholder `{domain}`',
    line: 32,
  },
  {
    name: 'a gate interval longer than its duration',
    yaml: edit({ line: 29, set: '  interval: 2m\n  duration: 1m' }),
    path: 'health.interval',
    message: 'expected health.interval (2m) to be at most health.duration (1m)',
    line: 29,
  },
  {
    name: 'a gate with both count and duration',
    yaml: edit({ line: 29, set: '  interval: 10s\n  count: 3\n  duration: 1m' }),
    path: 'health.duration',
    message: 'expected `count` or `duration`, found both',
    line: 31,
  },
  {
    name: 'judge thresholds out of order',
    yaml: edit({ line: 29, set: '  interval: 10s\n  judge: { pass: 60, marginal: 80 }' }),
    path: 'health.judge.marginal',
    message: 'expected marginal <= pass, found marginal 80 and pass 60',
    line: 30,
  },
  {
    name: 'a compare step longer than half its window',
    yaml: edit({
      line: 31,
      set: '    - kind: compare\n      query: \'sum(x{color="{color}"})\'\n      direction: lower\n      window: 1m\n      step: 45s',
    }),
    path: 'health.checks[0].step',
    message: 'expected step to be at most half the window',
    line: 35,
  },
  {
    name: 'Prometheus with both a URL and a Service',
    yaml: edit({
      line: 35,
      set: "  prometheus: { url: 'http://p:9090', service: { namespace: monitoring, name: prometheus } }",
    }),
    path: 'observability.prometheus',
    message: 'expected `url` or `service`, found both',
    line: 35,
  },
  {
    name: 'webhook with an ftp URL',
    yaml: edit({ line: 31, set: '    - kind: webhook\n      url: ftp://qa.example.com/hook' }),
    path: 'health.checks[0].url',
    message: 'expected an http:// or https:// URL, found "ftp://qa.example.com/hook"',
    line: 32,
  },
  // --- blueRetention, observability
  {
    name: 'replicas with blue retention mode delete',
    yaml: `${BASE}blueRetention:\n  mode: delete\n  replicas: 1\n`,
    path: 'blueRetention.replicas',
    message: 'unknown key `replicas`',
    line: 38,
    hint: '`replicas` belongs with mode `keep-warm`',
  },
  {
    name: 'blue retention without mode',
    yaml: `${BASE}blueRetention:\n  delay: 5m\n`,
    path: 'blueRetention.mode',
    message: 'missing required key `mode` (expected one of `keep-warm`, `warm-backup`, `delete`)',
    line: 36,
  },
  {
    name: 'Prometheus URL without a scheme',
    yaml: edit({ line: 35, set: "  prometheus: { url: 'prometheus:9090' }" }),
    path: 'observability.prometheus.url',
    message: 'expected an http:// or https:// URL',
    line: 35,
  },
  {
    name: 'duplicate alert receiver names',
    yaml: `${BASE}  alertReceivers:\n    - { name: ops, webhookUrl: 'https://a.example.com' }\n    - { name: ops, webhookUrl: 'https://b.example.com' }\n`,
    path: 'observability.alertReceivers[1].name',
    message: 'duplicate receiver name `ops`',
    line: 38,
  },
];

describe('invalid configs: each problem names its field, says expected/found, and its line', () => {
  test('the cases are distinct configs', () => {
    expect(cases.length).toBeGreaterThanOrEqual(35);
    expect(new Set(cases.map((c) => c.yaml)).size).toBe(cases.length);
    expect(new Set(cases.map((c) => c.name)).size).toBe(cases.length);
  });

  test.each(cases)('$name', ({ yaml, path, message, line, hint }) => {
    const error = errorOf(yaml);
    expect(error.code).toBe('CONFIG_INVALID');
    const detail = error.details.find((d) => d.path === path && d.message.includes(message));
    if (!detail) {
      throw new Error(
        `no detail at ${path} containing "${message}"; got:\n${describeDetails(error.details)}`,
      );
    }
    expect(detail.location).toEqual(expect.objectContaining({ file: 'cutover.yaml', line }));
    if (hint !== undefined) expect(detail.hint).toContain(hint);
  });
});
