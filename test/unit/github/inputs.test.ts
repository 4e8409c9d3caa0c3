import { readInputs, type InputSpec } from '../../../src/github/inputs.ts';
import { CutoverError } from '../../../src/errors.ts';

const spec = {
  config: { type: 'string', description: 'config file', default: 'cutover.yaml' },
  token: { type: 'string', description: 'a token', required: true, secret: true },
  dryRun: { type: 'boolean', description: 'plan only', default: 'false' },
  concurrency: { type: 'integer', description: 'parallel tenants', default: '4', min: 1, max: 64 },
  method: { type: 'enum', description: 'routing', values: ['service', 'gateway-api'] },
} as const satisfies InputSpec;

const reader = (values: Record<string, string>) => (name: string) => values[name] ?? '';

function failure(values: Record<string, string>): CutoverError {
  try {
    readInputs(spec, reader(values));
  } catch (e) {
    if (e instanceof CutoverError) return e;
    throw e;
  }
  throw new Error('expected readInputs to throw');
}

describe('readInputs', () => {
  it('applies defaults and converts types', () => {
    const v = readInputs(spec, reader({ token: 't' }));
    expect(v).toEqual({
      config: 'cutover.yaml',
      token: 't',
      dryRun: false,
      concurrency: 4,
      method: undefined,
    });
  });

  it('parses booleans, integers and enums', () => {
    const v = readInputs(
      spec,
      reader({ token: 't', dryRun: 'True', concurrency: ' 16 ', method: 'gateway-api' }),
    );
    expect(v.dryRun).toBe(true);
    expect(v.concurrency).toBe(16);
    expect(v.method).toBe('gateway-api');
  });

  it('names a missing required input with its description and the fix', () => {
    const e = failure({});
    expect(e.code).toBe('INPUT_MISSING');
    expect(e.details[0]).toMatchObject({ path: 'token', hint: expect.stringContaining('with:') });
    expect(e.message).toContain('`token` is required');
  });

  it.each([
    ['dryRun', 'yes', 'true or false'],
    ['concurrency', 'four', 'a whole number'],
    ['concurrency', '0', '>= 1'],
    ['concurrency', '65', '<= 64'],
    ['concurrency', '1.5', 'a whole number'],
    ['method', 'istio-ish', 'one of `service`, `gateway-api`'],
  ])('rejects %s=%s, expecting %s', (name, value, expected) => {
    const e = failure({ token: 't', [name]: value });
    expect(e.code).toBe('INPUT_INVALID');
    expect(e.details).toHaveLength(1);
    expect(e.details[0]!.path).toBe(name);
    expect(e.details[0]!.message).toContain(expected);
    expect(e.details[0]!.message).toContain(JSON.stringify(value));
  });

  it('reports every bad input at once', () => {
    const e = failure({ dryRun: 'maybe', concurrency: 'x' });
    expect(e.details.map((d) => d.path)).toEqual(['token', 'dryRun', 'concurrency']);
    expect(e.message).toBe('3 inputs are missing or invalid');
  });
});
