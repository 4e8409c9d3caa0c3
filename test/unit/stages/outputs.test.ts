import { stages } from '../../../src/stages/catalog.ts';
import type { StageIO } from '../../../src/stages/io.ts';
import { provisionOutputs } from '../../../src/stages/output-specs.ts';
import { outputKindClashes, serializeOutput } from '../../../src/stages/outputs.ts';

describe('stage outputs', () => {
  it('are written by kind: counts and flags as text, JSON serialised once', () => {
    expect(serializeOutput({ kind: 'count', description: '' }, 3)).toBe('3');
    expect(serializeOutput({ kind: 'flag', description: '' }, false)).toBe('false');
    expect(serializeOutput({ kind: 'json', description: '' }, ['a'])).toBe('["a"]');
    expect(serializeOutput({ kind: 'text', description: '' }, 'x')).toBe('x');
    expect(() => serializeOutput({ kind: 'count', description: '' }, 1.5)).toThrow(/whole number/);
  });

  it('a name means one thing across stages: a count in one and a JSON list in another is refused', () => {
    const clashes = outputKindClashes([
      { name: 'validate', outputs: { tenants: { kind: 'count', description: '' } } },
      { name: 'provision-iac', outputs: { tenants: { kind: 'json', description: '' } } },
    ]);
    expect(clashes).toEqual([
      'output `tenants` is a count in validate but a json in provision-iac: rename one',
    ]);
  });

  it('the catalog has no clash', () => {
    expect(outputKindClashes(stages)).toEqual([]);
  });

  it('a stage can set only the outputs its catalog entry declares, with values of their kind', () => {
    const io = { setOutput: () => {} } as unknown as StageIO<typeof provisionOutputs>;
    io.setOutput('changes', 2);
    io.setOutput('drift', true);
    // @ts-expect-error: provision-iac declares no output `tenants` (tsc fails if it did)
    io.setOutput('tenants', 1);
    // @ts-expect-error: `changes` is a count, not text
    io.setOutput('changes', 'two');
    expect(Object.keys(provisionOutputs)).toContain('changes');
  });
});
