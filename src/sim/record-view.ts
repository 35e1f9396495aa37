import { columnValue } from './log-search.js';
import type { Obj, RunRec, TraceRec } from './types.js';

/** Fields every log record carries (the SDK's schemas require them even when empty). */
const RECORD_DEFAULTS: Obj = {
  annotations: {}, file_ids: [], file_modalities: [], annotation_aggregates: {}, annotation_agreement: {},
  annotation_queue_ids: [], feedback_rating_info: {},
};

/** A trace as a log record (`ExtendedTraceRecord` [SPEC]); metric_info / metrics merged in. */
export function traceRecordView(t: TraceRec, includeCounts = false): Obj {
  const rec: Obj = { ...RECORD_DEFAULTS, ...t.record, metrics: { ...(t.record['metrics'] as Obj | undefined), ...t.metrics }, metric_info: t.metric_info };
  if (includeCounts) rec['num_spans'] = countSpans(t.spans);
  return rec;
}

/** A trace with its span tree (`ExtendedTraceRecordWithChildren` [SPEC]). */
export function traceWithChildren(t: TraceRec): Obj {
  return { ...traceRecordView(t), spans: t.spans.map(spanWithChildren) };
}

function spanWithChildren(s: Obj): Obj {
  const children = Array.isArray(s['spans']) ? (s['spans'] as Obj[]) : [];
  return { ...RECORD_DEFAULTS, ...s, spans: children.map(spanWithChildren) };
}

/** A span as a flat record (no children). */
export function spanRecordView(s: Obj): Obj {
  const { spans: _children, ...rest } = s;
  return { ...RECORD_DEFAULTS, ...rest };
}

export function countSpans(spans: Obj[]): number {
  let n = 0;
  for (const s of spans) {
    n++;
    if (Array.isArray(s['spans'])) n += countSpans(s['spans'] as Obj[]);
  }
  return n;
}

export function allSpans(run: RunRec): Obj[] {
  const out: Obj[] = [];
  const walk = (spans: Obj[]): void => {
    for (const s of spans) {
      out.push(s);
      if (Array.isArray(s['spans'])) walk(s['spans'] as Obj[]);
    }
  };
  for (const t of run.traces.values()) walk(t.spans);
  return out;
}

/** A column of a stored trace, without building its record view (filters and sorts over many traces). */
export function traceColumn(t: TraceRec, column: string): unknown {
  if (column.startsWith('metrics/')) {
    const name = column.slice('metrics/'.length);
    const info = t.metric_info[name];
    if (info !== undefined) return info['status_type'] === 'success' ? info['value'] : undefined;
    return t.metrics[name] ?? (t.record['metrics'] as Obj | undefined)?.[name];
  }
  if (column === 'metric_info') return t.metric_info;
  return columnValue(t.record, column);
}
