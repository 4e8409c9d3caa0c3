/**
 * The dependency cache of lint-test: keyed on the lockfiles' content, restored before the
 * install, saved after it unless the restore was an exact hit (the same key holds the same
 * content) or the install failed (a broken store must not be shared). The cache service is
 * GitHub's (@actions/cache); a cache problem warns and never fails the build.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The part of @actions/cache lint-test uses; tests give a fake of GitHub's service. */
export interface CacheService {
  isFeatureAvailable(): boolean;
  restoreCache(
    paths: string[],
    primaryKey: string,
    restoreKeys?: string[],
  ): Promise<string | undefined>;
  saveCache(paths: string[], key: string): Promise<number>;
}

export interface CachePlan {
  paths: string[];
  key: string;
  /** Older entries of the same ecosystem and platform, when the lockfile changed. */
  restoreKeys: string[];
  keyFiles: string[];
}

export type CacheRestore =
  | { status: 'off'; reason: string }
  | { status: 'miss'; key: string }
  | { status: 'hit'; key: string }
  | { status: 'partial'; key: string; matchedKey: string }
  | { status: 'error'; key: string; reason: string };

export interface SaveDecision {
  save: boolean;
  reason: string;
}

export function cachePlan(opts: {
  ecosystem: string;
  paths: string[];
  keyFiles: string[];
  /** Where the key files are. */
  dir: string;
  platform?: string;
  arch?: string;
}): CachePlan | { off: string } {
  const missing = opts.keyFiles.filter((f) => !existsSync(join(opts.dir, f)));
  if (missing.length === opts.keyFiles.length)
    return { off: `no ${opts.keyFiles.join(' or ')} to key the cache on` };
  const hash = createHash('sha256');
  for (const f of opts.keyFiles.filter((k) => !missing.includes(k)).sort()) {
    // The name too, so that moving content between files changes the key.
    hash
      .update(`${f}\0`)
      .update(readFileSync(join(opts.dir, f)))
      .update('\0');
  }
  const prefix = `cutover-${opts.ecosystem}-${opts.platform ?? process.platform}-${opts.arch ?? process.arch}-`;
  return {
    paths: opts.paths,
    key: `${prefix}${hash.digest('hex').slice(0, 32)}`,
    restoreKeys: [prefix],
    keyFiles: opts.keyFiles,
  };
}

export async function restoreDependencies(
  service: CacheService,
  plan: CachePlan | { off: string },
): Promise<CacheRestore> {
  if ('off' in plan) return { status: 'off', reason: plan.off };
  if (!service.isFeatureAvailable())
    return { status: 'off', reason: 'no cache service here (outside GitHub Actions)' };
  try {
    const matched = await service.restoreCache(plan.paths, plan.key, plan.restoreKeys);
    if (matched === undefined) return { status: 'miss', key: plan.key };
    return matched === plan.key
      ? { status: 'hit', key: plan.key }
      : { status: 'partial', key: plan.key, matchedKey: matched };
  } catch (e) {
    return { status: 'error', key: plan.key, reason: (e as Error).message };
  }
}

export function saveDecision(restore: CacheRestore, installPassed: boolean): SaveDecision {
  switch (restore.status) {
    case 'off':
      return { save: false, reason: restore.reason };
    case 'hit':
      return { save: false, reason: `exact hit on ${restore.key}: nothing new to save` };
    default:
      return installPassed
        ? { save: true, reason: `saving ${restore.key}` }
        : { save: false, reason: 'the install failed: its store is not saved' };
  }
}

export async function saveDependencies(
  service: CacheService,
  plan: CachePlan,
  decision: SaveDecision,
): Promise<{ saved: boolean; reason: string }> {
  if (!decision.save) return { saved: false, reason: decision.reason };
  try {
    const id = await service.saveCache(plan.paths, plan.key);
    // @actions/cache returns -1 when another job saved the same key first: not an error.
    return id === -1
      ? { saved: false, reason: `${plan.key} was saved by another job meanwhile` }
      : { saved: true, reason: `saved ${plan.key}` };
  } catch (e) {
    return { saved: false, reason: `could not save ${plan.key}: ${(e as Error).message}` };
  }
}
