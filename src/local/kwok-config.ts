/**
 * kwok's configuration for the local cluster: one YAML file (`kwok --config FILE`) with a
 * KwokConfiguration and the Stage objects that play the kubelet of every fake node.
 * kwok falls back to built-in stages only when the file has none of a kind, so these are
 * the whole lifecycle:
 *
 * Nodes (those annotated `kwok.x-k8s.io/node: fake`)
 *   - node-ready: a new node gets Ready conditions, addresses, node info, phase Running
 *     (capacity and allocatable are kept as the node was created with).
 *   - node-refresh: a Ready node's conditions are refreshed every few minutes; liveness
 *     comes from the node Lease, which kwok renews like a kubelet.
 * Pods (bound to one of those nodes)
 *   - pod-ready: Running with every container running and ready, a pod IP from `podCidr`.
 *   - pod-unready: a pod annotated `cutover.dev/local-ready: "false"` runs but is never
 *     Ready (containers running, not ready): a failing release for health gate tests.
 *   - pod-succeed: a Job's pod completes (exit 0) once running.
 *   - pod-remove: a pod being deleted is removed (finalizers dropped), as a kubelet would
 *     after its containers stopped; namespaces and rollouts can then finish.
 */

/** The annotation kwok's node selector matches: nodes made by `local up` carry it. */
export const KWOK_NODE_ANNOTATION = 'kwok.x-k8s.io/node';
export const KWOK_NODE_ANNOTATION_VALUE = 'fake';
/** Annotate a pod with this set to "false" to keep it Running but never Ready. */
export const LOCAL_READY_ANNOTATION = 'cutover.dev/local-ready';

export interface KwokConfigOptions {
  /** Pod IPs are taken from this range (first address given, e.g. 10.244.0.1/16). */
  podCidr: string;
  nodeLeaseSeconds: number;
}

const podConditions = (ready: boolean): string => `
      conditions:
      - type: PodScheduled
        status: "True"
        lastTransitionTime: {{ $now | Quote }}
      - type: Initialized
        status: "True"
        lastTransitionTime: {{ $now | Quote }}
      - type: ContainersReady
        status: "${ready ? 'True' : 'False'}"
        lastTransitionTime: {{ $now | Quote }}${ready ? '' : '\n        reason: ContainersNotReady'}
      - type: Ready
        status: "${ready ? 'True' : 'False'}"
        lastTransitionTime: {{ $now | Quote }}${ready ? '' : '\n        reason: ContainersNotReady'}
      {{ range .spec.readinessGates }}
      - type: {{ .conditionType | Quote }}
        status: "${ready ? 'True' : 'False'}"
        lastTransitionTime: {{ $now | Quote }}
      {{ end }}`;

const runningPodStatus = (ready: boolean): string => `
      {{ $now := Now }}
      phase: Running
      startTime: {{ $now | Quote }}
      hostIP: {{ NodeIPWith .spec.nodeName | Quote }}
      podIP: {{ PodIPWith .spec.nodeName ( or .spec.hostNetwork false ) ( or .metadata.uid "" ) ( or .metadata.name "" ) ( or .metadata.namespace "" ) | Quote }}${podConditions(ready)}
      initContainerStatuses:
      {{ range .spec.initContainers }}
      - name: {{ .name | Quote }}
        image: {{ .image | Quote }}
        restartCount: 0
        {{ if eq .restartPolicy "Always" }}
        ready: ${ready}
        started: true
        state:
          running:
            startedAt: {{ $now | Quote }}
        {{ else }}
        ready: true
        state:
          terminated:
            exitCode: 0
            reason: Completed
            startedAt: {{ $now | Quote }}
            finishedAt: {{ $now | Quote }}
        {{ end }}
      {{ end }}
      containerStatuses:
      {{ range .spec.containers }}
      - name: {{ .name | Quote }}
        image: {{ .image | Quote }}
        ready: ${ready}
        started: true
        restartCount: 0
        state:
          running:
            startedAt: {{ $now | Quote }}
      {{ end }}`;

