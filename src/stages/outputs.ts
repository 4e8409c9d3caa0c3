/**
 * A stage's outputs, declared once in the catalog: the action.yml files are generated from
 * these, the stage can set only these (the types say so), and each kind fixes how the value
 * is written, so an output name means one thing in every stage that sets it.
 */
export type OutputKind = 'count' | 'flag' | 'json' | 'text';

export interface OutputDef {
  kind: OutputKind;
  description: string;
}

export type OutputSpec = Record<string, OutputDef>;

interface KindValue {
  count: number;
  flag: boolean;
  json: unknown;
  text: string;
}

export type OutputValue<D extends OutputDef> = KindValue[D['kind']];

export type OutputValues<O extends OutputSpec> = { [K in keyof O]?: OutputValue<O[K]> };

/** The text a step output holds: numbers and flags as written, JSON serialised once here. */
export function serializeOutput(def: OutputDef, value: unknown): string {
  switch (def.kind) {
    case 'json':
      return JSON.stringify(value);
    case 'count':
      if (!Number.isInteger(value) || (value as number) < 0)
        throw new TypeError(`a count output must be a whole number >= 0, got ${String(value)}`);
      return String(value);
    case 'flag':
      return value ? 'true' : 'false';
    case 'text':
      return String(value);
  }
}

/**
 * Output names that two stages declare with different kinds (a count in one, a JSON list in
 * the other): a workflow reading `steps.x.outputs.<name>` must not have to know which stage
 * wrote it. The build fails on any.
 */
export function outputKindClashes(
  stages: readonly { name: string; outputs: OutputSpec }[],
): string[] {
  const first = new Map<string, { stage: string; kind: OutputKind }>();
  const clashes: string[] = [];
  for (const s of stages) {
    for (const [name, def] of Object.entries(s.outputs)) {
      const seen = first.get(name);
      if (!seen) first.set(name, { stage: s.name, kind: def.kind });
      else if (seen.kind !== def.kind)
        clashes.push(
          `output \`${name}\` is a ${seen.kind} in ${seen.stage} but a ${def.kind} in ${s.name}: rename one`,
        );
    }
  }
  return clashes;
}
