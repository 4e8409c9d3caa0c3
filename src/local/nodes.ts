/**
 * The fake nodes of a local cluster: Node objects created through the API, which kwok
 * (matching their annotation) keeps Ready and runs pods on.
 */
import { CutoverError } from '../errors.ts';
import { type ControlPlane, waitOptions } from './components.ts';
import { adminRequest } from './admin-client.ts';
import { KWOK_NODE_ANNOTATION, KWOK_NODE_ANNOTATION_VALUE } from './kwok-config.ts';
import type { Started } from './process.ts';
import { waitFor } from './wait.ts';

/** kwok-node-0, kwok-node-1, ... */
export function nodeNames(count: number): string[] {
  return Array.from({ length: count }, (_, i) => `kwok-node-${i}`);
}

/** Creates the nodes (one that exists already is fine). */
export async function createFakeNodes(cp: ControlPlane, count: number): Promise<void> {
  cp.progress(`creating ${count} fake nodes`);
  for (const [i, node] of nodeNames(count).entries()) {
    const r = await adminRequest(cp.admin, {
      method: 'POST',
      path: '/api/v1/nodes',
      body: fakeNode(node, i),
    });
    if (r.status !== 201 && r.status !== 409) {
      throw new CutoverError(
        'LOCAL_CLUSTER',
        `creating node ${node} failed: HTTP ${r.status} ${r.text.slice(0, 300)}`,
      );
    }
  }
}

/** Waits until count nodes are Ready, which kwok makes them. */
export async function waitNodesReady(
  cp: ControlPlane,
  count: number,
  kwok: Started,
): Promise<void> {
  cp.progress('waiting for the nodes to be Ready');
  await waitFor(
    `${count} Ready nodes`,
    async () => {
      const r = await adminRequest(cp.admin, { method: 'GET', path: '/api/v1/nodes' });
      if (r.status !== 200) return `HTTP ${r.status}`;
      const list = JSON.parse(r.text) as {
        items: {
          metadata: { name: string };
          status?: { conditions?: { type: string; status: string }[] };
        }[];
      };
      const ready = list.items.filter((n) =>
        n.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True'),
      ).length;
      return ready >= count ? true : `${ready}/${count} Ready`;
    },
    waitOptions(cp, 60_000, kwok),
  );
}

function fakeNode(name: string, index: number): object {
  const resources = { cpu: '32', memory: '256Gi', pods: '110', 'ephemeral-storage': '1Ti' };
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      name,
      labels: {
        'kubernetes.io/hostname': name,
        'kubernetes.io/os': 'linux',
        'kubernetes.io/arch': 'amd64',
        'node.kubernetes.io/instance-type': 'kwok',
        'topology.kubernetes.io/zone': `zone-${String.fromCharCode(97 + (index % 3))}`,
        type: 'kwok',
      },
      annotations: {
        [KWOK_NODE_ANNOTATION]: KWOK_NODE_ANNOTATION_VALUE,
        'node.alpha.kubernetes.io/ttl': '0',
      },
    },
    spec: {},
    status: {
      capacity: resources,
      allocatable: resources,
      addresses: [
        { type: 'InternalIP', address: `10.240.0.${index + 10}` },
        { type: 'Hostname', address: name },
      ],
    },
  };
}
