import { describe, expect, test } from '@jest/globals';
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import {
  configJsonSchema,
  configJsonSchemaText,
  parseConfig,
  SCHEMA_FILE,
} from '../../../src/config/index.ts';
import { BASE, edit } from './fixtures.ts';
import { validate } from './json-schema-lite.ts';

const root = join(dirname(fileURLToPath(import.meta.url)), '../../..');
const examplesDir = join(root, 'examples');
// The top-level examples, and the example consumer repository's config.
const examples = [
  ...readdirSync(examplesDir).filter((f) => f.endsWith('.yaml')),
  'consumer/cutover.yaml',
];
const read = (f: string) => readFileSync(join(examplesDir, f), 'utf8');

describe('JSON Schema export', () => {
  test(`${SCHEMA_FILE} is up to date (regenerate: node scripts/export-schema.ts)`, () => {
    const committed = readFileSync(join(root, SCHEMA_FILE), 'utf8');
    expect(committed).toBe(configJsonSchemaText());
    expect(JSON.parse(committed)).toEqual(configJsonSchema());
  });

  test('describes the input side: defaults are optional, strict objects, durations as text', () => {
    const schema = configJsonSchema() as {
      $schema: string;
      required: string[];
      additionalProperties: boolean;
      properties: Record<string, { required?: string[]; properties?: Record<string, unknown> }>;
    };
    expect(schema.$schema).toBe('http://json-schema.org/draft-07/schema#');
    expect(schema.required).toEqual(['version', 'app', 'image', 'rings', 'tenants', 'isolation']);
    expect(schema.additionalProperties).toBe(false);
    expect(schema.properties.app!.required).toEqual(['name', 'port']);
    expect(schema.properties.health!.properties!.interval).toEqual(
      expect.objectContaining({ type: 'string', default: '10s' }),
    );
  });

  test('has a description for every top-level section', () => {
    const schema = configJsonSchema() as { properties: Record<string, { description?: string }> };
    for (const [key, prop] of Object.entries(schema.properties)) {
      expect([key, typeof prop.description]).toEqual([key, 'string']);
    }
  });

  test('accepts the test base config and rejects an unknown key, as an editor would', () => {
    const schema = configJsonSchema();
    expect(validate(schema, parse(BASE))).toEqual([]);
    expect(validate(schema, parse(edit({ after: 4, insert: '  replica: 3' })))).toContain(
      '$.app: unknown key replica',
    );
  });
});

describe('examples', () => {
  test('there are examples', () => {
    expect(examples).toEqual(expect.arrayContaining(['cutover.yaml', 'minimal.yaml']));
  });

  test.each(examples)('%s loads without problems', (file) => {
    const { config } = parseConfig(read(file), `examples/${file}`);
    expect(config.version).toBe(1);
  });

  test.each(examples)('%s validates against the JSON Schema', (file) => {
    expect(validate(configJsonSchema(), parse(read(file)))).toEqual([]);
  });

  test.each(examples)('%s points editors at the schema on its first line', (file) => {
    const up = '../'.repeat(file.split('/').length);
    expect(read(file).split('\n')[0]).toBe(
      `# yaml-language-server: $schema=${up}schema/cutover.schema.json`,
    );
  });

  test('cutover.yaml shows the whole surface', () => {
    const { config } = parseConfig(read('cutover.yaml'), 'examples/cutover.yaml');
    expect(config.rings.map((r) => r.name)).toEqual(['canary', 'early', 'main']);
    expect(config.tenants.length).toBeGreaterThanOrEqual(5);
    expect(Object.keys(config.isolation.tiers).length).toBeGreaterThanOrEqual(2);
    expect(config.routing).toEqual(
      expect.objectContaining({
        method: 'gateway-api',
        steps: [10, 50, 100],
        testerHeader: expect.any(Object),
      }),
    );
    expect(new Set(config.health.checks.map((c) => c.kind))).toEqual(
      new Set(['rollout', 'http', 'prometheus', 'compare', 'webhook']),
    );
  });
});
