/**
 * The small parsers of the package stage: image repositories, auth challenges, the OCI
 * labels, and how a builder's failed push is told apart.
 */
import { pushFailed } from '../../../src/package/build-errors.ts';
import { ociLabels } from '../../../src/package/labels.ts';
import { checkTag, parseRepository } from '../../../src/package/reference.ts';
import { parseChallenge } from '../../../src/package/registry-auth.ts';

describe('parseRepository', () => {
  it('splits registry and name; Docker Hub when the first part is no host', () => {
    expect(parseRepository('ghcr.io/acme/shop')).toMatchObject({
      registry: 'ghcr.io',
      apiHost: 'ghcr.io',
      name: 'acme/shop',
    });
    expect(parseRepository('127.0.0.1:5000/demo/app')).toMatchObject({
      registry: '127.0.0.1:5000',
      name: 'demo/app',
    });
    expect(parseRepository('localhost/app')).toMatchObject({ registry: 'localhost', name: 'app' });
    expect(parseRepository('acme/shop')).toMatchObject({
      registry: 'docker.io',
      apiHost: 'registry-1.docker.io',
      name: 'acme/shop',
      full: 'docker.io/acme/shop',
    });
    expect(parseRepository('nginx')).toMatchObject({ name: 'library/nginx' });
  });

  it('refuses a tag, a digest or an invalid name, naming the field', () => {
    for (const bad of [
      'ghcr.io/acme/shop:1.0',
      'ghcr.io/acme/shop@sha256:abc',
      'ghcr.io/Acme/Shop',
    ])
      expect(() => parseRepository(bad)).toThrow(/repository/);
    expect(() => checkTag('-bad')).toThrow(/not a valid tag/);
    expect(checkTag('v1.2.3')).toBe('v1.2.3');
  });
});

describe('parseChallenge', () => {
  it('reads Bearer realm, service and a scope with commas', () => {
    expect(
      parseChallenge(
        'Bearer realm="https://ghcr.io/token",service="ghcr.io",scope="repository:acme/shop:pull,push"',
      ),
    ).toEqual({
      scheme: 'bearer',
      params: {
        realm: 'https://ghcr.io/token',
        service: 'ghcr.io',
        scope: 'repository:acme/shop:pull,push',
      },
    });
    expect(parseChallenge('Basic realm="Registry Realm"')).toEqual({
      scheme: 'basic',
      params: { realm: 'Registry Realm' },
    });
    expect(parseChallenge('Negotiate abc')).toBeUndefined();
    expect(parseChallenge(null)).toBeUndefined();
  });
});

describe('ociLabels', () => {
  it('source, revision, created in RFC 3339 UTC to the second, and the version when given', () => {
    expect(
      ociLabels({
        repoUrl: 'https://github.com/acme/shop',
        sha: 'abc',
        created: new Date('2026-03-04T05:06:07.890Z'),
        version: 'v1',
      }),
    ).toEqual({
      'org.opencontainers.image.source': 'https://github.com/acme/shop',
      'org.opencontainers.image.revision': 'abc',
      'org.opencontainers.image.created': '2026-03-04T05:06:07Z',
      'org.opencontainers.image.version': 'v1',
    });
    expect(() => ociLabels({ repoUrl: 'x', sha: 'y', created: 'yesterday' })).toThrow(/not a date/);
  });
});

describe('pushFailed', () => {
  const tail = ['Error: ...'];
  it.each([
    ['unauthorized: authentication required', 'REGISTRY_DENIED'],
    ['denied: requested access to the resource is denied', 'REGISTRY_DENIED'],
    ['dial tcp 127.0.0.1:1: connect: connection refused', 'REGISTRY_UNREACHABLE'],
    ['lookup nope.example: no such host', 'REGISTRY_UNREACHABLE'],
    ['http: server gave HTTP response to HTTPS client', 'REGISTRY_ERROR'],
    ['x509: certificate signed by unknown authority', 'REGISTRY_ERROR'],
    ['something else entirely', 'REGISTRY_ERROR'],
  ])('%s → %s', (stderr, code) => {
    expect(pushFailed('ghcr.io', stderr, tail, 125).code).toBe(code);
  });
});
