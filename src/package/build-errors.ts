/**
 * The errors of a failed build or push. A builder's exit code says only that it failed;
 * what it wrote says why, and the why decides the code: a refused push is the
 * credentials, a refused connection the address, anything else the build itself.
 */
import { CutoverError } from '../errors.ts';

/** The error of a failed build step, with the builder's last lines (where the cause is). */
export function buildFailed(what: string, tail: string[], code: number | null): CutoverError {
  return new CutoverError(
    'BUILD_FAILED',
    `${what} failed (exit code ${code ?? 'none'}); its last lines:\n${tail.join('\n')}`,
    { hint: 'the cause is in the lines above: fix the Dockerfile or the files it uses' },
  );
}

/**
 * A failed push, told apart by what the builder wrote (buildah and BuildKit both print
 * containers/image or distribution errors: `unauthorized`, `denied`, `connection refused`).
 */
export function pushFailed(
  registry: string,
  stderr: string,
  tail: string[],
  code: number | null,
): CutoverError {
  const last = tail.join('\n');
  if (
    /unauthorized|authentication required|\bdenied\b|401 Unauthorized|403 Forbidden/i.test(stderr)
  )
    return new CutoverError(
      'REGISTRY_DENIED',
      `push to ${registry}: the registry refused it:\n${last}`,
      {
        hint: 'check the registry username and password (or token) and that they may push to this repository',
      },
    );
  if (/HTTP response to HTTPS client/i.test(stderr))
    return new CutoverError(
      'REGISTRY_ERROR',
      `push to ${registry}: the registry speaks plain http`,
      {
        hint: 'set `insecure: true` for a plain-http registry (only inside a private network)',
      },
    );
  if (/x509:|certificate/i.test(stderr))
    return new CutoverError(
      'REGISTRY_ERROR',
      `push to ${registry}: its TLS certificate is not trusted:\n${last}`,
      {
        hint: 'give the runner the CA of the registry',
      },
    );
  if (
    /connection refused|no such host|i\/o timeout|network is unreachable|no route to host|dial tcp|connection reset/i.test(
      stderr,
    )
  )
    return new CutoverError(
      'REGISTRY_UNREACHABLE',
      `push to ${registry}: cannot connect:\n${last}`,
      {
        hint: 'check the registry address and port, and that this runner can reach it',
      },
    );
  return new CutoverError(
    'REGISTRY_ERROR',
    `push to ${registry} failed (exit code ${code ?? 'none'}):\n${last}`,
  );
}
