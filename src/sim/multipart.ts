import { invalid } from './http-error.js';
import type { RouteContext } from './router.js';

export interface FormFields {
  /** text fields (last value wins) */
  fields: Map<string, string>;
  /** file fields: name → { filename, text } */
  files: Map<string, { filename: string; text: string }>;
}

/** Parses a multipart/form-data (or urlencoded) body with the platform's own `Request.formData()`. */
export async function readForm(ctx: RouteContext): Promise<FormFields> {
  const ct = String(ctx.headers['content-type'] ?? '');
  if (!ct.startsWith('multipart/form-data') && !ct.startsWith('application/x-www-form-urlencoded')) {
    throw invalid(['body'], `Expected multipart/form-data, got '${ct || 'no content-type'}'`, 'value_error');
  }
  let form: FormData;
  try {
    form = await new Request('http://sim.local/', { method: 'POST', headers: { 'content-type': ct }, body: ctx.rawBody }).formData();
  } catch (err) {
    throw invalid(['body'], `There was an error parsing the body: ${(err as Error).message}`, 'value_error');
  }
  const fields = new Map<string, string>();
  const files = new Map<string, { filename: string; text: string }>();
  for (const [name, value] of form.entries()) {
    if (typeof value === 'string') fields.set(name, value);
    else files.set(name, { filename: (value as File).name, text: await (value as File).text() });
  }
  return { fields, files };
}

/** A form value that may be a bare string (`trace`), a JSON array text (`["trace"]`) or comma-separated. */
export function formStringList(raw: string | undefined): string[] | undefined {
  if (raw === undefined || raw === '') return undefined;
  const t = raw.trim();
  if (t.startsWith('[')) {
    try {
      const v = JSON.parse(t) as unknown;
      if (Array.isArray(v)) return v.map(String);
    } catch {
      /* fall through */
    }
  }
  return t.split(',').map((s) => s.trim()).filter((s) => s !== '');
}

export function formBool(raw: string | undefined, dflt: boolean): boolean {
  if (raw === undefined || raw === '') return dflt;
  return raw.toLowerCase() === 'true';
}
