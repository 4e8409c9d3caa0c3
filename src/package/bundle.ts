/**
 * The deploy bundle as an OCI artifact beside the image, in the same repository under
 * `<tag>-bundle`: an image manifest with `artifactType`, the empty config, one gzipped tar
 * layer, and a `subject` naming the image (registries with the referrers API list the
 * bundle under the image). Registries that refuse part of it are met half way: without
 * the subject, then with a small JSON config instead of the empty one (older registries
 * want a config blob of a type they know nothing about but can store).
 */
import { CutoverError } from '../errors.ts';
import { unpackFiles, packFiles } from './bundle-archive.ts';
import { OCI_CREATED, OCI_REVISION, OCI_TITLE } from './labels.ts';
import { parseRepository } from './reference.ts';
import type { Credentials } from './registry-auth.ts';
import { OCI_MANIFEST, RegistryClient, sha256Digest, type Descriptor } from './registry.ts';

export const BUNDLE_ARTIFACT_TYPE = 'application/vnd.cutover.bundle.v1';
export const BUNDLE_LAYER_TYPE = 'application/vnd.cutover.bundle.v1.tar+gzip';
export const BUNDLE_CONFIG_TYPE = 'application/vnd.cutover.bundle.config.v1+json';
export const OCI_EMPTY = 'application/vnd.oci.empty.v1+json';
const EMPTY_JSON = new TextEncoder().encode('{}');

export interface PushBundleOptions {
  client: RegistryClient;
  /** The repository name in the registry (`demo/app`). */
  name: string;
  /** The tags: `<image tag>-bundle` for each tag of the image. */
  tags: string[];
  files: Map<string, string | Uint8Array>;
  /** The image it belongs to: its manifest's descriptor (the subject). */
  image: Descriptor;
  app: string;
  imageRef: string;
  revision?: string | undefined;
  created: string;
  progress?: (line: string) => void;
}

export interface PushedBundle {
  digest: string;
  files: number;
  /** Which form the registry took. */
  form: { config: 'empty' | 'json'; subject: boolean };
}

export async function pushBundle(o: PushBundleOptions): Promise<PushedBundle> {
  const archive = await packFiles(o.files);
  const layer = await o.client.pushBlob(o.name, archive);
  const annotations: Record<string, string> = {
    [OCI_TITLE]: `${o.app} deploy bundle`,
    [OCI_CREATED]: o.created,
    ...(o.revision ? { [OCI_REVISION]: o.revision } : {}),
  };
  const layers = [
    {
      mediaType: BUNDLE_LAYER_TYPE,
      digest: layer.digest,
      size: layer.size,
      annotations: { [OCI_TITLE]: 'bundle.tar.gz' },
    },
  ];
  const subject = { mediaType: o.image.mediaType, digest: o.image.digest, size: o.image.size };
  const forms: PushedBundle['form'][] = [
    { config: 'empty', subject: true },
    { config: 'empty', subject: false },
    { config: 'json', subject: false },
  ];
  let last: unknown;
  for (const form of forms) {
    const config = await configBlob(o, form.config);
    const manifest = {
      schemaVersion: 2,
      mediaType: OCI_MANIFEST,
      artifactType: BUNDLE_ARTIFACT_TYPE,
      config,
      layers,
      ...(form.subject ? { subject } : {}),
      annotations,
    };
    try {
      const { digest } = await o.client.pushManifest(o.name, o.tags[0]!, manifest);
      // The same bytes under the other tags: one manifest, one digest.
      for (const tag of o.tags.slice(1)) await o.client.pushManifest(o.name, tag, manifest);
      return { digest, files: o.files.size, form };
    } catch (e) {
      // Only a manifest the registry calls invalid (400) is worth another form; a missing
      // blob (also 400, MANIFEST_BLOB_UNKNOWN) would fail every form alike.
      if (!(e instanceof CutoverError) || e.httpStatus !== 400 || /BLOB_UNKNOWN/.test(e.message))
        throw e;
      o.progress?.(
        `bundle: the registry refused the manifest (${e.message}); trying a simpler form`,
      );
      last = e;
    }
  }
  throw last;
}

async function configBlob(o: PushBundleOptions, kind: 'empty' | 'json'): Promise<Descriptor> {
  if (kind === 'empty') {
    // The image spec's empty descriptor: the blob `{}`, inlined as data too.
    await o.client.pushBlob(o.name, EMPTY_JSON);
    return { mediaType: OCI_EMPTY, digest: sha256Digest(EMPTY_JSON), size: 2, data: 'e30=' };
  }
  const blob = new TextEncoder().encode(
    JSON.stringify({ app: o.app, image: o.imageRef, revision: o.revision ?? null }),
  );
  const pushed = await o.client.pushBlob(o.name, blob);
  return { mediaType: BUNDLE_CONFIG_TYPE, digest: pushed.digest, size: pushed.size };
}

export interface FetchBundleOptions {
  auth?: Credentials | undefined;
  insecure?: boolean | undefined;
  signal?: AbortSignal | undefined;
}

/**
 * The files of the bundle at `ref` (`registry/name@sha256:…` or `registry/name:tag-bundle`).
 * The manifest is checked to be a cutover bundle and the layer against its digest.
 */
export async function fetchBundle(
  ref: string,
  o: FetchBundleOptions = {},
): Promise<Map<string, Buffer>> {
  const at = ref.indexOf('@');
  const colon = ref.lastIndexOf(':');
  const split = at >= 0 ? at : colon > ref.lastIndexOf('/') ? colon : -1;
  if (split < 0)
    throw new CutoverError('INPUT_INVALID', `bundle \`${ref}\`: no tag or digest`, {
      hint: 'give the bundle as `registry/name@sha256:…` (what package-artifact output)',
    });
  const repo = parseRepository(ref.slice(0, split), 'bundle');
  const reference = ref.slice(split + 1);
  const client = new RegistryClient({
    host: repo.apiHost,
    auth: o.auth,
    insecure: o.insecure,
    signal: o.signal,
  });
  const manifest = await client.getManifest(repo.name, reference);
  const parsed = JSON.parse(new TextDecoder().decode(manifest.body)) as {
    artifactType?: string;
    config?: Descriptor;
    layers?: Descriptor[];
  };
  const isBundle =
    parsed.artifactType === BUNDLE_ARTIFACT_TYPE || parsed.config?.mediaType === BUNDLE_CONFIG_TYPE;
  const layer = parsed.layers?.find((l) => l.mediaType === BUNDLE_LAYER_TYPE);
  if (!isBundle || !layer)
    throw new CutoverError('INPUT_INVALID', `bundle \`${ref}\` is not a cutover deploy bundle`, {
      hint: `its manifest has artifactType ${parsed.artifactType ?? 'none'}; give the bundle reference package-artifact output, not the image's`,
    });
  // getBlob checks the bytes against the digest in the manifest.
  return unpackFiles(await client.getBlob(repo.name, layer.digest));
}
