import { isRecord, mapEntries } from './manifest-v1.js';
import type { RuleIssue } from './rule-issue.js';
import type { DataPath } from './yaml-source.js';

/** What a threshold field measures, and so which scorer output types it fits. */
type Need = 'numeric' | 'boolean' | 'categorical' | 'scored';

/** Threshold field → what it needs of the scorer's output. */
const NEEDS: Record<string, Need> = {
  average: 'numeric',
  min: 'numeric',
  max: 'numeric',
  max_drop: 'numeric',
  share_true: 'boolean',
  categories: 'categorical',
  max_regressed_rows: 'scored',
};

/** llm scorer `output_type` → the needs it meets (boolean scores count as 0/1, so they have an average). */
const FITS: Record<string, readonly Need[]> = {
  boolean: ['numeric', 'boolean', 'scored'],
  percentage: ['numeric', 'scored'],
  count: ['numeric', 'scored'],
  discrete: ['numeric', 'scored'],
  categorical: ['categorical', 'scored'],
  multilabel: ['categorical'],
  boolean_multilabel: ['categorical'],
  retrieved_chunk_list_boolean: ['numeric', 'boolean', 'scored'],
  freeform: [],
};

/** Which fields suit an output type, for the hint. */
function fieldsFor(outputType: string): string[] {
  const fits = FITS[outputType] ?? [];
  return Object.keys(NEEDS).filter((f) => fits.includes(NEEDS[f] as Need));
}

/**
 * Every threshold field fits its scorer's output type (validate-time, located at the field): no `share_true` on a
 * percentage scorer, no `average` or `max_drop` on a categorical one, no `categories` on a numeric one. Checked
 * for the manifest's llm scorers (their `output_type`, default boolean); presets and code scorers are not typed
 * in the manifest and are left to `galctl check`, which reports a field it cannot measure.
 */
export function checkThresholds(data: Record<string, unknown>): RuleIssue[] {
  const issues: RuleIssue[] = [];
  const scorers = isRecord(data['scorers']) ? data['scorers'] : {};
  for (const [p, project] of mapEntries(data['projects'])) {
    for (const [k, exp] of mapEntries(project['experiments'])) {
      for (const [ref, threshold] of mapEntries(exp['thresholds'])) {
        const scorer = scorers[ref];
        if (!isRecord(scorer) || scorer['type'] !== 'llm') continue;
        const outputType = typeof scorer['output_type'] === 'string' ? scorer['output_type'] : 'boolean';
        const fits = FITS[outputType];
        if (fits === undefined) continue; // the schema reports an unknown output_type
        for (const field of Object.keys(threshold)) {
          const need = NEEDS[field];
          if (need === undefined || fits.includes(need)) continue;
          const path: DataPath = ['projects', p, 'experiments', k, 'thresholds', ref, field];
          const suitable = fieldsFor(outputType);
          issues.push({
            path,
            code: 'threshold-type',
            message: `threshold ${field} does not fit scorer "${ref}", whose output_type is ${outputType}`,
            hint: suitable.length === 0 ? `a ${outputType} scorer has no score to gate on; remove this threshold` : `use ${suitable.join(', ')} for a ${outputType} scorer`,
          });
        }
      }
    }
  }
  return issues;
}
