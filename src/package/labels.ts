/**
 * The OCI annotations every image cutover builds carries as labels (image-spec
 * annotations.md): where its source is, the commit it was built from, when. Registries
 * show them (ghcr.io links the package to the repository by `source`), and a deploy can
 * tell from the image alone which commit it runs.
 */
export const OCI_SOURCE = 'org.opencontainers.image.source';
export const OCI_REVISION = 'org.opencontainers.image.revision';
export const OCI_CREATED = 'org.opencontainers.image.created';
export const OCI_VERSION = 'org.opencontainers.image.version';
export const OCI_TITLE = 'org.opencontainers.image.title';

export interface OciLabelInput {
  /** The repository's URL, e.g. https://github.com/acme/shop. */
  repoUrl: string;
  /** The commit SHA. */
  sha: string;
  /** When: a Date or an RFC 3339 string (the commit time keeps rebuilds identical). */
  created: Date | string;
  /** A release version (the tag), when there is one. */
  version?: string | undefined;
}

export function ociLabels(o: OciLabelInput): Record<string, string> {
  const created = typeof o.created === 'string' ? new Date(o.created) : o.created;
  if (Number.isNaN(created.getTime()))
    throw new RangeError(`ociLabels: created \`${String(o.created)}\` is not a date`);
  return {
    [OCI_SOURCE]: o.repoUrl,
    [OCI_REVISION]: o.sha,
    // RFC 3339 in UTC, to the second: what the spec asks for, without clock noise.
    [OCI_CREATED]: created.toISOString().replace(/\.\d{3}Z$/, 'Z'),
    ...(o.version ? { [OCI_VERSION]: o.version } : {}),
  };
}
