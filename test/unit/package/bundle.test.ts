/**
 * The bundle's archive and manifest without a registry: the tar is the same bytes for the
 * same files whatever their order, and a registry that refuses the subject or the empty
 * config gets the simpler forms (an in-memory registry behind a fake fetch plays one).
 */
import { createHash } from 'node:crypto';
import { packFiles, unpackFiles } from '../../../src/package/bundle-archive.ts';
import { BUNDLE_CONFIG_TYPE, pushBundle } from '../../../src/package/bundle.ts';
import { RegistryClient } from '../../../src/package/registry.ts';

const sha = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');

it('packs the same bytes for the same files, in any order, and unpacks them', async () => {
  const files = new Map([
    ['tenants/b/x.yaml', 'b\n'],
    ['cutover.yaml', 'version: 1\n'],
    ['tenants/a/x.yaml', 'a\n'],
  ]);
  const a = await packFiles(files);
  const b = await packFiles(new Map([...files].reverse()));
  expect(sha(a)).toBe(sha(b));
  const back = await unpackFiles(a);
  expect([...back.keys()]).toEqual(['cutover.yaml', 'tenants/a/x.yaml', 'tenants/b/x.yaml']);
  expect(back.get('tenants/b/x.yaml')!.toString()).toBe('b\n');
  await expect(packFiles(new Map([['../evil', 'x']]))).rejects.toThrow(/not a relative file path/);
});

/** A registry that keeps blobs and manifests in maps and refuses what `refuse` says. */
function fakeRegistry(refuse: (manifest: Record<string, unknown>) => boolean) {
  const blobs = new Map<string, Uint8Array>();
  const manifests = new Map<string, Uint8Array>();
  const fake: typeof fetch = async (input, init) => {
    const url = new URL(String(input));
    const method = init?.method ?? 'GET';
    const body = init?.body as Uint8Array | undefined;
    const blob = /\/blobs\/(sha256:[a-f0-9]+)$/.exec(url.pathname)?.[1];
    if (method === 'HEAD' && blob)
      return new Response(null, { status: blobs.has(blob) ? 200 : 404 });
    if (method === 'POST')
      return new Response(null, { status: 202, headers: { location: '/upload/1' } });
    if (method === 'PUT' && url.pathname === '/upload/1') {
      blobs.set(url.searchParams.get('digest')!, body!);
      return new Response(null, { status: 201 });
    }
    const tag = /\/manifests\/(.+)$/.exec(url.pathname)?.[1];
    if (method === 'PUT' && tag) {
      const parsed = JSON.parse(new TextDecoder().decode(body)) as Record<string, unknown>;
      if (refuse(parsed))
        return Response.json(
          { errors: [{ code: 'MANIFEST_INVALID', message: 'manifest invalid' }] },
          { status: 400 },
        );
      manifests.set(tag, body!);
      return new Response(null, {
        status: 201,
        headers: { 'docker-content-digest': `sha256:${sha(body!)}` },
      });
    }
    return new Response(null, { status: 404 });
  };
  return { fake, blobs, manifests };
}

const options = (client: RegistryClient, progress: string[]) => ({
  client,
  name: 'demo/web',
  tags: ['abc-bundle'],
  files: new Map([['cutover.yaml', 'version: 1\n']]),
  image: {
    mediaType: 'application/vnd.oci.image.manifest.v1+json',
    digest: `sha256:${'1'.repeat(64)}`,
    size: 500,
  },
  app: 'web',
  imageRef: `127.0.0.1:5000/demo/web@sha256:${'1'.repeat(64)}`,
  revision: 'abc',
  created: '2026-01-01T00:00:00Z',
  progress: (l: string) => progress.push(l),
});

it('takes the full form where the registry does', async () => {
  const r = fakeRegistry(() => false);
  const client = new RegistryClient({ host: '127.0.0.1:5000', fetch: r.fake });
  const pushed = await pushBundle(options(client, []));
  expect(pushed.form).toEqual({ config: 'empty', subject: true });
});

it('drops the subject, then uses a JSON config, where the registry refuses them', async () => {
  const r = fakeRegistry(
    (m) => 'subject' in m || (m.config as { mediaType: string }).mediaType.includes('empty'),
  );
  const client = new RegistryClient({ host: '127.0.0.1:5000', fetch: r.fake });
  const progress: string[] = [];
  const pushed = await pushBundle(options(client, progress));
  expect(pushed.form).toEqual({ config: 'json', subject: false });
  expect(progress).toHaveLength(2);
  const stored = JSON.parse(new TextDecoder().decode(r.manifests.get('abc-bundle'))) as {
    config: { mediaType: string; digest: string };
  };
  expect(stored.config.mediaType).toBe(BUNDLE_CONFIG_TYPE);
  expect(JSON.parse(new TextDecoder().decode(r.blobs.get(stored.config.digest)))).toEqual({
    app: 'web',
    image: `127.0.0.1:5000/demo/web@sha256:${'1'.repeat(64)}`,
    revision: 'abc',
  });
});

it('a blob that does not match its digest is refused', async () => {
  const fake: typeof fetch = async () => new Response('other bytes', { status: 200 });
  const client = new RegistryClient({ host: '127.0.0.1:5000', fetch: fake });
  await expect(client.getBlob('demo/web', `sha256:${'2'.repeat(64)}`)).rejects.toThrow(
    /does not match its digest/,
  );
});
