// Ring order and failure handling of provision-iac, with a real admission failure: a
// ValidatingAdmissionPolicy that refuses the quota of one tenant's namespace.
import * as k8s from '@kubernetes/client-node';
import { provision } from '../../src/tenancy/provision.ts';
import { adminCluster, adminConfig, tenantConfig, uniqueApp } from './tenant-fixtures.ts';

const app = uniqueApp('rings');
const policyName = `${app}-refuse-quota`;
const admission = adminConfig().makeApiClient(k8s.AdmissionregistrationV1Api);

beforeAll(async () => {
  await admission.createValidatingAdmissionPolicy({
    body: {
      metadata: { name: policyName },
      spec: {
        failurePolicy: 'Fail',
        matchConstraints: {
          resourceRules: [
            {
              apiGroups: [''],
              apiVersions: ['v1'],
              operations: ['CREATE', 'UPDATE'],
              resources: ['resourcequotas'],
            },
          ],
          namespaceSelector: {
            matchLabels: { 'cutover.dev/app': app, 'cutover.dev/tenant': 'doomed' },
          },
        },
        validations: [{ expression: 'false', message: 'quotas are frozen for this tenant' }],
      },
    },
  });
  await admission.createValidatingAdmissionPolicyBinding({
    body: { metadata: { name: policyName }, spec: { policyName, validationActions: ['Deny'] } },
  });
  // The policy takes effect once the API server's informer has seen it.
  await new Promise((r) => setTimeout(r, 3000));
});

afterAll(async () => {
  await admission.deleteValidatingAdmissionPolicyBinding({ name: policyName });
  await admission.deleteValidatingAdmissionPolicy({ name: policyName });
});

it("one tenant's failure stops the later rings; the ring's other tenants finish and every result is reported", async () => {
  const config = tenantConfig(
    app,
    [
      { id: 'first', ring: 'canary' },
      { id: 'doomed', ring: 'early' },
      { id: 'fine', ring: 'early' },
      { id: 'later', ring: 'main' },
    ],
    ['canary', 'early', 'main'],
  );
  const order: string[] = [];
  const report = await provision(adminCluster(), config, { onProgress: (m) => order.push(m) });
  expect(report.ok).toBe(false);
  const status = Object.fromEntries(report.results.map((r) => [r.item.id, r.status]));
  expect(status).toEqual({ first: 'ok', doomed: 'failed', fine: 'ok', later: 'skipped' });
  const doomed = report.results.find((r) => r.item.id === 'doomed')!;
  expect(doomed.status === 'failed' && String((doomed.error as Error).message)).toContain(
    'quotas are frozen',
  );
  const later = report.results.find((r) => r.item.id === 'later')!;
  expect(later.status === 'skipped' && later.reason).toBe('ring early failed');
  // rings ran in order: canary's tenant reported before early's
  expect(order.findIndex((m) => m.includes('[canary] first'))).toBeLessThan(
    order.findIndex((m) => m.includes('[early] fine')),
  );
  const cluster = adminCluster();
  expect(
    await cluster.get({ apiVersion: 'v1', kind: 'Namespace', name: `${app}-later` }),
  ).toBeUndefined();
});

it('tenants of a group share one namespace', async () => {
  const groupApp = uniqueApp('group');
  const config = tenantConfig(groupApp, [
    { id: 'one', ring: 'canary', group: 'shared' },
    { id: 'two', ring: 'canary', group: 'shared' },
    { id: 'solo', ring: 'main' },
  ]);
  const report = await provision(adminCluster(), config);
  expect(report.ok).toBe(true);
  expect(report.results.map((r) => [r.ring, r.item.id, r.item.namespace, r.item.tenants])).toEqual([
    ['canary', 'shared', `${groupApp}-shared`, ['one', 'two']],
    ['main', 'solo', `${groupApp}-solo`, ['solo']],
  ]);
  const ns = await adminConfig()
    .makeApiClient(k8s.CoreV1Api)
    .readNamespace({ name: `${groupApp}-shared` });
  expect(ns.metadata!.annotations!['cutover.dev/tenants']).toBe('one,two');
});

it('a dry run has the server check the objects it can create: a refused namespace fails the plan, writing nothing', async () => {
  const planApp = uniqueApp('plan');
  const name = `${planApp}-refuse-ns`;
  await admission.createValidatingAdmissionPolicy({
    body: {
      metadata: { name },
      spec: {
        failurePolicy: 'Fail',
        matchConstraints: {
          resourceRules: [
            {
              apiGroups: [''],
              apiVersions: ['v1'],
              operations: ['CREATE'],
              resources: ['namespaces'],
            },
          ],
          objectSelector: {
            matchLabels: { 'cutover.dev/app': planApp, 'cutover.dev/tenant': 'refused' },
          },
        },
        validations: [{ expression: 'false', message: 'no new namespaces for this tenant' }],
      },
    },
  });
  await admission.createValidatingAdmissionPolicyBinding({
    body: { metadata: { name }, spec: { policyName: name, validationActions: ['Deny'] } },
  });
  try {
    await new Promise((r) => setTimeout(r, 3000));
    const config = tenantConfig(
      planApp,
      [
        { id: 'welcome', ring: 'canary' },
        { id: 'refused', ring: 'canary' },
      ],
      ['canary'],
    );
    const cluster = adminCluster();
    const plan = await provision(cluster, config, { dryRun: true });
    const status = Object.fromEntries(plan.results.map((r) => [r.item.id, r.status]));
    expect(status).toEqual({ welcome: 'ok', refused: 'failed' });
    const refused = plan.results.find((r) => r.item.id === 'refused')!;
    expect(refused.status === 'failed' && String((refused.error as Error).message)).toContain(
      'no new namespaces for this tenant',
    );
    expect(cluster.stats.writes).toBe(0);
    expect(
      await cluster.get({ apiVersion: 'v1', kind: 'Namespace', name: `${planApp}-welcome` }),
    ).toBeUndefined();
  } finally {
    await admission.deleteValidatingAdmissionPolicyBinding({ name });
    await admission.deleteValidatingAdmissionPolicy({ name });
  }
});
