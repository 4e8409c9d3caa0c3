import { KubeConfig } from '@kubernetes/client-node';
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, dirname, isAbsolute, join } from 'node:path';
import { parse } from 'yaml';
import { CutoverError } from '../errors.ts';

/** Where the credentials come from: kubeconfig text (an action input), a file, or the default. */
export interface ClusterTarget {
  /** Kubeconfig content (YAML). A secret: never logged. */
  kubeconfig?: string;
  /** Path of a kubeconfig file; default: $KUBECONFIG or ~/.kube/config. */
  kubeconfigPath?: string;
  context?: string;
}

export interface LoadedKubeConfig {
  kc: KubeConfig;
  /**
   * The current user's `tokenFile`, absolute. The client library does not read this
   * field (it looks for `token-file`), and would read it only once: the cluster client
   * reads it itself, again every minute, so rotated tokens are picked up.
   */
  tokenFile?: string;
}

export function loadKubeConfig(target: ClusterTarget = {}): LoadedKubeConfig {
  if (!target.kubeconfig && !target.kubeconfigPath && !defaultKubeconfigExists()) {
    // The client would fall back to http://localhost:8080: say what is missing instead.
    throw new CutoverError('INPUT_MISSING', 'no kubeconfig: nothing says which cluster to use', {
      hint: 'pass the `kubeconfig` input (a secret) or --kubeconfig FILE, or set KUBECONFIG',
    });
  }
  const kc = new KubeConfig();
  try {
    if (target.kubeconfig) kc.loadFromString(target.kubeconfig);
    else if (target.kubeconfigPath) kc.loadFromFile(target.kubeconfigPath);
    else kc.loadFromDefault();
    if (target.context) kc.setCurrentContext(target.context);
  } catch (e) {
    // The parser's message may quote the file: do not pass it on, it can hold a token.
    throw new CutoverError('INPUT_INVALID', 'the kubeconfig could not be read', {
      hint: 'pass a kubeconfig file (YAML) with a cluster, a user and a current context',
      cause: e,
    });
  }
  const cluster = kc.getCurrentCluster();
  if (!cluster?.server) {
    throw new CutoverError('INPUT_INVALID', 'the kubeconfig names no cluster server', {
      hint: 'set current-context to a context whose cluster has a `server:` address',
    });
  }
  const tokenFile = currentUserTokenFile(kc, target);
  return tokenFile ? { kc, tokenFile } : { kc };
}

function defaultKubeconfigExists(): boolean {
  if (process.env.KUBECONFIG) return true;
  if (process.env.KUBERNETES_SERVICE_HOST) return true; // in a pod: the service account
  return existsSync(join(homedir(), '.kube', 'config'));
}

interface RawKubeconfig {
  users?: { name?: string; user?: { token?: string; tokenFile?: string } }[];
}

/** The current user's `tokenFile` (relative paths are the kubeconfig file's), if no token is inline. */
function currentUserTokenFile(kc: KubeConfig, target: ClusterTarget): string | undefined {
  const user = kc.getCurrentUser();
  if (!user || user.token || user.exec || user.authProvider) return undefined;
  const sources: { text: string; dir: string }[] = [];
  if (target.kubeconfig) sources.push({ text: target.kubeconfig, dir: process.cwd() });
  else {
    const files = target.kubeconfigPath
      ? [target.kubeconfigPath]
      : (process.env.KUBECONFIG?.split(delimiter) ?? [join(homedir(), '.kube', 'config')]);
    for (const f of files)
      if (f && existsSync(f)) sources.push({ text: readFileSync(f, 'utf8'), dir: dirname(f) });
  }
  for (const { text, dir } of sources) {
    let raw: RawKubeconfig;
    try {
      raw = parse(text) as RawKubeconfig;
    } catch {
      continue;
    }
    const file = raw?.users?.find((u) => u.name === user.name)?.user?.tokenFile;
    if (file) return isAbsolute(file) ? file : join(dir, file);
  }
  return undefined;
}
