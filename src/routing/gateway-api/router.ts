/**
 * The `gateway-api` router: an HTTPRoute per tenant whose rule `cutover-traffic` splits
 * between the stable and preview Services by backendRefs weights, and whose rule
 * `cutover-testers` sends requests with the tester header to preview. In a route another
 * tool made, only those two named rules are ours: `rules` is an atomic list under
 * server-side apply, so they are edited by an update guarded by resourceVersion.
 */
import type { KubernetesObject } from '@kubernetes/client-node';
import { MANAGED_BY, MANAGER } from '../../tenancy/labels.ts';
import { sleep } from '../../kube/retry.ts';
import { canonical } from '../compare.ts';
import {
  WeightedRouter,
  previewShare,
  readBack,
  type RouteState,
  type RouteTarget,
  type Verdict,
} from '../router.ts';

export const TRAFFIC_RULE = 'cutover-traffic';
export const TESTERS_RULE = 'cutover-testers';
const API_VERSION = 'gateway.networking.k8s.io/v1';

interface BackendRef {
  name: string;
  port?: number;
  weight?: number;
  kind?: string;
  group?: string;
}
interface Rule {
  name?: string;
  matches?: unknown[];
  backendRefs?: BackendRef[];
  [k: string]: unknown;
}
interface Condition {
  type: string;
  status: string;
  reason?: string;
  message?: string;
  observedGeneration?: number;
}
export interface HTTPRoute extends KubernetesObject {
  spec?: { parentRefs?: unknown[]; hostnames?: string[]; rules?: Rule[] };
  status?: {
    parents?: { parentRef: { name: string; namespace?: string }; conditions?: Condition[] }[];
  };
}

export interface GatewayApiSettings {
  parentRefs: { name: string; namespace: string; sectionName?: string | undefined }[];
  routeName?: string | undefined;
  testerHeader?: { name: string; value: string } | undefined;
}

export class GatewayApiRouter extends WeightedRouter<GatewayApiSettings> {
  readonly method = 'gateway-api';

  async reconcile(t: RouteTarget): Promise<{ wrote: boolean }> {
    return this.write(t, (await this.getWeights(t)) ?? { weight: 0, testers: false });
  }

  async getWeights(t: RouteTarget): Promise<RouteState | undefined> {
    const route = await this.read(t);
    return route && stateOf(route, t);
  }

  setWeights(t: RouteTarget, state: RouteState): Promise<{ wrote: boolean }> {
    return this.write(t, state);
  }

  /**
   * Reads the route back; then, when a Gateway controller reports on this route, waits
   * (up to VERIFY_WAIT_MS) for it to accept this generation. A route no controller ever
   * reported on is "cannot tell" at once: there may be none yet, and waiting proves nothing.
   */
  async verify(t: RouteTarget, state: RouteState): Promise<Verdict> {
    const deadline = Date.now() + VERIFY_WAIT_MS;
    for (;;) {
      const route = await this.read(t);
      const wrong = readBack(
        route && stateOf(route, t),
        this.effective(state),
        `HTTPRoute ${t.namespace}/${this.name(t)}`,
      );
      if (wrong) return wrong;
      const verdict = acceptance(route!);
      if (
        verdict.result !== 'cannot-tell' ||
        !route!.status?.parents?.length ||
        Date.now() >= deadline
      )
        return verdict;
      await sleep(250);
    }
  }

  private name(t: RouteTarget): string {
    return this.settings.routeName ?? t.app;
  }

  /** The route as last read or written, by namespace: a guarded write may start from it. */
  private readonly seen = new Map<string, HTTPRoute>();

  private async read(t: RouteTarget): Promise<HTTPRoute | undefined> {
    const route = await this.cluster.get<HTTPRoute>({
      apiVersion: API_VERSION,
      kind: 'HTTPRoute',
      namespace: t.namespace,
      name: this.name(t),
    });
    if (route) this.seen.set(t.namespace, route);
    else this.seen.delete(t.namespace);
    return route;
  }

  private ourRules(t: RouteTarget, state: RouteState): Rule[] {
    const backend = (name: string, weight: number): BackendRef => ({
      name,
      port: t.servicePort,
      weight,
    });
    const rules: Rule[] = [];
    const header = this.settings.testerHeader;
    if (state.testers && header) {
      rules.push({
        name: TESTERS_RULE,
        matches: [
          {
            path: { type: 'PathPrefix', value: '/' },
            headers: [{ type: 'Exact', name: header.name, value: header.value }],
          },
        ],
        backendRefs: [backend(t.previewService, 1)],
      });
    }
    rules.push({
      name: TRAFFIC_RULE,
      matches: [{ path: { type: 'PathPrefix', value: '/' } }],
      backendRefs: [
        backend(t.stableService, 100 - state.weight),
        backend(t.previewService, state.weight),
      ],
    });
    return rules;
  }

