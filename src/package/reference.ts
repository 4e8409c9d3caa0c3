/**
 * Where an image repository lives: `registry/name` split into the registry host (what the
 * client talks to, and the key of the auth file) and the repository name (what the API
 * paths carry), and whether the registry is spoken to in plain http.
 */
import { CutoverError } from '../errors.ts';

export interface Repository {
  /** The registry as written, `ghcr.io`, `127.0.0.1:5000`: the auth file's key. */
  registry: string;
  /** The host the API is at (Docker Hub's `docker.io` is served by registry-1.docker.io). */
  apiHost: string;
  /** The repository name in API paths, `acme/shop`. */
  name: string;
  /** `registry/name`, as given. */
  full: string;
}

const NAME = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*$/;

/** Parses `registry/name` (no tag, no digest); a first part without `.` or `:` is Docker Hub. */
export function parseRepository(ref: string, field = 'repository'): Repository {
  const bad = (message: string, hint: string): CutoverError =>
    new CutoverError('INPUT_INVALID', `${field} \`${ref}\`: ${message}`, { hint });
  if (/[@]/.test(ref) || /:[^/]*$/.test(ref.slice(ref.indexOf('/') + 1)))
    throw bad(
      'give the repository without a tag or digest',
      'e.g. `ghcr.io/acme/shop`; tags go in `tags`',
    );
  const slash = ref.indexOf('/');
  const first = slash < 0 ? '' : ref.slice(0, slash);
  const isRegistry = first.includes('.') || first.includes(':') || first === 'localhost';
  const registry = isRegistry ? first : 'docker.io';
  let name = isRegistry ? ref.slice(slash + 1) : ref;
  if (registry === 'docker.io' && !name.includes('/')) name = `library/${name}`;
  if (!NAME.test(name))
    throw bad(
      'the repository name is not a valid OCI name',
      'lowercase letters, digits and `.`, `_`, `-` separators, parts joined by `/`',
    );
  return {
    registry,
    apiHost: registry === 'docker.io' ? 'registry-1.docker.io' : registry,
    name,
    full: isRegistry ? ref : `docker.io/${name}`,
  };
}

/** Loopback registries speak http (a test or a local registry); every other one https. */
export function isLoopbackHost(hostPort: string): boolean {
  const host = hostPort.replace(/:\d+$/, '').replace(/^\[(.*)\]$/, '$1');
  return host === 'localhost' || /^127(\.\d{1,3}){3}$/.test(host) || host === '::1';
}

export function schemeFor(hostPort: string, insecure = false): 'http' | 'https' {
  return insecure || isLoopbackHost(hostPort) ? 'http' : 'https';
}

const TAG = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;

/** Checks a tag as the registry would, naming it in the error. */
export function checkTag(tag: string, field = 'tags'): string {
  if (!TAG.test(tag))
    throw new CutoverError('INPUT_INVALID', `${field}: \`${tag}\` is not a valid tag`, {
      hint: 'tags are letters, digits, `_`, `.` and `-`, at most 128, not starting with `.` or `-`',
    });
  return tag;
}
