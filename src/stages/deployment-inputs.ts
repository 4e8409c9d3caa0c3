/**
 * The deployment stage's JSON inputs, checked before any request: the release stages'
 * `tenant-results` and health-gate's `checks`. Both come from other steps' outputs, so an
 * error says which output to pass.
 */
import { readFile } from 'node:fs/promises';
import { parse } from 'yaml';
import { CutoverError } from '../errors.ts';
import type { TenantRelease } from '../github/deployments.ts';
import { parseImage } from '../release/image.ts';

const RESULTS_HINT =
  'pass the `tenant-results` output of deploy-color, shift-traffic or rollback as it is: `tenant-results: ${{ steps.<id>.outputs.tenant-results }}`';

export function parseTenantResults(raw: string | undefined): TenantRelease[] | undefined {
  if (raw === undefined) return undefined;
  const bad = (message: string) =>
    new CutoverError('INPUT_INVALID', `input \`tenant-results\`: ${message}`, {
      hint: RESULTS_HINT,
    });
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch (e) {
    throw bad(`not JSON (${(e as Error).message}): ${JSON.stringify(raw.slice(0, 80))}`);
  }
  if (!Array.isArray(value)) throw bad(`expected a JSON array of tenants, found ${kindOf(value)}`);
  return value.map((entry, i) => {
    if (!entry || typeof entry !== 'object' || typeof entry.tenant !== 'string' || !entry.tenant)
      throw bad(`entry ${i} has no \`tenant\` id: ${JSON.stringify(entry)?.slice(0, 80)}`);
    const e = entry as Record<string, unknown>;
    const from = text(e.from) ?? /^from (\S+)/.exec(text(e.detail) ?? '')?.[1];
    return {
      tenant: e.tenant as string,
      ring: text(e.ring),
      namespace: text(e.namespace),
      status: text(e.status),
      version: text(e.version),
      from: from === undefined ? undefined : versionOf(from),
    };
  });
}

export function parseEvidence(raw: string | undefined): Record<string, unknown> | undefined {
  if (raw === undefined) return undefined;
  const bad = (message: string) =>
    new CutoverError('INPUT_INVALID', `input \`evidence\`: ${message}`, {
      hint: "pass health-gate's `checks` output as it is: `evidence: ${{ steps.<id>.outputs.checks }}`",
    });
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch (e) {
    throw bad(`not JSON (${(e as Error).message})`);
  }
  if (!value || typeof value !== 'object' || Array.isArray(value))
    throw bad(`expected a JSON object of tenants, found ${kindOf(value)}`);
  return value as Record<string, unknown>;
}

/** What a release records of an image: its tag, else the digest's start (as the cluster does). */
export function versionOf(image: string): string {
  try {
    return parseImage(image).version;
  } catch {
    return image; // a version, not an image: kept as written
  }
}

/** The app's name: the image's repository name, else the repository's. */
/**
 * `app.name` of cutover.yaml, read leniently: a deployment record is no place to fail on a
 * config problem the deploy stages report anyway.
 */
export async function configAppName(path: string): Promise<string | undefined> {
  const raw = await readFile(path, 'utf8').catch(() => undefined);
  if (raw === undefined) return undefined;
  try {
    const app = (parse(raw) as { app?: { name?: unknown } } | null)?.app?.name;
    return typeof app === 'string' && app !== '' ? app : undefined;
  } catch {
    return undefined;
  }
}

export function appName(image: string | undefined, repository: string): string {
  const path = image?.split('@')[0]?.replace(/:[^/:]*$/, '');
  return path?.split('/').pop() || repository;
}

function text(v: unknown): string | undefined {
  return typeof v === 'string' && v !== '' ? v : undefined;
}

function kindOf(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  return typeof v === 'object' ? 'an object' : `a ${typeof v}`;
}
