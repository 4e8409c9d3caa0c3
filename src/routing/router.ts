/**
 * One interface for every way of moving traffic from the live color to the candidate (the
 * design of Flagger's `pkg/router` and Argo Rollouts' traffic routers). A router moves
 * traffic between two Services that the release keeps: the stable one (`<app>`, the live
 * color) and the preview one (`<app>-preview`, the color under test). Promotion switches
 * the stable Service to the new color; the router then puts all traffic back on it.
 *
 * Every write is at most one request, and none when the route already holds what is asked:
 * a weight step costs one API write per tenant.
 */
import type { Cluster } from '../kube/cluster.ts';

export interface RouteTarget {
  namespace: string;
  app: string;
  /** The tenant unit (tenant id, or group): labels and messages. */
  unit: string;
  stableService: string;
  previewService: string;
  servicePort: number;
  /** Host names rendered for this tenant (may be empty where the router allows it). */
  hosts: string[];
  labels: Record<string, string>;
  /** The pod color label value the stable and preview Services select (for the service router). */
  liveColor: string;
  candidateColor: string;
}

/** What a route holds: the candidate's share of public traffic and whether testers reach it. */
export interface RouteState {
  weight: number;
  testers: boolean;
}

export const ALL_ON_LIVE: RouteState = { weight: 0, testers: false };

/** Argo's VerifyWeight answer: the data plane holds it, does not, or cannot be asked. */
export type Verdict =
  { result: 'yes' } | { result: 'no'; reason: string } | { result: 'cannot-tell'; reason: string };

export interface TrafficRouter {
  readonly method: string;
  /** Whether shares between 0 and 100 exist (the service router only switches). */
  readonly splits: boolean;
  /** Whether a tester header route exists. */
  readonly headerRoutes: boolean;
  /** Creates or repairs the route objects, keeping the state they hold (all on live when new). */
  reconcile(t: RouteTarget): Promise<{ wrote: boolean }>;
  /** What the route holds now; undefined when it does not exist yet. */
  getWeights(t: RouteTarget): Promise<RouteState | undefined>;
  /** Sets the candidate's share and the tester route in one write (none if already so). */
  setWeights(t: RouteTarget, state: RouteState): Promise<{ wrote: boolean }>;
  /** Turns the tester route on or off, keeping the weight. */
  setHeaderRoute(t: RouteTarget, on: boolean): Promise<{ wrote: boolean }>;
  /** Reads the route again and says whether what serves traffic holds `state`. */
  verify(t: RouteTarget, state: RouteState): Promise<Verdict>;
  /** After a promotion or a rollback: all traffic on the stable Service, no tester route. */
  finalize(t: RouteTarget): Promise<{ wrote: boolean }>;
}

/** The pieces every router shares: setHeaderRoute and finalize in terms of get/set. */
export abstract class RouterBase implements TrafficRouter {
  abstract readonly method: string;
  abstract readonly splits: boolean;
  abstract readonly headerRoutes: boolean;
  protected readonly cluster: Cluster;
  constructor(cluster: Cluster) {
    this.cluster = cluster;
  }
  abstract reconcile(t: RouteTarget): Promise<{ wrote: boolean }>;
  abstract getWeights(t: RouteTarget): Promise<RouteState | undefined>;
  abstract setWeights(t: RouteTarget, state: RouteState): Promise<{ wrote: boolean }>;
  abstract verify(t: RouteTarget, state: RouteState): Promise<Verdict>;

  async setHeaderRoute(t: RouteTarget, on: boolean): Promise<{ wrote: boolean }> {
    const now = (await this.getWeights(t)) ?? ALL_ON_LIVE;
    return this.setWeights(t, { ...now, testers: on });
  }

  finalize(t: RouteTarget): Promise<{ wrote: boolean }> {
    return this.setWeights(t, ALL_ON_LIVE);
  }
}

export const sameState = (a: RouteState | undefined, b: RouteState): boolean =>
  a !== undefined && a.weight === b.weight && a.testers === b.testers;

/** Compares what was read back with what was written. */
export function readBack(
  held: RouteState | undefined,
  want: RouteState,
  what: string,
): Verdict | undefined {
  if (!held) return { result: 'no', reason: `${what} does not exist` };
  if (!sameState(held, want))
    return {
      result: 'no',
      reason: `${what} holds ${held.weight}% on the candidate${held.testers ? ' with' : ' without'} the tester route, not ${want.weight}%${want.testers ? ' with' : ' without'} it`,
    };
  return undefined;
}

/** The routers that split traffic and may route testers by a header: their shared part. */
export abstract class WeightedRouter<
  S extends { testerHeader?: { name: string; value: string } | undefined },
> extends RouterBase {
  readonly splits = true;
  readonly headerRoutes: boolean;
  protected readonly settings: S;

  constructor(cluster: Cluster, settings: S) {
    super(cluster);
    this.settings = settings;
    this.headerRoutes = settings.testerHeader !== undefined;
  }

  /** Without a tester header configured there is no tester route, whatever is asked. */
  protected effective(state: RouteState): RouteState {
    return { weight: state.weight, testers: state.testers && this.headerRoutes };
  }
}

/** The preview backend's share, in whole percent, of two backend weights. */
export function previewShare(stable: number, preview: number): number {
  const total = stable + preview;
  return total === 0 ? 0 : Math.round((preview * 100) / total);
}
