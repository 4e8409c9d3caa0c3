/**
 * The `istio` router: a VirtualService per tenant whose http route `cutover-traffic`
 * weighs the stable and preview Services, and whose route `cutover-testers` (matched on
 * the tester header, first) sends testers to preview. Destinations are the two Services
 * rather than DestinationRule subsets of one: the stable Service selects only the live
 * color, so a subset of it could never reach the candidate. In a VirtualService another
 * tool made, only those two named routes are ours (`http` is an atomic list).
 */
import type { KubernetesObject } from '@kubernetes/client-node';
import { MANAGED_BY, MANAGER } from '../../tenancy/labels.ts';
import { canonical } from '../compare.ts';
import {
  WeightedRouter,
  previewShare,
  readBack,
  type RouteState,
  type RouteTarget,
  type Verdict,
} from '../router.ts';

export const TRAFFIC_ROUTE = 'cutover-traffic';
export const TESTERS_ROUTE = 'cutover-testers';
const API_VERSION = 'networking.istio.io/v1';

interface Destination {
  destination: { host: string; port?: { number: number } };
  weight?: number;
}
interface HttpRoute {
  name?: string;
  match?: unknown[];
  route?: Destination[];
  [k: string]: unknown;
}
export interface VirtualService extends KubernetesObject {
  spec?: { hosts?: string[]; gateways?: string[]; http?: HttpRoute[] };
  status?: { conditions?: { type: string; status: string; observedGeneration?: number }[] };
}

export interface IstioSettings {
  gateways?: string[] | undefined;
  routeName?: string | undefined;
  testerHeader?: { name: string; value: string } | undefined;
}

export class IstioRouter extends WeightedRouter<IstioSettings> {
  readonly method = 'istio';

  async reconcile(t: RouteTarget): Promise<{ wrote: boolean }> {
    return this.write(t, (await this.getWeights(t)) ?? { weight: 0, testers: false });
  }

  async getWeights(t: RouteTarget): Promise<RouteState | undefined> {
    const vs = await this.read(t);
    return vs && stateOf(vs, t);
  }

  setWeights(t: RouteTarget, state: RouteState): Promise<{ wrote: boolean }> {
    return this.write(t, state);
  }

  async verify(t: RouteTarget, state: RouteState): Promise<Verdict> {
    const vs = await this.read(t);
    const wrong = readBack(
      vs && stateOf(vs, t),
      this.effective(state),
      `VirtualService ${t.namespace}/${this.name(t)}`,
    );
    if (wrong) return wrong;
    // istiod reports `Reconciled` when its config status is on; otherwise nobody says.
    const reconciled = vs!.status?.conditions?.find((c) => c.type === 'Reconciled');
    if (!reconciled || (reconciled.observedGeneration ?? 0) < (vs!.metadata?.generation ?? 0))
      return {
        result: 'cannot-tell',
        reason:
          'istiod has not reported this version of the VirtualService (config status may be off)',
      };
    if (reconciled.status !== 'True')
      return { result: 'no', reason: 'istiod has not pushed this VirtualService to the proxies' };
    return { result: 'yes' };
  }

  private name(t: RouteTarget): string {
    return this.settings.routeName ?? t.app;
  }

  /** The route as last read or written, by namespace: a guarded write may start from it. */
  private readonly seen = new Map<string, VirtualService>();

  private async read(t: RouteTarget): Promise<VirtualService | undefined> {
    const route = await this.cluster.get<VirtualService>({
      apiVersion: API_VERSION,
      kind: 'VirtualService',
      namespace: t.namespace,
      name: this.name(t),
    });
    if (route) this.seen.set(t.namespace, route);
    else this.seen.delete(t.namespace);
    return route;
  }

  private ourRoutes(t: RouteTarget, state: RouteState): HttpRoute[] {
    const to = (host: string, weight?: number): Destination => ({
      destination: { host, port: { number: t.servicePort } },
      ...(weight === undefined ? {} : { weight }),
    });
    const routes: HttpRoute[] = [];
    const h = this.settings.testerHeader;
    if (state.testers && h) {
      routes.push({
        name: TESTERS_ROUTE,
        match: [{ headers: { [h.name.toLowerCase()]: { exact: h.value } } }],
        route: [to(t.previewService)],
      });
    }
    routes.push({
      name: TRAFFIC_ROUTE,
      route: [to(t.stableService, 100 - state.weight), to(t.previewService, state.weight)],
    });
    return routes;
  }

  private async write(t: RouteTarget, wanted: RouteState): Promise<{ wrote: boolean }> {
    const state = this.effective(wanted);
    const ref = {
      apiVersion: API_VERSION,
      kind: 'VirtualService',
      namespace: t.namespace,
      name: this.name(t),
    };
    const existing = this.seen.get(t.namespace) ?? (await this.read(t));
    if (!existing) {
      const created = await this.cluster.apply<VirtualService>({
        apiVersion: API_VERSION,
        kind: 'VirtualService',
        metadata: {
          name: ref.name,
          namespace: ref.namespace,
          labels: t.labels,
          annotations: { 'cutover.dev/weight': String(state.weight) },
        },
        spec: {
          hosts: t.hosts,
          ...(this.settings.gateways ? { gateways: this.settings.gateways } : {}),
          http: this.ourRoutes(t, state),
        },
      });
      this.seen.set(t.namespace, created);
      return { wrote: true };
    }
    let wrote = false;
    const updated = await this.cluster.update<VirtualService>(
      ref,
      (live) => {
        const ours = live.metadata?.labels?.[MANAGED_BY] === MANAGER;
        const others = (live.spec?.http ?? []).filter(
          (r) => r.name !== TRAFFIC_ROUTE && r.name !== TESTERS_ROUTE,
        );
        // Testers first (most specific), then other tools' routes, then our catch-all split.
        const [testers, traffic] = splitOurs(this.ourRoutes(t, state));
        const http = [...testers, ...others, traffic];
        const hostsChanged = ours && canonical(live.spec?.hosts ?? []) !== canonical(t.hosts);
        const weight = String(state.weight);
        if (
          canonical(live.spec?.http ?? []) === canonical(http) &&
          live.metadata?.annotations?.['cutover.dev/weight'] === weight &&
          !hostsChanged
        )
          return false;
        live.spec = { ...live.spec, http, ...(hostsChanged ? { hosts: t.hosts } : {}) };
        live.metadata = {
          ...live.metadata,
          annotations: { ...(live.metadata?.annotations ?? {}), 'cutover.dev/weight': weight },
        };
        wrote = true;
        return true;
      },
      { start: existing },
    );
    this.seen.set(t.namespace, updated);
    return { wrote };
  }
}

function splitOurs(routes: HttpRoute[]): [HttpRoute[], HttpRoute] {
  return [
    routes.filter((r) => r.name === TESTERS_ROUTE),
    routes.find((r) => r.name === TRAFFIC_ROUTE)!,
  ];
}

function stateOf(vs: VirtualService, t: RouteTarget): RouteState | undefined {
  const http = vs.spec?.http ?? [];
  const traffic = http.find((r) => r.name === TRAFFIC_ROUTE);
  if (!traffic) return undefined;
  const weightOf = (host: string) =>
    traffic.route?.find((d) => d.destination.host === host)?.weight ?? 0;
  const stable = weightOf(t.stableService);
  const preview = weightOf(t.previewService);
  return {
    weight: previewShare(stable, preview),
    testers: http.some((r) => r.name === TESTERS_ROUTE),
  };
}
