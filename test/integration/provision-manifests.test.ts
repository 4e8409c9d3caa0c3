// The hand-off to other IaC: app.manifests (plain YAML or a kustomization) applied in every
// tenant namespace with the same plan, apply and prune as the isolation objects.
import type { KubernetesObject } from '@kubernetes/client-node';
import { mkdtemp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../src/config/index.ts';
import { CutoverError } from '../../src/errors.ts';
import { provision } from '../../src/tenancy/provision.ts';
import { manifestsDirOf } from '../../src/tenancy/run.ts';
import { terminalIO } from '../../src/cli/terminal-io.ts';
import { run as provisionStage } from '../../src/stages/provision-iac.ts';
import type { provisionOutputs } from '../../src/stages/output-specs.ts';
import { testKubeconfigPath } from './helpers.ts';
import { adminCluster, rejectionOf, tenantConfigYaml, uniqueApp } from './tenant-fixtures.ts';

const configMap = `apiVersion: v1
kind: ConfigMap
metadata:
  name: settings
data:
  tenant: \${CUTOVER_TENANT}
  namespace: \${CUTOVER_NAMESPACE}
  ring: \${CUTOVER_RING}
`;
const service = `apiVersion: v1
kind: Service
metadata:
  name: extra
spec:
  ports: [{ port: 80, targetPort: 8080 }]
  selector: { app: extra }
`;

async function project(app: string, files: Record<string, string>) {
  const dir = await mkdtemp(join(tmpdir(), 'cutover-manifests-'));
  const yaml = tenantConfigYaml(app, [
    { id: 'red', ring: 'canary' },
    { id: 'blue', ring: 'main' },
  ]).replace('  port: 8080\n', '  port: 8080\n  manifests: ./deploy\n');
  await writeFile(join(dir, 'cutover.yaml'), yaml);
  await mkdir(join(dir, 'deploy'));
  for (const [name, text] of Object.entries(files))
    await writeFile(join(dir, 'deploy', name), text);
  return dir;
}

async function run(dir: string, requiredKinds: string[] = []) {
  const loaded = await loadConfig(join(dir, 'cutover.yaml'));
  const cluster = adminCluster();
  return provision(cluster, loaded.config, { manifestsDir: manifestsDirOf(loaded), requiredKinds });
}

it('applies plain manifests per tenant with placeholders, and prunes what is removed from the directory', async () => {
  const app = uniqueApp('man');
  const dir = await project(app, { 'configmap.yaml': configMap, 'service.yaml': service });
  expect((await run(dir)).ok).toBe(true);
  const cluster = adminCluster();
  const cm = await cluster.get<
    { data: Record<string, string>; metadata: { labels: Record<string, string> } } & object
  >({
    apiVersion: 'v1',
    kind: 'ConfigMap',
    name: 'settings',
    namespace: `${app}-blue`,
  });
  expect(cm!.data).toEqual({ tenant: 'blue', namespace: `${app}-blue`, ring: 'main' });
  expect(cm!.metadata!.labels).toMatchObject({
    'app.kubernetes.io/managed-by': 'cutover',
    'cutover.dev/tenant': 'blue',
  });
  expect(
    await cluster.get({
      apiVersion: 'v1',
      kind: 'Service',
      name: 'extra',
      namespace: `${app}-red`,
    }),
  ).toBeDefined();

  await rm(join(dir, 'deploy/service.yaml'));
  const second = await run(dir);
  const red = second.results.find((r) => r.item.id === 'red')!;
  const changes = red.status === 'ok' ? red.value.filter((c) => c.action !== 'unchanged') : [];
  expect(changes.map((c) => `${c.action} ${c.kind} ${c.name}`)).toEqual([
    'update Namespace ' + `${app}-red`,
    'delete Service extra',
  ]);
  expect(
    await cluster.get({
      apiVersion: 'v1',
      kind: 'Service',
      name: 'extra',
      namespace: `${app}-red`,
    }),
  ).toBeUndefined();

  // every manifest gone: the kinds recorded on the namespace still lead prune to the ConfigMap
  await rm(join(dir, 'deploy/configmap.yaml'));
  expect((await run(dir)).ok).toBe(true);
  expect(
    await cluster.get({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      name: 'settings',
      namespace: `${app}-blue`,
    }),
  ).toBeUndefined();
});

it('builds a kustomization with kustomize', async () => {
  const app = uniqueApp('kus');
  const dir = await project(app, {
    'kustomization.yaml':
      'resources: [configmap.yaml]\nconfigMapGenerator:\n  - name: generated\n    literals: [color=green]\n    options: { disableNameSuffixHash: true }\n',
    'configmap.yaml': configMap,
  });
  expect((await run(dir)).ok).toBe(true);
  const generated = await adminCluster().get<{ data: Record<string, string> } & KubernetesObject>({
    apiVersion: 'v1',
    kind: 'ConfigMap',
    name: 'generated',
    namespace: `${app}-red`,
  });
  expect(generated!.data).toEqual({ color: 'green' });
});

it('refuses cluster-scoped objects and foreign namespaces before writing anything', async () => {
  const app = uniqueApp('bad');
  const clusterRole =
    'apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata:\n  name: escalate\nrules: []\n';
  const dir = await project(app, { 'a.yaml': configMap, 'b.yaml': clusterRole });
  const e = await rejectionOf<CutoverError>(run(dir));
  expect(e).toBeInstanceOf(CutoverError);
  expect(e!.message).toContain('cluster-scoped objects cannot be tenant manifests: ClusterRole');
  expect(
    await adminCluster().get({ apiVersion: 'v1', kind: 'Namespace', name: `${app}-red` }),
  ).toBeUndefined();

  const foreign = await project(app, {
    'a.yaml': configMap.replace('name: settings', 'name: settings\n  namespace: kube-system'),
  });
  const e2 = await rejectionOf<CutoverError>(run(foreign));
  expect(e2!.details[0]!.message).toContain('sets namespace kube-system');
});

// The test cluster has no Prometheus Operator: ServiceMonitor's group is not served at all.
const serviceMonitor = `apiVersion: monitoring.coreos.com/v1
kind: ServiceMonitor
metadata:
  name: app
spec:
  selector: { matchLabels: { app: extra } }
  endpoints: [{ port: http }]
`;

describe('manifests of kinds whose CRD is not installed', () => {
  it('are skipped and reported with the CRD name; the rest is applied', async () => {
    const app = uniqueApp('opt');
    const dir = await project(app, { 'a.yaml': configMap, 'b.yaml': serviceMonitor });
    const report = await run(dir);
    expect(report.ok).toBe(true);
    expect(report.skippedKinds).toEqual([
      {
        apiVersion: 'monitoring.coreos.com/v1',
        kind: 'ServiceMonitor',
        crd: 'servicemonitors.monitoring.coreos.com',
        reason: 'CRD servicemonitors.monitoring.coreos.com is not installed',
        objects: 2,
      },
    ]);
    const cm = await adminCluster().get({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      name: 'settings',
      namespace: `${app}-red`,
    });
    expect(cm).toBeDefined();
    // a re-run converges: nothing to write, still skipped
    const again = await run(dir);
    expect(again.stats.writes).toBe(0);
    expect(again.skippedKinds).toHaveLength(1);
  });

  it('fail before any write when the config requires them', async () => {
    const app = uniqueApp('req');
    const dir = await project(app, { 'a.yaml': configMap, 'b.yaml': serviceMonitor });
    const e = await rejectionOf<CutoverError>(run(dir, ['ServiceMonitor']));
    expect(e).toBeInstanceOf(CutoverError);
    expect(e!.message).toContain('nothing was applied');
    expect(e!.details[0]!.message).toContain(
      'ServiceMonitor (monitoring.coreos.com/v1) is required, but its CRD servicemonitors.monitoring.coreos.com is not installed',
    );
    expect(
      await adminCluster().get({ apiVersion: 'v1', kind: 'Namespace', name: `${app}-red` }),
    ).toBeUndefined();
  });

  it('a kind missing from a served group is a mistake, not an optional extra: it fails', async () => {
    const app = uniqueApp('typo');
    const typo = 'apiVersion: apps/v1\nkind: Deploymnt\nmetadata:\n  name: web\n';
    const dir = await project(app, { 'a.yaml': configMap, 'b.yaml': typo });
    const e = await rejectionOf<CutoverError>(run(dir));
    expect(e!.details[0]!.message).toContain(
      'serves group apps in v1, but not Deploymnt in apps/v1',
    );
    expect(
      await adminCluster().get({ apiVersion: 'v1', kind: 'Namespace', name: `${app}-red` }),
    ).toBeUndefined();
  });

  it('the provision-iac stage reports them (output, warning, report), and app.requiredKinds makes them fail', async () => {
    const app = uniqueApp('stg');
    const dir = await project(app, { 'a.yaml': configMap, 'b.yaml': serviceMonitor });
    const out: string[] = [];
    const err: string[] = [];
    const io = terminalIO<typeof provisionOutputs>({
      out: (t) => out.push(t),
      err: (t) => err.push(t),
      cwd: dir,
    });
    const inputs = {
      config: 'cutover.yaml',
      environment: undefined,
      kubeconfig: undefined,
      kubeconfigFile: testKubeconfigPath(),
      context: undefined,
      'dry-run': false,
      'allow-namespace-deletion': false,
    };
    await provisionStage(inputs, io);
    expect(io.outputs['skipped-kinds']).toEqual([
      expect.objectContaining({
        kind: 'ServiceMonitor',
        crd: 'servicemonitors.monitoring.coreos.com',
      }),
    ]);
    expect(err.join('\n')).toContain(
      'warning: 2 ServiceMonitor object(s) (monitoring.coreos.com/v1) of app.manifests were not applied: CRD servicemonitors.monitoring.coreos.com is not installed',
    );
    expect(out.join('\n')).toContain('skipped 2 ServiceMonitor object(s)');

    const file = join(dir, 'cutover.yaml');
    const yaml = await readFile(file, 'utf8');
    await writeFile(
      file,
      yaml.replace(
        '  manifests: ./deploy\n',
        '  manifests: ./deploy\n  requiredKinds: [ServiceMonitor]\n',
      ),
    );
    const e = await rejectionOf<CutoverError>(
      provisionStage(inputs, terminalIO({ out: () => {}, err: () => {}, cwd: dir })),
    );
    expect(e!.details[0]!.path).toBe('app.requiredKinds: ServiceMonitor');
  });

  it('objects of a CRD removed since the last run do not break the prune', async () => {
    const app = uniqueApp('gone');
    const group = `${app}.example.test`;
    const crd = {
      apiVersion: 'apiextensions.k8s.io/v1',
      kind: 'CustomResourceDefinition',
      metadata: { name: `widgets.${group}` },
      spec: {
        group,
        scope: 'Namespaced',
        names: { plural: 'widgets', singular: 'widget', kind: 'Widget', listKind: 'WidgetList' },
        versions: [
          {
            name: 'v1',
            served: true,
            storage: true,
            schema: {
              openAPIV3Schema: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
            },
          },
        ],
      },
    };
    const admin = adminCluster();
    await admin.apply(crd);
    const ref = {
      apiVersion: 'apiextensions.k8s.io/v1',
      kind: 'CustomResourceDefinition',
      name: crd.metadata.name,
    };
    // the CRD is served once its names are accepted
    for (let i = 0; i < 100 && !(await adminCluster().serves(`${group}/v1`, 'Widget')); i++)
      await new Promise((r) => setTimeout(r, 100));
    const widget = `apiVersion: ${group}/v1\nkind: Widget\nmetadata:\n  name: w\nspec: { size: 1 }\n`;
    const dir = await project(app, { 'a.yaml': configMap, 'b.yaml': widget });
    const first = await run(dir);
    expect(first.ok).toBe(true);
    expect(first.skippedKinds).toEqual([]);
    expect(
      await adminCluster().get({
        apiVersion: `${group}/v1`,
        kind: 'Widget',
        name: 'w',
        namespace: `${app}-red`,
      }),
    ).toBeDefined();

    await admin.delete(ref);
    for (let i = 0; i < 100 && (await adminCluster().serves(`${group}/v1`, 'Widget')); i++)
      await new Promise((r) => setTimeout(r, 100));
    // the namespace still records Widget as a manifest kind; its list is skipped, not a 404
    await rm(join(dir, 'deploy', 'b.yaml'));
    const after = await run(dir);
    expect(after.ok).toBe(true);
  });
});
