/**
 * A small JSON Schema (draft 7) checker for the keywords the exported schema uses, so tests
 * can check that the examples validate against `schema/cutover.schema.json` the way an
 * editor would. An unsupported keyword is an error, so the checker never passes by ignoring.
 */
type Json = unknown;
type JsonSchema = Record<string, unknown>;

const ANNOTATIONS = new Set(['$schema', 'title', 'description', 'default', 'format', 'examples']);
const SUPPORTED = new Set([
  'type',
  'const',
  'enum',
  'pattern',
  'minLength',
  'maxLength',
  'minimum',
  'maximum',
  'exclusiveMinimum',
  'exclusiveMaximum',
  'properties',
  'required',
  'additionalProperties',
  'propertyNames',
  'items',
  'minItems',
  'maxItems',
  'anyOf',
  'oneOf',
  'allOf',
]);

function typeOf(v: Json): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
  return typeof v;
}

function typeMatches(v: Json, type: string): boolean {
  const t = typeOf(v);
  return t === type || (type === 'number' && t === 'integer');
}

/** Problems of `value` against `schema`, as `path: message` lines (empty when valid). */
export function validate(schema: JsonSchema, value: Json, path = '$'): string[] {
  const errors: string[] = [];
  for (const key of Object.keys(schema)) {
    if (!ANNOTATIONS.has(key) && !SUPPORTED.has(key))
      errors.push(`${path}: unsupported keyword ${key}`);
  }
  const s = schema as Record<string, never>;
  if (s.type !== undefined) {
    const types: string[] = Array.isArray(s.type) ? s.type : [s.type];
    if (!types.some((t) => typeMatches(value, t))) {
      return [...errors, `${path}: expected type ${types.join('|')}, found ${typeOf(value)}`];
    }
  }
  if ('const' in schema && JSON.stringify(value) !== JSON.stringify(schema.const)) {
    errors.push(`${path}: expected const ${JSON.stringify(schema.const)}`);
  }
  if (
    Array.isArray(schema.enum) &&
    !schema.enum.some((e) => JSON.stringify(e) === JSON.stringify(value))
  ) {
    errors.push(`${path}: not in enum`);
  }
  if (typeof value === 'string') {
    if (typeof s.pattern === 'string' && !new RegExp(s.pattern).test(value)) {
      errors.push(`${path}: does not match ${s.pattern}`);
    }
    const length = [...value].length;
    if (typeof s.minLength === 'number' && length < s.minLength) errors.push(`${path}: too short`);
    if (typeof s.maxLength === 'number' && length > s.maxLength) errors.push(`${path}: too long`);
  }
  if (typeof value === 'number') {
    if (typeof s.minimum === 'number' && value < s.minimum) errors.push(`${path}: below minimum`);
    if (typeof s.maximum === 'number' && value > s.maximum) errors.push(`${path}: above maximum`);
    if (typeof s.exclusiveMinimum === 'number' && value <= s.exclusiveMinimum)
      errors.push(`${path}: not above exclusiveMinimum`);
    if (typeof s.exclusiveMaximum === 'number' && value >= s.exclusiveMaximum)
      errors.push(`${path}: not below exclusiveMaximum`);
  }
  if (typeOf(value) === 'object') {
    const obj = value as Record<string, Json>;
    const props = (schema.properties ?? {}) as Record<string, JsonSchema>;
    for (const r of (schema.required ?? []) as string[]) {
      if (!(r in obj)) errors.push(`${path}: missing ${r}`);
    }
    for (const [k, v] of Object.entries(obj)) {
      if (props[k]) errors.push(...validate(props[k], v, `${path}.${k}`));
      else if (schema.additionalProperties === false) errors.push(`${path}: unknown key ${k}`);
      else if (typeof schema.additionalProperties === 'object') {
        errors.push(...validate(schema.additionalProperties as JsonSchema, v, `${path}.${k}`));
      }
      if (schema.propertyNames)
        errors.push(...validate(schema.propertyNames as JsonSchema, k, `${path}[key ${k}]`));
    }
  }
  if (Array.isArray(value)) {
    if (typeof s.minItems === 'number' && value.length < s.minItems)
      errors.push(`${path}: too few items`);
    if (typeof s.maxItems === 'number' && value.length > s.maxItems)
      errors.push(`${path}: too many items`);
    if (schema.items)
      value.forEach((v, i) =>
        errors.push(...validate(schema.items as JsonSchema, v, `${path}[${i}]`)),
      );
  }
  if (Array.isArray(schema.anyOf)) {
    const ok = (schema.anyOf as JsonSchema[]).some((o) => validate(o, value, path).length === 0);
    if (!ok) errors.push(`${path}: matches none of anyOf`);
  }
  if (Array.isArray(schema.oneOf)) {
    const n = (schema.oneOf as JsonSchema[]).filter(
      (o) => validate(o, value, path).length === 0,
    ).length;
    if (n !== 1) errors.push(`${path}: matches ${n} of oneOf, expected exactly 1`);
  }
  if (Array.isArray(schema.allOf)) {
    for (const o of schema.allOf as JsonSchema[]) errors.push(...validate(o, value, path));
  }
  return errors;
}
