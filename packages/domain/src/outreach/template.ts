/**
 * Message templates for what kefu sends to shoppers first (notifications, care, surveys …): plain text with
 * `{{name}}` variables. A variable the sender does not supply is an error, never an empty gap in a message a
 * shopper reads; a template is checked against the variables its purpose offers when it is saved.
 */

const VARIABLE = /\{\{\s*([A-Za-z][A-Za-z0-9_]*)\s*\}\}/g;
/** Braces that are not a well-formed variable: `{{ }}`, `{{1x}}`, an unclosed `{{name`. */
const STRAY = /\{\{(?!\s*[A-Za-z][A-Za-z0-9_]*\s*\}\})|(?<!\{\{\s*[A-Za-z][A-Za-z0-9_]*\s*)\}\}/;

export class TemplateError extends Error {
  constructor(
    readonly code: 'missing_variable' | 'unknown_variable' | 'malformed',
    readonly variable: string | null,
    message: string,
  ) {
    super(message);
    this.name = 'TemplateError';
  }
}

/** The variables a template uses, each once, in order of first use. */
export function templateVariables(text: string): string[] {
  return [...new Set([...text.matchAll(VARIABLE)].map((m) => m[1]!))];
}

/** The text with each `{{name}}` replaced; throws `TemplateError('missing_variable')` for one not in `vars`. */
export function renderTemplate(text: string, vars: Readonly<Record<string, string | number | null | undefined>>): string {
  return text.replace(VARIABLE, (_, name: string) => {
    const value = Object.hasOwn(vars, name) ? vars[name] : undefined;
    if (value === undefined || value === null) throw new TemplateError('missing_variable', name, `no value for {{${name}}}`);
    return String(value);
  });
}

/**
 * Save-time check: the template is well formed and uses only `allowed` variables. Returns the problem, or null
 * when the template is fine (callers turn it into a 400 naming the field).
 */
export function validateTemplate(text: string, allowed: readonly string[]): TemplateError | null {
  if (STRAY.test(text)) return new TemplateError('malformed', null, 'a {{variable}} is not closed or has no valid name');
  const unknown = templateVariables(text).find((v) => !allowed.includes(v));
  if (unknown)
    return new TemplateError('unknown_variable', unknown, `{{${unknown}}} is not available here (available: ${allowed.join(', ') || 'none'})`);
  return null;
}
