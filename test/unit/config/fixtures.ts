import { CutoverError } from '../../../src/errors.ts';
import type { ErrorDetail } from '../../../src/errors.ts';
import { parseConfig } from '../../../src/config/index.ts';

/**
 * A small valid config. Tests derive invalid ones by editing lines, and state the line the
 * error must point at. Its lines:
 *
 *   1 version          10 tenants           19 standard:          28 health:
 *   2 app:             11   - id: acme      20   quota            29   interval: 10s
 *   3   name: shop     12     ring: canary  21   limitRange:      30   checks:
 *   4   port: 8080     13     tier          22     defaultRequest 31     - kind: rollout
 *   5 image:           14   - id: globex   23     default        32     - kind: http
 *   6   repository     15     ring: main    24 routing:          33       path: /healthz
 *   7 rings:           16     tier          25   method           34 observability:
 *   8   - name: canary 17 isolation:        26   steps            35   prometheus
 *   9   - name: main   18   tiers:          27   gateway
 */
export const BASE = `version: 1
app:
  name: shop
  port: 8080
image:
  repository: ghcr.io/acme/shop
rings:
  - name: canary
  - name: main
tenants:
  - id: acme
    ring: canary
    tier: standard
  - id: globex
    ring: main
    tier: standard
isolation:
  tiers:
    standard:
      quota: { cpu: '4', memory: 8Gi, pods: 20 }
      limitRange:
        defaultRequest: { cpu: 100m, memory: 128Mi }
        default: { cpu: 500m, memory: 512Mi }
routing:
  method: gateway-api
  steps: [10, 50, 100]
  parentRefs: [{ name: public, namespace: gateway-system }]
health:
  interval: 10s
  checks:
    - kind: rollout
    - kind: http
      path: /healthz
observability:
  prometheus: { url: 'http://prometheus:9090' }
`;

export type Edit =
  | { line: number; set: string } // replace line `line` (text may hold several lines)
  | { after: number; insert: string } // insert lines after line `after` (0: at the top)
  | { drop: number; count?: number }; // remove `count` lines from line `drop`

/**
 * BASE with edits, all given in BASE's own line numbers (applied bottom-up, so one edit
 * does not move the lines another names).
 */
export function edit(...edits: Edit[]): string {
  const lines = BASE.split('\n');
  const key = (e: Edit) => ('line' in e ? e.line : 'after' in e ? e.after + 0.5 : e.drop);
  for (const e of [...edits].sort((a, b) => key(b) - key(a))) {
    if ('line' in e) lines.splice(e.line - 1, 1, ...e.set.split('\n'));
    else if ('after' in e) lines.splice(e.after, 0, ...e.insert.split('\n'));
    else lines.splice(e.drop - 1, e.count ?? 1);
  }
  return lines.join('\n');
}

/** The error parseConfig throws for `text` (fails the test when it does not throw one). */
export function errorOf(text: string, file = 'cutover.yaml'): CutoverError {
  try {
    parseConfig(text, file);
  } catch (e) {
    if (e instanceof CutoverError) return e;
    throw new Error(`expected a CutoverError, got ${String(e)}`, { cause: e });
  }
  throw new Error('expected the config to be rejected, but it loaded');
}

export function describeDetails(details: ErrorDetail[]): string {
  return details
    .map((d) => `${d.location?.line}:${d.location?.column} ${d.path ?? ''}: ${d.message}`)
    .join('\n');
}
