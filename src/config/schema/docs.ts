/**
 * The schema's documentation and hints: descriptions go to the JSON Schema (editor
 * tooltips), hints to the error a user sees.
 */
import * as z from 'zod';

/** Descriptions of the schema's parts, for the JSON Schema export. */
export const configDocs = z.registry<{ description?: string; title?: string }>();

/** A hint for a user whose value a part of the schema rejected; may look at the value. */
export type HintFn = (value: unknown) => string | undefined;
export const configHints = z.registry<{ hint: string | HintFn }>();

export function doc<T extends z.ZodType>(description: string, schema: T): T {
  configDocs.add(schema, { description });
  return schema;
}

export function withHint<T extends z.ZodType>(hint: string | HintFn, schema: T): T {
  configHints.add(schema, { hint });
  return schema;
}
