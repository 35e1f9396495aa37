/** One located problem in a manifest or a file it references. Rendered as `file:line:col: message` + hint. */
export interface Problem {
  /** path as the user should see it (relative to cwd when possible) */
  file: string;
  /** 1-based */
  line: number;
  /** 1-based */
  col: number;
  /** short kebab-case rule id, e.g. `dangling-ref`, `yaml-syntax`, `schema` */
  code: string;
  /** lowercase, names the bad value */
  message: string;
  /** what to change */
  hint?: string;
}
