// GitHub's cache service is outside this machine: these tests fake it (a Map of entries),
// and check the key and the restore/save decisions against it.
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  cachePlan,
  restoreDependencies,
  saveDecision,
  saveDependencies,
  type CachePlan,
  type CacheService,
} from '../../../src/ci/cache.ts';

function fakeGitHubCache(entries: string[] = [], available = true) {
  const saved: string[] = [];
  const service: CacheService = {
    isFeatureAvailable: () => available,
    async restoreCache(_paths, key, restoreKeys = []) {
      if (entries.includes(key)) return key;
      return entries.find((e) => restoreKeys.some((p) => e.startsWith(p)));
    },
    async saveCache(_paths, key) {
      if (entries.includes(key)) return -1;
      saved.push(key);
      entries.push(key);
      return 1;
    },
  };
  return { service, saved };
}

async function repo(files: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'cutover-cache-'));
  for (const [f, t] of Object.entries(files)) await writeFile(join(dir, f), t);
  return dir;
}

const planOf = (dir: string) => {
  const p = cachePlan({
    ecosystem: 'npm',
    paths: ['~/.npm'],
    keyFiles: ['package-lock.json'],
    dir,
    platform: 'linux',
    arch: 'x64',
  });
  if ('off' in p) throw new Error(p.off);
  return p;
};

describe('dependency cache (GitHub cache service faked)', () => {
  it('keys on the lockfile content: same content same key, a change a new key with the old as restore key', async () => {
    const a = planOf(await repo({ 'package-lock.json': '{"v":1}' }));
    const b = planOf(await repo({ 'package-lock.json': '{"v":1}' }));
    const c = planOf(await repo({ 'package-lock.json': '{"v":2}' }));
    expect(a.key).toBe(b.key);
    expect(a.key).not.toBe(c.key);
    expect(a.key).toMatch(/^cutover-npm-linux-x64-[0-9a-f]{32}$/);
    expect(c.restoreKeys).toEqual(['cutover-npm-linux-x64-']);
  });

  it('is off without a lockfile, and says so', async () => {
    const p = cachePlan({
      ecosystem: 'npm',
      paths: ['~/.npm'],
      keyFiles: ['package-lock.json'],
      dir: await repo({}),
    });
    expect(p).toEqual({ off: 'no package-lock.json to key the cache on' });
    expect(await restoreDependencies(fakeGitHubCache().service, p)).toEqual({
      status: 'off',
      reason: 'no package-lock.json to key the cache on',
    });
  });

  it('is off outside GitHub Actions (no cache service)', async () => {
    const plan = planOf(await repo({ 'package-lock.json': '{}' }));
    const r = await restoreDependencies(fakeGitHubCache([], false).service, plan);
    expect(r).toEqual({ status: 'off', reason: expect.stringContaining('no cache service') });
    expect(saveDecision(r, true).save).toBe(false);
  });

  it('a miss saves after a good install, not after a failed one', async () => {
    const plan: CachePlan = planOf(await repo({ 'package-lock.json': '{}' }));
    const gh = fakeGitHubCache();
    const r = await restoreDependencies(gh.service, plan);
    expect(r).toEqual({ status: 'miss', key: plan.key });
    expect(saveDecision(r, false)).toEqual({
      save: false,
      reason: 'the install failed: its store is not saved',
    });
    expect(await saveDependencies(gh.service, plan, saveDecision(r, true))).toEqual({
      saved: true,
      reason: `saved ${plan.key}`,
    });
    expect(gh.saved).toEqual([plan.key]);
  });

  it('an exact hit saves nothing; a partial hit (older lockfile) saves the new key', async () => {
    const plan = planOf(await repo({ 'package-lock.json': '{}' }));
    const hit = await restoreDependencies(fakeGitHubCache([plan.key]).service, plan);
    expect(hit).toEqual({ status: 'hit', key: plan.key });
    expect(saveDecision(hit, true)).toEqual({
      save: false,
      reason: expect.stringContaining('exact hit'),
    });

    const old = 'cutover-npm-linux-x64-0000';
    const gh = fakeGitHubCache([old]);
    const partial = await restoreDependencies(gh.service, plan);
    expect(partial).toEqual({ status: 'partial', key: plan.key, matchedKey: old });
    await saveDependencies(gh.service, plan, saveDecision(partial, true));
    expect(gh.saved).toEqual([plan.key]);
  });

  it('a cache service error warns instead of failing, and a key another job saved first is fine', async () => {
    const plan = planOf(await repo({ 'package-lock.json': '{}' }));
    const broken: CacheService = {
      isFeatureAvailable: () => true,
      restoreCache: () => Promise.reject(new Error('503 from the cache service')),
      saveCache: () => Promise.reject(new Error('503 again')),
    };
    const r = await restoreDependencies(broken, plan);
    expect(r).toEqual({ status: 'error', key: plan.key, reason: '503 from the cache service' });
    expect(await saveDependencies(broken, plan, saveDecision(r, true))).toEqual({
      saved: false,
      reason: expect.stringContaining('503 again'),
    });
    const raced = fakeGitHubCache();
    const d = saveDecision(await restoreDependencies(raced.service, plan), true);
    await raced.service.saveCache([], plan.key); // another job, meanwhile
    expect((await saveDependencies(raced.service, plan, d)).reason).toContain(
      'saved by another job',
    );
  });
});
