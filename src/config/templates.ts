/**
 * The small templates of cutover.yaml: `isolation.namespaceTemplate` and `routing.host`,
 * with the placeholders `{app}`, `{tenant}` and `{ring}`.
 */
export const TEMPLATE_PLACEHOLDERS = ['app', 'tenant', 'ring'] as const;
export type TemplateValues = Record<(typeof TEMPLATE_PLACEHOLDERS)[number], string>;

/** Why a template is malformed (unknown placeholder, stray brace), or undefined. */
export function templateProblem(template: string): string | undefined {
  const stripped = template.replace(/\{(app|tenant|ring)\}/g, '');
  const unknown = /\{([^{}]*)\}/.exec(stripped);
  if (unknown) {
    return `unknown placeholder \`{${unknown[1]}}\`; the placeholders are {app}, {tenant} and {ring}`;
  }
  if (/[{}]/.test(stripped)) return 'it has an unmatched `{` or `}`';
  return undefined;
}

export function renderTemplate(template: string, values: TemplateValues): string {
  return template.replace(/\{(app|tenant|ring)\}/g, (_, k: keyof TemplateValues) => values[k]);
}
