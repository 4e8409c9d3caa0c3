import { CutoverError } from '../errors.ts';

/** An image reference split into what the release records: repository, tag, digest. */
export interface ImageRef {
  ref: string;
  repository: string;
  tag: string | undefined;
  digest: string | undefined;
  /** What `app.kubernetes.io/version` says: the tag, else the digest's first 12 hex digits. */
  version: string;
}

const DIGEST = /^sha256:[a-f0-9]{64}$/;
const TAG = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;

/** Parses `repo:tag`, `repo@sha256:…` or `repo:tag@sha256:…`; refuses a reference with neither. */
export function parseImage(ref: string, field = 'image'): ImageRef {
  const at = ref.indexOf('@');
  const name = at >= 0 ? ref.slice(0, at) : ref;
  const digest = at >= 0 ? ref.slice(at + 1) : undefined;
  const colon = name.lastIndexOf(':');
  const hasTag = colon > name.lastIndexOf('/');
  const repository = hasTag ? name.slice(0, colon) : name;
  const tag = hasTag ? name.slice(colon + 1) : undefined;
  const bad = (message: string, hint: string) =>
    new CutoverError('INPUT_INVALID', `${field} \`${ref}\`: ${message}`, { hint });
  if (!repository)
    throw bad(
      'no repository',
      'write it as `registry/repository:tag` or `registry/repository@sha256:<digest>`',
    );
  if (digest !== undefined && !DIGEST.test(digest))
    throw bad(
      'the digest is not `sha256:` and 64 lowercase hex digits',
      'copy the digest the build printed',
    );
  if (tag !== undefined && !TAG.test(tag))
    throw bad(
      'the tag is not a valid tag',
      'tags are letters, digits, `_`, `.` and `-`, at most 128',
    );
  if (tag === undefined && digest === undefined)
    throw bad(
      'no tag or digest, so the version deployed would be whatever `latest` is then',
      'give a digest (`@sha256:…`, preferred: it never moves) or a tag (`:1.5.0`)',
    );
  return {
    ref,
    repository,
    tag,
    digest,
    version: tag ?? digest!.slice('sha256:'.length, 'sha256:'.length + 12),
  };
}
