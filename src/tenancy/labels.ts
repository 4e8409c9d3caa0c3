/** The labels and names every object cutover provisions carries (see DESIGN "Names and labels"). */
export const MANAGED_BY = 'app.kubernetes.io/managed-by';
export const MANAGER = 'cutover';
export const APP_LABEL = 'cutover.dev/app';
export const TENANT_LABEL = 'cutover.dev/tenant';
export const RING_LABEL = 'cutover.dev/ring';
export const TIER_LABEL = 'cutover.dev/tier';
/** On a tenant namespace provisioned for one of cutover.yaml's `environments`. */
export const ENVIRONMENT_LABEL = 'cutover.dev/environment';
export const TENANTS_ANNOTATION = 'cutover.dev/tenants';
/** On a tenant namespace: the `apiVersion/Kind`s applied from app.manifests (for pruning). */
export const MANIFEST_KINDS_ANNOTATION = 'cutover.dev/manifest-kinds';

/** The name of the objects of the isolation set (ServiceAccount, Role, quota, policies). */
export const DEPLOYER = 'cutover-deployer';

export function ownerLabels(app: string, unit: string): Record<string, string> {
  return { [MANAGED_BY]: MANAGER, [APP_LABEL]: app, [TENANT_LABEL]: unit };
}

export function selectorOf(labels: Record<string, string>): string {
  return Object.entries(labels)
    .map(([k, v]) => `${k}=${v}`)
    .join(',');
}
