/**
 * Traefik, the Gateway API data plane of a local cluster with traffic: built from Go
 * modules by scripts/traefik-build.sh into `<cache>/traefik-<version>/bin/traefik`, run
 * inside the cluster's network namespace with the admin kubeconfig and only its
 * `kubernetesGateway` provider, one entry point on 127.0.0.1:<traffic port> there (the
 * host reaches it through the bridge), no version check and no usage report.
 */
import { createHash } from 'node:crypto';
import { accessSync, constants, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';

import { CutoverError } from '../errors.ts';
import { requiredVersion, runBuildScript } from './binaries.ts';
import { type ControlPlane, startComponent } from './components.ts';
import { cacheRoot, findRepoRoot } from './paths.ts';
import type { Started } from './process.ts';

const MODULE = 'github.com/traefik/traefik/v3';
/** Traefik's name for its Gateway API controller (GatewayClass spec.controllerName). */
export const TRAEFIK_CONTROLLER = 'traefik.io/gateway-controller';
/** Traefik's entry point that the Gateway's listener maps to (by port). */
export const ENTRY_POINT = 'web';

const BUILD_HINT =
  'run scripts/traefik-build.sh (about 5 minutes and 3.3 GB of memory the first time, cached after), or pass --build';

export interface TraefikBinary {
  path: string;
  version: string;
}

/** Version and cache key the repository asks for (the script's formula), or undefined outside a checkout. */
function expected(repo: string): { version: string; key: string } {
  const goMod = readFileSync(join(repo, 'k8s', 'traefik', 'go.mod'), 'utf8');
  const script = readFileSync(join(repo, 'scripts', 'traefik-build.sh'), 'utf8');
  const version = requiredVersion(goMod, MODULE);
  const recipe = /^RECIPE=(\S+)$/m.exec(script)?.[1];
  if (!version || !recipe)
    throw new CutoverError('LOCAL_CLUSTER', `k8s/traefik/go.mod does not require ${MODULE}`);
  const key = createHash('sha256')
    .update(`recipe=${recipe}\n`)
    .update(goMod)
    .digest('hex')
    .slice(0, 16);
  return { version, key };
}

function executable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** Finds the Traefik binary (`$CUTOVER_TRAEFIK_BIN` first), building it when asked to. */
export async function resolveTraefik(opts: {
  build?: boolean;
  onProgress?: (m: string) => void;
  env?: NodeJS.ProcessEnv;
}): Promise<TraefikBinary> {
  const env = opts.env ?? process.env;
  if (env.CUTOVER_TRAEFIK_BIN) {
    if (!executable(env.CUTOVER_TRAEFIK_BIN))
      throw new CutoverError(
        'LOCAL_CLUSTER',
        `CUTOVER_TRAEFIK_BIN=${env.CUTOVER_TRAEFIK_BIN} is not an executable`,
        { hint: BUILD_HINT },
      );
    return { path: env.CUTOVER_TRAEFIK_BIN, version: 'unknown' };
  }
  const repo = findRepoRoot();
  if (!repo)
    throw new CutoverError('LOCAL_CLUSTER', 'no checkout of cutover to find the Traefik build of', {
      hint: `${BUILD_HINT} in a checkout, or set CUTOVER_TRAEFIK_BIN`,
    });
  const want = expected(repo);
  const bin = join(cacheRoot(env), `traefik-${want.version}`, 'bin');
  const path = join(bin, 'traefik');
  const problem = (): string | undefined => {
    if (!executable(path)) return `the Traefik binary ${path} is missing`;
    const key = existsSync(join(bin, '.key')) ? readFileSync(join(bin, '.key'), 'utf8').trim() : '';
    return key === want.key
      ? undefined
      : `the Traefik build in ${bin} is stale (k8s/traefik/go.mod changed since)`;
  };
  let p = problem();
  if (p && opts.build) {
    opts.onProgress?.(`${p}: building it with scripts/traefik-build.sh (about 5 minutes cold)`);
    await runBuildScript(repo, env, opts.onProgress, 'traefik-build.sh');
    p = problem();
  }
  if (p) throw new CutoverError('LOCAL_CLUSTER', p, { hint: BUILD_HINT });
  return { path, version: want.version };
}

/** Traefik's static configuration. */
export function traefikConfigYaml(entryPort: number): string {
  return stringify({
    global: { checkNewVersion: false, sendAnonymousUsage: false },
    entryPoints: { [ENTRY_POINT]: { address: `127.0.0.1:${entryPort}` } },
    providers: { kubernetesGateway: { throttleDuration: '200ms' } },
    log: { level: 'INFO', noColor: true },
  });
}

/** Starts Traefik in the namespace, talking to the API server as the admin. */
export function startTraefik(cp: ControlPlane, binary: TraefikBinary, kubeconfig: string): Started {
  const port = cp.ports.traffic;
  if (port === undefined) throw new Error('startTraefik: no traffic port was picked');
  const dir = join(cp.stateDir, 'traefik');
  mkdirSync(dir, { recursive: true });
  const config = join(dir, 'traefik.yaml');
  writeFileSync(config, traefikConfigYaml(port));
  cp.progress(
    `starting Traefik ${binary.version} (Gateway API) on 127.0.0.1:${port} in ${cp.netns}`,
  );
  // Traefik takes the kubeconfig from KUBECONFIG; an in-cluster environment would win over it.
  const env: NodeJS.ProcessEnv = { ...process.env, KUBECONFIG: kubeconfig };
  delete env.KUBERNETES_SERVICE_HOST;
  delete env.KUBERNETES_SERVICE_PORT;
  return startComponent(cp, 'traefik', binary.path, [`--configFile=${config}`], env);
}
