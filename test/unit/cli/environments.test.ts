import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { cli, example } from './run-cli.ts';

describe('cutover --environment', () => {
  it('validate -e staging describes staging, and lists every environment', async () => {
    const r = await cli('validate', '-c', example, '-e', 'staging');
    expect(r.code).toBe(0);
    expect(r.out).toContain(
      'valid. Environment staging: app shop, 2 tenants (internal, acme) in rings canary → main.',
    );
    expect(r.out).toMatch(/staging\s+staging-eu-1\s+2 tenants \(internal, acme\)\s+canary, main/);
    expect(r.out).toMatch(/production\s+prod-eu-1\s+6 tenants/);

    const json = JSON.parse((await cli('validate', '-c', example, '--json')).out) as {
      tenants: number;
      environments: { name: string; tenants: number }[];
    };
    expect(json.tenants).toBe(6);
    expect(json.environments.map((e) => [e.name, e.tenants])).toEqual([
      ['staging', 2],
      ['production', 6],
    ]);
  });

  it('plan --environment staging plans the staging tenants with staging settings', async () => {
    const r = await cli('plan', '-c', example, '--environment', 'staging', '--json');
    expect(r.code).toBe(0);
    const { plan } = JSON.parse(r.out) as {
      plan: { rings: { name: string; tenants: { id: string }[] }[] };
    };
    expect(plan.rings.map((g) => [g.name, g.tenants.map((t) => t.id)])).toEqual([
      ['canary', ['internal']],
      ['main', ['acme']],
    ]);
    const text = await cli('plan', '-c', example, '-e', 'staging');
    expect(text.out).toContain('cutover plan: shop in staging');
    expect(text.out).toMatch(/1\. canary\s+internal\s+shop-internal/);
    expect(text.out).toMatch(/2\. main\s+acme\s+shop-acme/);
    expect(text.out).not.toContain('globex');
  });

  it('an unknown environment exits 2 and names the ones there are', async () => {
    const r = await cli('plan', '-c', example, '-e', 'stagin');
    expect(r.code).toBe(2);
    expect(r.err).toContain('CONFIG_UNKNOWN_ENVIRONMENT: environment `stagin` is not defined');
    expect(r.err).toContain('its environments are `staging`, `production`');
    expect(r.err).toContain('did you mean `staging`?');
  });

  it('a problem in an environment fails validate at its line, prefixed with the environment', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'cutover-cli-env-'));
    const text = (await readFile(example, 'utf8'))
      .replace('manifests: ./deploy', `manifests: ${resolve(example, '../deploy')}`)
      .replace(
        '{ id: acme, ring: main, tier: premium }',
        '{ id: acme, ring: mian, tier: premium }',
      );
    await writeFile(join(dir, 'cutover.yaml'), text);
    const lines = text.split('\n');
    const line = lines.findIndex((l) => l.includes('ring: mian')) + 1;
    const column = lines[line - 1]!.indexOf('mian') + 1;
    const r = await cli('validate', '-c', join(dir, 'cutover.yaml'));
    expect(r.code).toBe(2);
    expect(r.err).toContain(
      `cutover.yaml:${line}:${column}: environments.staging.tenants[1].ring: environment \`staging\`: expected the name of a ring (\`canary\`, \`main\`), found \`mian\``,
    );
    expect(r.err).toContain('(hint: did you mean `main`?)');
  });

  it('every command that reads the config takes -e', async () => {
    for (const c of [
      'validate',
      'plan',
      'provision',
      'deploy',
      'shift',
      'gate',
      'rollback',
      'package',
      'rollout',
    ]) {
      const r = await cli(c, '--help');
      expect([c, r.out]).toEqual([c, expect.stringContaining('-e, --environment NAME')]);
    }
  });
});
