import type { KubernetesObject } from '@kubernetes/client-node';
import { alreadyApplied } from '../../../src/kube/already-applied.ts';
import { diffObjects } from '../../../src/kube/converge.ts';

const desired = {
  apiVersion: 'v1',
  kind: 'ResourceQuota',
  metadata: { name: 'q', namespace: 'ns', labels: { a: '1' } },
  spec: { hard: { pods: '10', 'requests.cpu': '2' } },
} as KubernetesObject;

function live(
  overrides: {
    hard?: Record<string, string>;
    owned?: Record<string, unknown>;
    manager?: string;
  } = {},
): KubernetesObject {
  return {
    apiVersion: 'v1',
    kind: 'ResourceQuota',
    metadata: {
      name: 'q',
      namespace: 'ns',
      labels: { a: '1', other: 'x' },
      resourceVersion: '7',
      managedFields: [
        {
          manager: overrides.manager ?? 'cutover',
          operation: 'Apply',
          fieldsType: 'FieldsV1',
          fieldsV1: overrides.owned ?? {
            'f:metadata': { 'f:labels': { 'f:a': {} } },
            'f:spec': { 'f:hard': { 'f:pods': {}, 'f:requests.cpu': {} } },
          },
        },
      ],
    },
    spec: { hard: overrides.hard ?? { pods: '10', 'requests.cpu': '2', secrets: '5' } },
  } as KubernetesObject;
}

describe('alreadyApplied', () => {
  it('is true when every declared field matches and cutover owns nothing undeclared', () => {
    expect(alreadyApplied(desired, live())).toBe(true);
  });
  it('is false when a declared value differs (hand edit)', () => {
    expect(alreadyApplied(desired, live({ hard: { pods: '10', 'requests.cpu': '64' } }))).toBe(
      false,
    );
  });
  it('is false when cutover owns a field the config no longer declares (apply would remove it)', () => {
    const owned = {
      'f:spec': { 'f:hard': { 'f:pods': {}, 'f:requests.cpu': {}, 'f:services': {} } },
    };
    expect(alreadyApplied(desired, live({ owned }))).toBe(false);
  });
  it('is false when cutover never applied it (someone else made the object)', () => {
    expect(alreadyApplied(desired, live({ manager: 'kubectl' }))).toBe(false);
  });
  it('is false for a differently spelled quantity: the server decides, by dry run', () => {
    const spelled = {
      ...desired,
      spec: { hard: { pods: '10', 'requests.cpu': '2000m' } },
    } as KubernetesObject;
    expect(alreadyApplied(spelled, live())).toBe(false);
  });
});

describe('diffObjects', () => {
  it('lists the changed leaves with before and after', () => {
    expect(
      diffObjects(
        { spec: { hard: { cpu: '64', pods: '1' } } },
        { spec: { hard: { cpu: '2', pods: '1' }, x: true } },
      ),
    ).toEqual(['spec.hard.cpu: "64" → "2"', 'spec.x: (none) → true']);
  });
});
