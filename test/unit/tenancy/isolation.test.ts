import { parseConfig } from '../../../src/config/index.ts';
import { isolationObjects } from '../../../src/tenancy/isolation.ts';
import { renderManifests } from '../../../src/tenancy/manifests.ts';
import { tenantUnits } from '../../../src/tenancy/units.ts';
import { CutoverError } from '../../../src/errors.ts';

const yaml = (extra = '') => `version: 1
app: { name: shop, port: 9000, resources: { requests: { cpu: 100m, memory: 64Mi }, limits: { cpu: 200m, memory: 128Mi } } }
image: { repository: r/shop }
rings: [{ name: canary }, { name: main }]
tenants:
  - { id: acme, ring: canary, tier: small, labels: { team: a } }
  - { id: b1, ring: main, tier: small, group: bundle }
  - { id: b2, ring: main, tier: small, group: bundle }
isolation:
  podSecurity: baseline
  tiers:
    small: { quota: { cpu: "1", memory: 1Gi, pods: 5 } }
${extra}`;

describe('isolationObjects', () => {
  const config = parseConfig(yaml(), 'c.yaml').config;
  const units = tenantUnits(config);

  it('makes one unit per namespace; a group shares one', () => {
    expect(units.map((u) => [u.id, u.namespace, u.tenants])).toEqual([
      ['acme', 'shop-acme', ['acme']],
      ['bundle', 'shop-bundle', ['b1', 'b2']],
    ]);
  });

  it('labels every object, denies first and grants last', () => {
    const objects = isolationObjects(config, units[0]!);
    expect(objects.map((o) => `${o.kind}/${o.metadata!.name}`)).toEqual([
      'Namespace/shop-acme',
      'NetworkPolicy/cutover-default-deny',
      'NetworkPolicy/cutover-allow-same-namespace',
      'NetworkPolicy/cutover-allow-dns',
      'NetworkPolicy/cutover-allow-ingress',
      'NetworkPolicy/cutover-allow-monitoring',
      'ResourceQuota/cutover-quota',
      'ServiceAccount/cutover-deployer',
      'Role/cutover-deployer',
      'RoleBinding/cutover-deployer',
    ]);
    for (const o of objects) {
      expect(o.metadata!.labels).toMatchObject({
        'app.kubernetes.io/managed-by': 'cutover',
        'cutover.dev/tenant': 'acme',
      });
    }
    expect(objects[0]!.metadata!.labels).toMatchObject({
      team: 'a',
      'pod-security.kubernetes.io/enforce': 'baseline',
    });
  });

  it('opens the app port to the ingress namespace only', () => {
    const ingress = isolationObjects(config, units[0]!).find(
      (o) => o.metadata!.name === 'cutover-allow-ingress',
    ) as unknown as {
      spec: { ingress: { ports: unknown[] }[] };
    };
    expect(ingress.spec.ingress[0]!.ports).toEqual([{ protocol: 'TCP', port: 9000 }]);
  });

  it('leaves out what the config turns off', () => {
    const c = parseConfig(
      yaml(
        '  networkPolicy: { allowDNS: false, ingressNamespaceSelector: null, monitoringNamespaceSelector: null }',
      ),
      'c.yaml',
    ).config;
    const names = isolationObjects(c, tenantUnits(c)[0]!).map((o) => o.metadata!.name);
    expect(names).not.toContain('cutover-allow-dns');
    expect(names).not.toContain('cutover-allow-ingress');
    expect(names).not.toContain('cutover-allow-monitoring');
    expect(names).toContain('cutover-default-deny');
  });
});

describe('renderManifests', () => {
  const vars = {
    TENANT: 'acme',
    NAMESPACE: 'shop-acme',
    RING: 'canary',
    TIER: 'small',
    APP: 'shop',
  };
  const source = (text: string) => ({ dir: 'deploy', text });

  it('replaces placeholders, sets the namespace and adds the ownership labels', () => {
    const [cm] = renderManifests(
      source(
        'apiVersion: v1\nkind: ConfigMap\nmetadata: { name: x, labels: { k: v } }\ndata:\n  t: ${CUTOVER_TENANT}\n  n: ${CUTOVER_NAMESPACE}\n  keep: ${OTHER}\n',
      ),
      vars,
      { 'cutover.dev/tenant': 'acme' },
    );
    expect(cm).toEqual({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: {
        name: 'x',
        namespace: 'shop-acme',
        labels: { k: 'v', 'cutover.dev/tenant': 'acme' },
      },
      data: { t: 'acme', n: 'shop-acme', keep: '${OTHER}' },
    });
  });

  it('reports every bad document at once', () => {
    const text =
      'kind: ConfigMap\n---\napiVersion: v1\nkind: Secret\nmetadata: { name: s, namespace: kube-system }\n---\n';
    try {
      renderManifests(source(text), vars, {});
      throw new Error('expected an error');
    } catch (e) {
      expect(e).toBeInstanceOf(CutoverError);
      expect((e as CutoverError).details.map((d) => d.path)).toEqual(['document 1', 'Secret s']);
    }
  });
});
