/**
 * The JSON Schema of cutover.yaml, generated from the zod schema (its input side: what a
 * user writes, with defaults optional). Editors use it for completion and checks as you type;
 * `schema/cutover.schema.json` is this function's output (scripts/export-schema.ts writes it,
 * a unit test fails when it is stale).
 */
import * as z from 'zod';
import { configDocs, configObjectSchema } from './schema/index.ts';

export const SCHEMA_FILE = 'schema/cutover.schema.json';

export function configJsonSchema(): Record<string, unknown> {
  const generated = z.toJSONSchema(configObjectSchema, {
    io: 'input',
    // Draft 7: the draft editors' YAML language servers support best.
    target: 'draft-07',
    metadata: configDocs,
    unrepresentable: 'any',
  }) as Record<string, unknown>;
  const { $schema, ...rest } = generated;
  return {
    $schema,
    title: 'cutover.yaml',
    description:
      'Configuration of cutover: multi-tenant blue/green deploys on Kubernetes, ring by ring.',
    ...rest,
  };
}

/** The file's text: stable key order, two-space indent, final newline. */
export function configJsonSchemaText(): string {
  return `${JSON.stringify(configJsonSchema(), null, 2)}\n`;
}
