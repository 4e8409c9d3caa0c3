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

/** The placeholders of a health check's `query` and `url` templates. */
export const CHECK_PLACEHOLDERS = [
  'namespace',
  'tenant',
  'app',
  'color',
  'version',
  'host',
] as const;
export type CheckTemplateValues = Partial<Record<(typeof CHECK_PLACEHOLDERS)[number], string>>;
const CHECK_PLACEHOLDER = /\{([A-Za-z_][A-Za-z0-9_]*)\}/g;

/**
 * A placeholder a check's template does not know. Only `{word}` is a placeholder: PromQL's
 * own braces hold label matchers (`{code=~"5.."}`), which never look like that.
 */
export function checkTemplateProblem(template: string, field: 'query' | 'url'): string | undefined {
  const known: readonly string[] =
    field === 'url' ? CHECK_PLACEHOLDERS : CHECK_PLACEHOLDERS.filter((p) => p !== 'host');
  for (const [, name] of template.matchAll(CHECK_PLACEHOLDER))
    if (!known.includes(name!))
      return `unknown placeholder \`{${name}}\`; the placeholders are ${known.map((k) => `{${k}}`).join(', ')}`;
  return undefined;
}

export function renderCheckTemplate(template: string, values: CheckTemplateValues): string {
  return template.replace(
    CHECK_PLACEHOLDER,
    (whole, k: keyof CheckTemplateValues) => values[k] ?? whole,
  );
}
