/**
 * A request path with every interpolated value escaped as one path segment: apiPath`/projects/${id}/templates`.
 * Ids come from the API (or a saved plan): one carrying `/`, `?`, `#` or `..` must not reach another route.
 */
export function apiPath(strings: TemplateStringsArray, ...values: (string | number)[]): string {
  let out = strings[0] ?? '';
  values.forEach((v, i) => {
    out += encodeURIComponent(String(v)) + (strings[i + 1] ?? '');
  });
  return out;
}