  private async write(t: RouteTarget, wanted: RouteState): Promise<{ wrote: boolean }> {
    const state = this.effective(wanted);
    const ref = {
      apiVersion: API_VERSION,
      kind: 'HTTPRoute',
      namespace: t.namespace,
      name: this.name(t),
    };
    const existing = this.seen.get(t.namespace) ?? (await this.read(t));
    if (!existing) {
      const created = await this.cluster.apply<HTTPRoute>({
        apiVersion: API_VERSION,
        kind: 'HTTPRoute',
        metadata: {
          name: ref.name,
          namespace: ref.namespace,
          labels: t.labels,
          annotations: { 'cutover.dev/weight': String(state.weight) },
        },
        spec: {
          parentRefs: this.settings.parentRefs.map((p) => ({
            group: 'gateway.networking.k8s.io',
            kind: 'Gateway',
            ...p,
          })),
          ...(t.hosts.length > 0 ? { hostnames: t.hosts } : {}),
          rules: this.ourRules(t, state),
        },
      });
      this.seen.set(t.namespace, created);
      return { wrote: true };
    }
    let wrote = false;
    const updated = await this.cluster.update<HTTPRoute>(
      ref,
      (live) => {
        const ours = live.metadata?.labels?.[MANAGED_BY] === MANAGER;
        const others = (live.spec?.rules ?? []).filter(
          (r) => r.name !== TRAFFIC_RULE && r.name !== TESTERS_RULE,
        );
        const rules = [...this.ourRules(t, state), ...others];
        const sameRules =
          JSON.stringify(normalize(live.spec?.rules ?? [])) === JSON.stringify(normalize(rules));
        const annotations = {
          ...(live.metadata?.annotations ?? {}),
          'cutover.dev/weight': String(state.weight),
        };
        const sameAnnotation =
          live.metadata?.annotations?.['cutover.dev/weight'] === String(state.weight);
        // In our own route the hosts follow the config; in another tool's they are its business.
        const hostsChanged =
          ours &&
          t.hosts.length > 0 &&
          JSON.stringify(live.spec?.hostnames ?? []) !== JSON.stringify(t.hosts);
        if (sameRules && sameAnnotation && !hostsChanged) return false;
        live.spec = { ...live.spec, rules, ...(hostsChanged ? { hostnames: t.hosts } : {}) };
        live.metadata = { ...live.metadata, annotations };
        wrote = true;
        return true;
      },
      { start: existing },
    );
    this.seen.set(t.namespace, updated);
    return { wrote };
  }
}

/** The route's state as far as our rules say; defaults the API server filled in are ignored. */
function stateOf(route: HTTPRoute, t: RouteTarget): RouteState | undefined {
  const rules = route.spec?.rules ?? [];
  const traffic = rules.find((r) => r.name === TRAFFIC_RULE);
  if (!traffic) return undefined;
  const weightOf = (name: string) => traffic.backendRefs?.find((b) => b.name === name)?.weight ?? 0;
  const stable = weightOf(t.stableService);
  const preview = weightOf(t.previewService);
  return {
    weight: previewShare(stable, preview),
    testers: rules.some((r) => r.name === TESTERS_RULE),
  };
}

/** Rules compared without the defaults the API server adds (group, kind, weight 1, path match). */
function normalize(rules: Rule[]): unknown {
  return rules.map((r) => ({
    name: r.name,
    matches: (r.matches ?? []).map(canonical),
    backendRefs: (r.backendRefs ?? []).map((b) => [b.name, b.port, b.weight ?? 1]),
  }));
}

/** How long verify waits for a Gateway controller that reports on the route to catch up. */
const VERIFY_WAIT_MS = 10_000;

/** What the Gateway controllers say of this generation of the route. */
function acceptance(route: HTTPRoute): Verdict {
  const generation = route.metadata?.generation ?? 0;
  const accepted = (route.status?.parents ?? []).map((p) =>
    p.conditions?.find((c) => c.type === 'Accepted'),
  );
  if (accepted.length === 0 || accepted.some((c) => !c || (c.observedGeneration ?? 0) < generation))
    return {
      result: 'cannot-tell',
      reason: 'no Gateway controller has reported on this version of the route yet',
    };
  const refused = accepted.find((c) => c!.status !== 'True');
  if (refused)
    return {
      result: 'no',
      reason:
        `the Gateway did not accept the route: ${refused.reason ?? ''} ${refused.message ?? ''}`.trim(),
    };
  return { result: 'yes' };
}
