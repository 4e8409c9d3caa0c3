/** An action's outputs, declared once: the action.yml files are generated from these. */
export type OutputSpec = Record<string, { description: string }>;
