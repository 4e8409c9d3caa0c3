import { CutoverError, type ErrorDetail } from '../errors.ts';

/**
 * One declaration per action input: the action.yml files are generated from these, and
 * every value is checked here, before any heavy module loads or any work starts.
 */
export type InputDef =
  | { type: 'string'; description: string; required?: boolean; default?: string; secret?: boolean }
  | { type: 'boolean'; description: string; required?: boolean; default?: string }
  | {
      type: 'integer';
      description: string;
      required?: boolean;
      default?: string;
      min?: number;
      max?: number;
    }
  | {
      type: 'enum';
      description: string;
      values: readonly string[];
      required?: boolean;
      default?: string;
    };

export type InputSpec = Record<string, InputDef>;

type ValueOf<D extends InputDef> = D extends { type: 'boolean' }
  ? boolean
  : D extends { type: 'integer' }
    ? number
    : D extends { type: 'enum'; values: readonly (infer V)[] }
      ? V
      : string;

type Present<D extends InputDef> = D extends { required: true }
  ? true
  : D extends { default: string }
    ? true
    : false;

export type InputValues<S extends InputSpec> = {
  [K in keyof S]: Present<S[K]> extends true ? ValueOf<S[K]> : ValueOf<S[K]> | undefined;
};

export type InputReader = (name: string) => string;

const TRUE = ['true', 'True', 'TRUE'];
const FALSE = ['false', 'False', 'FALSE'];

/** Reads and checks every input of a spec; throws one CutoverError listing all bad inputs. */
export function readInputs<S extends InputSpec>(spec: S, read: InputReader): InputValues<S> {
  const values: Record<string, unknown> = {};
  const missing: ErrorDetail[] = [];
  const invalid: ErrorDetail[] = [];
  for (const [name, def] of Object.entries(spec)) {
    const raw = (read(name) ?? '').trim() || def.default || '';
    if (raw === '') {
      if (def.required) {
        missing.push({
          path: name,
          message: `input \`${name}\` is required: ${def.description}`,
          hint: `add \`with: { ${name}: ... }\` to the step`,
        });
      }
      values[name] = undefined;
      continue;
    }
    const parsed = parseInput(name, def, raw);
    if ('error' in parsed) invalid.push(parsed.error);
    else values[name] = parsed.value;
  }
  if (missing.length > 0 || invalid.length > 0) {
    const details = [...missing, ...invalid];
    const code = missing.length > 0 ? 'INPUT_MISSING' : 'INPUT_INVALID';
    const first = details[0]!;
    const summary =
      details.length === 1 ? first.message : `${details.length} inputs are missing or invalid`;
    throw new CutoverError(code, summary, { details });
  }
  return values as InputValues<S>;
}

function parseInput(
  name: string,
  def: InputDef,
  raw: string,
): { value: unknown } | { error: ErrorDetail } {
  const bad = (expected: string, hint?: string) => ({
    error: {
      path: name,
      message: `input \`${name}\`: expected ${expected}, found ${JSON.stringify(raw)}`,
      ...(hint ? { hint } : {}),
    },
  });
  switch (def.type) {
    case 'string':
      return { value: raw };
    case 'boolean':
      if (TRUE.includes(raw)) return { value: true };
      if (FALSE.includes(raw)) return { value: false };
      return bad('true or false', 'YAML 1.2 core booleans only: `true` or `false`');
    case 'integer': {
      if (!/^-?\d+$/.test(raw)) return bad('a whole number');
      const n = Number(raw);
      if (def.min !== undefined && n < def.min) return bad(`a whole number >= ${def.min}`);
      if (def.max !== undefined && n > def.max) return bad(`a whole number <= ${def.max}`);
      return { value: n };
    }
    case 'enum':
      if (def.values.includes(raw)) return { value: raw };
      return bad(`one of ${def.values.map((v) => `\`${v}\``).join(', ')}`);
  }
}