const nodeStatus = (withResources: boolean): string => `
      {{ $now := Now }}
      {{ $since := or .metadata.creationTimestamp $now }}
      phase: Running
      conditions:
      {{ range NodeConditions }}
      - type: {{ .type | Quote }}
        status: {{ .status | Quote }}
        reason: {{ .reason | Quote }}
        message: {{ .message | Quote }}
        lastHeartbeatTime: {{ $now | Quote }}
        lastTransitionTime: {{ $since | Quote }}
      {{ end }}
      addresses:
      {{ with .status.addresses }}
      {{ YAML . 1 }}
      {{ else }}
      - type: Hostname
        address: {{ .metadata.name | Quote }}
      {{ end }}${
        withResources
          ? `
      capacity:
      {{ with .status.capacity }}
      {{ YAML . 1 }}
      {{ else }}
        cpu: "32"
        memory: 256Gi
        pods: "110"
      {{ end }}
      allocatable:
      {{ with .status.allocatable }}
      {{ YAML . 1 }}
      {{ else }}
        cpu: "32"
        memory: 256Gi
        pods: "110"
      {{ end }}
      {{ $info := .status.nodeInfo }}
      nodeInfo:
        architecture: {{ or $info.architecture "amd64" }}
        operatingSystem: {{ or $info.operatingSystem "linux" }}
        kubeletVersion: {{ or $info.kubeletVersion (printf "kwok-%s" Version) }}
        containerRuntimeVersion: {{ or $info.containerRuntimeVersion (printf "kwok-%s" Version) }}
        kernelVersion: {{ or $info.kernelVersion (printf "kwok-%s" Version) }}
        osImage: {{ or $info.osImage "cutover local (kwok)" }}
        bootID: {{ or $info.bootID "" | Quote }}
        machineID: {{ or $info.machineID "" | Quote }}
        systemUUID: {{ or $info.systemUUID "" | Quote }}`
          : ''
      }`;

function stage(name: string, kind: 'Node' | 'Pod', body: string): string {
  return `apiVersion: kwok.x-k8s.io/v1alpha1
kind: Stage
metadata:
  name: ${name}
spec:
  resourceRef:
    apiGroup: v1
    kind: ${kind}
${body.replace(/^\n/, '')}`;
}

/** The whole kwok config file (multi-document YAML). */
export function kwokConfigYaml(opts: KwokConfigOptions): string {
  const notDeleting = `    - key: '.metadata.deletionTimestamp'
      operator: DoesNotExist`;
  const docs = [
    `apiVersion: config.kwok.x-k8s.io/v1alpha1
kind: KwokConfiguration
options:
  cidr: ${opts.podCidr}
  manageAllNodes: false
  manageNodesWithAnnotationSelector: ${KWOK_NODE_ANNOTATION}=${KWOK_NODE_ANNOTATION_VALUE}
  nodeLeaseDurationSeconds: ${opts.nodeLeaseSeconds}
`,
    stage(
      'node-ready',
      'Node',
      `
  selector:
    matchExpressions:
    - key: '.status.conditions.[] | select( .type == "Ready" ) | .status'
      operator: NotIn
      values: ['True']
  next:
    statusTemplate: |${nodeStatus(true)}
`,
    ),
    stage(
      'node-refresh',
      'Node',
      `
  selector:
    matchExpressions:
    - key: '.status.conditions.[] | select( .type == "Ready" ) | .status'
      operator: In
      values: ['True']
  delay:
    durationMilliseconds: 240000
    jitterDurationMilliseconds: 300000
  next:
    statusTemplate: |${nodeStatus(false)}
`,
    ),
    stage(
      'pod-ready',
      'Pod',
      `
  selector:
    matchExpressions:
${notDeleting}
    - key: '.status.podIP'
      operator: DoesNotExist
    - key: '.metadata.annotations["${LOCAL_READY_ANNOTATION}"]'
      operator: NotIn
      values: ['false']
  next:
    statusTemplate: |${runningPodStatus(true)}
`,
    ),
    stage(
      'pod-unready',
      'Pod',
      `
  selector:
    matchExpressions:
${notDeleting}
    - key: '.status.podIP'
      operator: DoesNotExist
    - key: '.metadata.annotations["${LOCAL_READY_ANNOTATION}"]'
      operator: In
      values: ['false']
  next:
    statusTemplate: |${runningPodStatus(false)}
`,
    ),
    stage(
      'pod-succeed',
      'Pod',
      `
  selector:
    matchExpressions:
${notDeleting}
    - key: '.status.phase'
      operator: In
      values: ['Running']
    - key: '.metadata.ownerReferences.[].kind'
      operator: In
      values: ['Job']
  next:
    statusTemplate: |
      {{ $now := Now }}
      phase: Succeeded
      conditions:
      - type: Ready
        status: "False"
        reason: PodCompleted
        lastTransitionTime: {{ $now | Quote }}
      - type: ContainersReady
        status: "False"
        reason: PodCompleted
        lastTransitionTime: {{ $now | Quote }}
      containerStatuses:
      {{ range .spec.containers }}
      - name: {{ .name | Quote }}
        image: {{ .image | Quote }}
        ready: false
        started: false
        restartCount: 0
        state:
          terminated:
            exitCode: 0
            reason: Completed
            startedAt: {{ $now | Quote }}
            finishedAt: {{ $now | Quote }}
      {{ end }}
`,
    ),
    stage(
      'pod-remove',
      'Pod',
      `
  selector:
    matchExpressions:
    - key: '.metadata.deletionTimestamp'
      operator: Exists
  next:
    finalizers:
      empty: true
    delete: true
`,
    ),
  ];
  return docs.join('---\n');
}
