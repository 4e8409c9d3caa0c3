/**
 * The `service` router: the stable Service's selector points at one color, so traffic moves
 * all at once (0 or 100). There is no tester route: testers use the preview Service.
 */
import type { V1Service } from '@kubernetes/client-node';
import { CutoverError } from '../../errors.ts';
import {
  RouterBase,
  readBack,
  type RouteState,
  type RouteTarget,
  type Verdict,
} from '../router.ts';

const COLOR_KEY = 'cutover.dev/color';

export class ServiceRouter extends RouterBase {
  readonly method = 'service';
  readonly splits = false;
  readonly headerRoutes = false;

  // The stable Service is the release's; there is no route object of the router's own.
  async reconcile(): Promise<{ wrote: boolean }> {
    return { wrote: false };
  }

  async getWeights(t: RouteTarget): Promise<RouteState | undefined> {
    const svc = await this.stable(t);
    if (!svc) return undefined;
    return {
      weight: svc.spec?.selector?.[COLOR_KEY] === t.candidateColor ? 100 : 0,
      testers: false,
    };
  }

  async setWeights(t: RouteTarget, state: RouteState): Promise<{ wrote: boolean }> {
    if (state.weight !== 0 && state.weight !== 100) {
      throw new CutoverError(
        'ROUTER_UNSUPPORTED',
        `routing method \`service\` switches all traffic at once; it cannot send ${state.weight}% to the new color`,
        {
          hint: 'for a share of traffic choose `routing.method: gateway-api` (or ingress-nginx, istio) in cutover.yaml; with `service`, shift to 100',
        },
      );
    }
    const now = await this.getWeights(t);
    if (now?.weight === state.weight) return { wrote: false };
    const color = state.weight === 100 ? t.candidateColor : t.liveColor;
    await this.cluster.mergePatch(
      { apiVersion: 'v1', kind: 'Service', namespace: t.namespace, name: t.stableService },
      { spec: { selector: { [COLOR_KEY]: color } } },
    );
    return { wrote: true };
  }

  async verify(t: RouteTarget, state: RouteState): Promise<Verdict> {
    const wrong = readBack(
      await this.getWeights(t),
      { ...state, testers: false },
      `Service ${t.namespace}/${t.stableService}`,
    );
    if (wrong) return wrong;
    // kube-proxy (or any Service data plane) follows the EndpointSlices: they must list the color.
    return { result: 'yes' };
  }

  private stable(t: RouteTarget): Promise<V1Service | undefined> {
    return this.cluster.get<V1Service>({
      apiVersion: 'v1',
      kind: 'Service',
      namespace: t.namespace,
      name: t.stableService,
    });
  }
}
