/**
 * The `ingress-nginx` router: the stable Ingress `<app>` sends the host to the stable
 * Service; the canary Ingress `<app>-canary` (same host and path, to the preview Service)
 * carries ingress-nginx's `canary-weight` and `canary-by-header` annotations. The canary
 * Ingress is always ours; a stable Ingress another tool made is left as it is.
 */
import type { V1Ingress } from '@kubernetes/client-node';
import { MANAGED_BY, MANAGER } from '../../tenancy/labels.ts';
import { canonical } from '../compare.ts';
import {
  WeightedRouter,
  readBack,
  type RouteState,
  type RouteTarget,
  type Verdict,
} from '../router.ts';

const A = 'nginx.ingress.kubernetes.io/';
export const CANARY = `${A}canary`;
export const CANARY_WEIGHT = `${A}canary-weight`;
export const CANARY_HEADER = `${A}canary-by-header`;
export const CANARY_HEADER_VALUE = `${A}canary-by-header-value`;

export interface IngressNginxSettings {
  ingressClassName: string;
  path: string;
  tlsSecretName?: string | undefined;
  testerHeader?: { name: string; value: string } | undefined;
}

export class IngressNginxRouter extends WeightedRouter<IngressNginxSettings> {
  readonly method = 'ingress-nginx';

  async reconcile(t: RouteTarget): Promise<{ wrote: boolean }> {
    const stable = await this.read(t, t.app);
    const want = this.ingress(t, t.app, t.stableService, {});
    let wrote = false;
    if (!stable || (ours(stable) && differs(stable, want))) {
      await this.cluster.apply(want);
      wrote = true;
    }
    const canary = await this.setWeights(
      t,
      (await this.getWeights(t)) ?? { weight: 0, testers: false },
    );
    return { wrote: wrote || canary.wrote };
  }

  async getWeights(t: RouteTarget): Promise<RouteState | undefined> {
    const canary = await this.read(t, canaryName(t));
    return canary && stateOf(canary);
  }

  async setWeights(t: RouteTarget, wanted: RouteState): Promise<{ wrote: boolean }> {
    const state = this.effective(wanted);
    const live = await this.read(t, canaryName(t));
    const want = this.ingress(t, canaryName(t), t.previewService, this.annotations(state));
    if (live && !differs(live, want)) return { wrote: false };
    await this.cluster.apply(want);
    return { wrote: true };
  }

  async verify(t: RouteTarget, state: RouteState): Promise<Verdict> {
    const canary = await this.read(t, canaryName(t));
    const wrong = readBack(
      canary && stateOf(canary),
      this.effective(state),
      `Ingress ${t.namespace}/${canaryName(t)}`,
    );
    if (wrong) return wrong;
    // ingress-nginx publishes its address on the Ingresses it serves.
    if (!canary!.status?.loadBalancer?.ingress?.length)
      return {
        result: 'cannot-tell',
        reason: 'no ingress controller has published an address for the canary Ingress',
      };
    return { result: 'yes' };
  }

  private annotations(state: RouteState): Record<string, string> {
    const h = this.settings.testerHeader;
    return {
      [CANARY]: 'true',
      [CANARY_WEIGHT]: String(state.weight),
      ...(state.testers && h ? { [CANARY_HEADER]: h.name, [CANARY_HEADER_VALUE]: h.value } : {}),
    };
  }

  private read(t: RouteTarget, name: string): Promise<V1Ingress | undefined> {
    return this.cluster.get<V1Ingress>({
      apiVersion: 'networking.k8s.io/v1',
      kind: 'Ingress',
      namespace: t.namespace,
      name,
    });
  }

  private ingress(
    t: RouteTarget,
    name: string,
    service: string,
    annotations: Record<string, string>,
  ): V1Ingress {
    const { ingressClassName, path, tlsSecretName } = this.settings;
    const host = t.hosts[0];
    return {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'Ingress',
      metadata: { name, namespace: t.namespace, labels: t.labels, annotations },
      spec: {
        ingressClassName,
        ...(tlsSecretName && host ? { tls: [{ hosts: [host], secretName: tlsSecretName }] } : {}),
        rules: [
          {
            ...(host ? { host } : {}),
            http: {
              paths: [
                {
                  path,
                  pathType: 'Prefix',
                  backend: { service: { name: service, port: { number: t.servicePort } } },
                },
              ],
            },
          },
        ],
      },
    };
  }
}

const canaryName = (t: RouteTarget) => `${t.app}-canary`;
const ours = (o: V1Ingress) => o.metadata?.labels?.[MANAGED_BY] === MANAGER;

function stateOf(canary: V1Ingress): RouteState {
  const a = canary.metadata?.annotations ?? {};
  return { weight: Number(a[CANARY_WEIGHT] ?? 0), testers: a[CANARY_HEADER] !== undefined };
}

/** Whether the object lacks what we want: our annotations (exactly), labels and spec. */
function differs(live: V1Ingress, want: V1Ingress): boolean {
  const ourAnnotations = (o: V1Ingress) =>
    Object.fromEntries(
      Object.entries(o.metadata?.annotations ?? {}).filter(([k]) => k.startsWith(A)),
    );
  const labelsMissing = Object.entries(want.metadata?.labels ?? {}).some(
    ([k, v]) => live.metadata?.labels?.[k] !== v,
  );
  return (
    labelsMissing ||
    canonical(ourAnnotations(live)) !== canonical(ourAnnotations(want)) ||
    canonical(live.spec) !== canonical(want.spec)
  );
}
