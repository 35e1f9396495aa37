import type { DataPath } from './yaml-source.js';

/** A problem found by a rule, located by manifest path (turned into line:col by parseManifest). */
export interface RuleIssue {
  path: DataPath;
  /** point at the key of `path` (default) or at its value */
  target?: 'key' | 'value';
  /** point at this text inside the value (e.g. the `{input}` of a template) */
  needle?: string;
  code: string;
  message: string;
  hint: string;
}
