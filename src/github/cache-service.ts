// GitHub's cache service (@actions/cache) as lint-test's CacheService. Outside a job it says
// it is not available (no ACTIONS_CACHE_URL/ACTIONS_RESULTS_URL), and lint-test runs uncached.
import * as cache from '@actions/cache';
import type { CacheService } from '../ci/cache.ts';

export const githubCache: CacheService = {
  isFeatureAvailable: () => cache.isFeatureAvailable(),
  restoreCache: (paths, key, restoreKeys) => cache.restoreCache(paths, key, restoreKeys),
  saveCache: (paths, key) => cache.saveCache(paths, key),
};
