import { writeFile, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cli, example } from './run-cli.ts';

describe('cutover CLI', () => {
  it('--help lists every command and the exit codes', async () => {
    const r = await cli('--help');
    expect(r.code).toBe(0);
    for (const c of ['validate', 'plan', 'provision', 'local']) expect(r.out).toContain(`  ${c}`);
    expect(r.out).toContain('Exit codes');
  });

  it('each command has --help', async () => {
    for (const c of ['validate', 'plan', 'provision', 'local']) {
      const r = await cli(c, '--help');
      expect(r.code).toBe(0);
      expect(r.out).toContain(`Usage: cutover ${c}`);
    }
  });

  it('no command, an unknown command, an unknown flag or a missing subcommand: usage, exit 2', async () => {
    expect((await cli()).code).toBe(2);
    const unknown = await cli('deploy-all');
    expect(unknown.code).toBe(2);
    expect(unknown.err).toContain('unknown command `deploy-all`');
    const flag = await cli('plan', '--colour');
    expect(flag.code).toBe(2);
    expect(flag.err).toContain("Unknown option '--colour'");
    const sub = await cli('local', 'sideways');
    expect(sub.code).toBe(2);
    expect(sub.err).toContain('expected one of up, down, env, status');
    // an unknown CRD set fails before any cluster starts
    const crds = await cli('local', 'up', '--name', 'never-started', '--crds', 'smi');
    expect(crds.code).toBe(2);
    expect(crds.err).toContain('--crds: unknown CRD set smi');
    expect(crds.err).toContain('known sets: gateway-api, istio, prometheus-operator');
  });

  it('validate and plan the example', async () => {
    expect((await cli('validate', '-c', example)).out).toContain('valid');
    const plan = await cli('plan', '-c', example, '--json', '--image', 'r/shop:9');
    expect(plan.code).toBe(0);
    // --json prints the stage's outputs, the same the action sets.
    const parsed = JSON.parse(plan.out) as {
      plan: { image: string; rings: { name: string }[] };
      tenants: number;
    };
    expect(parsed.plan.image).toBe('r/shop:9');
    expect(parsed.plan.rings.map((r) => r.name)).toEqual(['canary', 'early', 'main']);
    expect(parsed.tenants).toBeGreaterThan(0);
  });

  it('an invalid config exits 2 with file:line', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'cutover-cli-'));
    await writeFile(join(dir, 'c.yaml'), 'version: 1\napp: { name: Shop!, port: 1 }\n');
    const r = await cli('validate', '-c', join(dir, 'c.yaml'));
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/c\.yaml:2:\d+: app\.name/);
  });
});
