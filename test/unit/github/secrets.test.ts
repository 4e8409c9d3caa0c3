import { secretParts } from '../../../src/github/secrets.ts';

describe('secretParts', () => {
  it('masks the whole value and each credential field of a kubeconfig', () => {
    const kubeconfig = [
      'apiVersion: v1',
      'users:',
      '- name: admin',
      '  user:',
      '    token: abcdefgh12345678',
      '    client-key-data: "LS0tLS1CRUdJTiBQUklWQVRF"',
      'clusters:',
      '- cluster: { server: https://1.2.3.4 }',
    ].join('\n');
    expect(secretParts(kubeconfig)).toEqual([
      kubeconfig,
      'abcdefgh12345678',
      'LS0tLS1CRUdJTiBQUklWQVRF',
    ]);
  });

  it('keeps a plain secret whole and ignores an empty one', () => {
    expect(secretParts(' s3cret-value ')).toEqual(['s3cret-value']);
    expect(secretParts('')).toEqual([]);
  });
});
