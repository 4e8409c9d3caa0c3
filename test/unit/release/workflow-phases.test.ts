import { parseConfig } from '../../../src/config/index.ts';
import { buildRolloutPlan, workflowPhases } from '../../../src/release/rollout-plan.ts';

const config = (rings: string, tenants: string, steps = '[10, 50, 100]') =>
  parseConfig(
    `version: 1
app: { name: web, port: 8080, resources: { requests: { cpu: 100m, memory: 128Mi } } }
image: { repository: registry.local/web }
rings:
${rings}
tenants:
${tenants}
isolation:
  tiers:
    small:
      quota: { cpu: "1", memory: 1Gi, pods: 5 }
routing:
  method: gateway-api
  steps: ${steps}
  parentRefs: [{ name: gw, namespace: gateway-system }]
  hostnames: ['{tenant}.example.com']
`,
    'cutover.yaml',
  ).config;

const phases = (...args: Parameters<typeof config>) =>
  workflowPhases(buildRolloutPlan(config(...args))).map(
    (p) =>
      `${p.name}${p.deploy ? ' deploy' : ''}${p.approval ? ' approval' : ''}${p.environment ? ` @${p.environment}` : ''}`,
  );

it('one phase per ring and traffic step, in order; the first deploys, the one after it waits for the approval', () => {
  expect(
    phases(
      '  - { name: canary }\n  - { name: main, pauseForApproval: true, environment: prod-eu }',
      '  - { id: a, ring: canary, tier: small }\n  - { id: b, ring: main, tier: small }',
    ),
  ).toEqual([
    'canary 10% deploy',
    'canary 50%',
    'canary 100%',
    'main 10% deploy @prod-eu',
    'main 50% approval @prod-eu',
    'main 100% @prod-eu',
  ]);
});

it('straight to 100%: the approval comes before the ring starts', () => {
  expect(
    phases(
      '  - { name: main, pauseForApproval: true }',
      '  - { id: a, ring: main, tier: small }',
      '[100]',
    ),
  ).toEqual(['main 100% deploy approval']);
});

it('a ring whose tenants all pin a version has no phase', () => {
  expect(
    phases(
      '  - { name: canary }\n  - { name: main }',
      '  - { id: a, ring: canary, tier: small, version: "1.0.0" }\n  - { id: b, ring: main, tier: small }',
      '[100]',
    ),
  ).toEqual(['main 100% deploy']);
});

it("each phase carries its ring's URL: the environment's template at the ring's first tenant, else its first host", () => {
  const c = config(
    '  - { name: canary }\n  - { name: main }',
    '  - { id: a, ring: canary, tier: small }\n  - { id: b, ring: main, tier: small }',
    '[100]',
  );
  const urls = (template?: string) =>
    workflowPhases(buildRolloutPlan(c, undefined, template)).map((p) => p.url);
  expect(urls()).toEqual(['https://a.example.com', 'https://b.example.com']);
  expect(urls('https://{app}.staging.test/{ring}/{tenant}')).toEqual([
    'https://web.staging.test/canary/a',
    'https://web.staging.test/main/b',
  ]);
  expect(buildRolloutPlan(c).url).toBe('https://a.example.com');
});
