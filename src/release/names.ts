/**
 * The names, labels and annotations of a tenant's release objects (DESIGN "Names and
 * labels"). They carry `app.kubernetes.io/managed-by: cutover` but not `cutover.dev/app`:
 * provision-iac prunes what carries both, and must never prune a release.
 */
import { MANAGED_BY, MANAGER, TENANT_LABEL } from '../tenancy/labels.ts';

export type Color = 'blue' | 'green';
export const COLORS: readonly Color[] = ['blue', 'green'];
export const otherColor = (c: Color): Color => (c === 'blue' ? 'green' : 'blue');
export const isColor = (v: unknown): v is Color => v === 'blue' || v === 'green';

export const NAME_LABEL = 'app.kubernetes.io/name';
export const INSTANCE_LABEL = 'app.kubernetes.io/instance';
export const VERSION_LABEL = 'app.kubernetes.io/version';
export const COLOR_LABEL = 'cutover.dev/color';

/** On a color's Deployment: the full image reference it runs. */
export const IMAGE_ANNOTATION = 'cutover.dev/image';
/** On a color's Deployment: when and how it is retired after a promotion. */
export const RETIRE_AT_ANNOTATION = 'cutover.dev/retire-at';
export const RETIRE_MODE_ANNOTATION = 'cutover.dev/retire-mode';
/** On the stable Service: the live color (its selector is the truth; this is for people). */
export const LIVE_COLOR_ANNOTATION = 'cutover.dev/live-color';

/** The port the Services expose; they forward to `app.port`. */
export const SERVICE_PORT = 80;

export interface ReleaseNames {
  app: string;
  deployment: (c: Color) => string;
  stable: string;
  preview: string;
  history: string;
  lease: string;
}

export function releaseNames(app: string): ReleaseNames {
  return {
    app,
    deployment: (c) => `${app}-${c}`,
    stable: app,
    preview: `${app}-preview`,
    history: `${app}-releases`,
    lease: `cutover-${app}`,
  };
}

/** Labels on every release object of a tenant. */
export function releaseLabels(app: string, unit: string): Record<string, string> {
  return {
    [NAME_LABEL]: app,
    [INSTANCE_LABEL]: `${app}-${unit}`,
    [MANAGED_BY]: MANAGER,
    [TENANT_LABEL]: unit,
  };
}

/** The selector of one color's pods (a Deployment's selector is immutable: keep it small). */
export function colorSelector(app: string, color: Color): Record<string, string> {
  return { [NAME_LABEL]: app, [COLOR_LABEL]: color };
}
