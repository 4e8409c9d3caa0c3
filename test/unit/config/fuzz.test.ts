import { describe, expect, test } from '@jest/globals';
import fc from 'fast-check';
import { parse, stringify } from 'yaml';
import { parseConfig } from '../../../src/config/index.ts';
import { CutoverError } from '../../../src/errors.ts';
import { BASE } from './fixtures.ts';

/**
 * Whatever the text, the loader either returns a config or throws a CutoverError with a
 * config code whose every detail has a message and (but for the overflow line) a location
 * inside the file.
 */
function check(text: string): boolean {
  try {
    const { config } = parseConfig(text, 'fuzz.yaml');
    expect(config.version).toBe(1);
    expect(config.rings.length).toBeGreaterThan(0);
    return true;
  } catch (e) {
    if (!(e instanceof CutoverError)) {
      throw new Error(
        `not a CutoverError for ${JSON.stringify(text).slice(0, 300)}: ${String(e)}`,
        {
          cause: e,
        },
      );
    }
    expect(['CONFIG_PARSE', 'CONFIG_INVALID']).toContain(e.code);
    expect(e.details.length).toBeGreaterThan(0);
    const lines = text.split(/\r\n|\r|\n/).length;
    for (const d of e.details) {
      expect(typeof d.message).toBe('string');
      expect(d.message.length).toBeGreaterThan(0);
      if (d.location) {
        expect(d.location.file).toBe('fuzz.yaml');
        expect(d.location.line).toBeGreaterThanOrEqual(1);
        expect(d.location.line).toBeLessThanOrEqual(lines + 1);
        expect(d.location.column).toBeGreaterThanOrEqual(1);
      }
    }
    expect(typeof e.format()).toBe('string');
    return false;
  }
}

const baseValue = parse(BASE) as Record<string, unknown>;

/** A path into the base config: existing keys and indexes, or one new key at the end. */
function paths(value: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  const out: (string | number)[][] = [prefix];
  if (Array.isArray(value)) value.forEach((v, i) => out.push(...paths(v, [...prefix, i])));
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) out.push(...paths(v, [...prefix, k]));
  }
  return out;
}
const basePaths = paths(baseValue).filter((p) => p.length > 0);

function setAt(root: unknown, path: (string | number)[], value: unknown): unknown {
  const copy = structuredClone(root) as Record<string | number, unknown>;
  let cur = copy;
  for (const seg of path.slice(0, -1)) cur = cur[seg] as Record<string | number, unknown>;
  cur[path.at(-1)!] = value;
  return copy;
}

// prettier-ignore
const yamlTokens = fc.constantFrom(
  '- ', ': ', '{', '}', '[', ']', ', ', '&a ', '*a', '<<: ', '\n', '  ', '---\n', '...\n',
  '!!str ', '!tag ', '"', "'", '# c', '|\n', '>-\n', '? ', 'version', '1', 'app', 'tenants',
  'rings', 'name', '%YAML 1.2\n', '\t', 'null', '~', '0x1F', '.inf', '1e309', '__proto__',
);

const settings = { numRuns: 300 };

describe('the loader never throws anything but a CutoverError', () => {
  test('random strings', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (s) => void check(s)),
      settings,
    );
  });

  test('random unicode text, including control characters and surrogates', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (s) => void check(s)),
      settings,
    );
  });

  test('strings made of YAML syntax', () => {
    fc.assert(
      fc.property(fc.array(yamlTokens, { maxLength: 40 }), (parts) => void check(parts.join(''))),
      settings,
    );
  });

  test('random values written as YAML', () => {
    fc.assert(
      fc.property(fc.anything({ withNullPrototype: true, withBoxedValues: false }), (v) => {
        const text = stringify(v) as string | undefined;
        if (typeof text === 'string') check(text);
      }),
      settings,
    );
  });

  test('the valid config with a random value at a random place', () => {
    fc.assert(
      fc.property(fc.constantFrom(...basePaths), fc.jsonValue({ maxDepth: 3 }), (path, value) => {
        check(stringify(setAt(baseValue, path, value)));
      }),
      { numRuns: 300 },
    );
  });

  test('the valid config with random lines removed, repeated or changed', () => {
    const lines = BASE.split('\n');
    const mutation = fc.oneof(
      fc.record({ op: fc.constant('drop' as const), at: fc.nat(lines.length - 1) }),
      fc.record({ op: fc.constant('dup' as const), at: fc.nat(lines.length - 1) }),
      fc.record({
        op: fc.constant('set' as const),
        at: fc.nat(lines.length - 1),
        text: fc.oneof(fc.string({ maxLength: 30 }), yamlTokens),
      }),
    );
    fc.assert(
      fc.property(fc.array(mutation, { minLength: 1, maxLength: 4 }), (mutations) => {
        const out = [...lines];
        for (const m of mutations) {
          const at = Math.min(m.at, out.length - 1);
          if (m.op === 'drop') out.splice(at, 1);
          else if (m.op === 'dup') out.splice(at, 0, out[at]!);
          else out[at] = `${out[at]!.slice(0, out[at]!.length >> 1)}${m.text}`;
        }
        check(out.join('\n'));
      }),
      { numRuns: 300 },
    );
  });

  test('deeply nested input', () => {
    for (const text of [
      '['.repeat(5000),
      '{a: '.repeat(3000),
      '- '.repeat(3000) + 'x',
      'a:\n'.repeat(1) + ' '.repeat(2) + '- '.repeat(2000),
    ]) {
      check(text);
    }
  });
});
