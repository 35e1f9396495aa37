/**
 * `galctl check`: what is read from Galileo per experiment (CheckInput), and what evaluating the manifest's
 * thresholds against it gives (CheckReport). Both plain data; evaluation and rendering are pure.
 */
import type { Job } from '../galileo/types.js';
import type { RunComparison } from './compare-runs.js';
import type { Threshold } from '../core/desired-types.js';

/** One entry of `POST …/experiments/{id}/metrics` (`BucketedMetric`). */
export interface AggregateMetric {
  name: string;
  average?: number | null;
  buckets?: Record<string, number>;
  roll_up_method?: string | null;
  data_type?: string | null;
}

/** Per scorer name, what the experiment's traces show (read only when a threshold needs it). */
export interface TraceMetricStats {
  /** traces with a successful score */
  scored: number;
  /** traces whose `metric_info.<name>.status_type` is `pending` */
  pending: number;
  /** traces whose score is `status_type: "error"` (the scorer failed on them, e.g. a code scorer that raised) */
  errored?: number;
  /** the first such error's message */
  error?: string;
  /** lowest / highest numeric score (booleans count as 0/1) */
  min?: number;
  max?: number;
}

/** One threshold as declared: the scorer reference as written, the remote scorer (= metric) name, the limits. */
export interface DeclaredThreshold {
  /** `response-quality`, `preset:correctness` */
  ref: string;
  /** the name Galileo reports the metric under (the scorer's remote name, or the preset name) */
  metric: string;
  threshold: Threshold;
}

/** A run of a checked experiment, with its tags (`galctl:commit` names the commit that made it). */
export interface RunOfExperiment {
  id: string;
  name: string;
  created_at: string;
  tags: { key: string; value: string }[];
}

export interface CheckInput {
  /** `project.demo.experiment.nightly` */
  address: string;
  project: string;
  /** the current run's Galileo name: `<experiment> · <fingerprint of the manifest's inputs>` (issue 17) */
  name: string;
  thresholds: DeclaredThreshold[];
  /** every run of the experiment in Galileo (the current one too), newest first: the baselines it may be compared with */
  runs?: RunOfExperiment[];
  /** absent when the experiment does not exist in Galileo */
  live?: {
    id: string;
    /** the Galileo project's id */
    projectId?: string;
    metrics: AggregateMetric[];
    jobs: Job[];
    /** metric name → stats, when traces were read */
    traces?: Record<string, TraceMetricStats>;
  };
}

/** Which statistic a result is about. */
export type ThresholdField = 'average' | 'share_true' | 'min' | 'max' | 'category' | 'max_drop' | 'max_regressed_rows';

export interface ThresholdResult {
  experiment: string;
  scorer: string;
  metric: string;
  field: ThresholdField;
  /** for `category` */
  category?: string;
  /** canonical comparison, e.g. `>= 0.8` */
  threshold: string;
  /** the measured value; null when it could not be measured */
  value: number | null;
  passed: boolean;
  /** why it failed (not met, job error, metric missing, …), or a note on a passed relative gate ("no baseline yet") */
  message?: string;
}

export interface ExperimentSummary {
  address: string;
  project: string;
  name: string;
  id?: string;
  status: 'checked' | 'skipped' | 'not-found';
  /** for skipped / not-found */
  reason?: string;
}

export interface CheckReport {
  experiments: ExperimentSummary[];
  results: ThresholdResult[];
  summary: { thresholds: number; passed: number; failed: number; skipped_experiments: number };
  /** every threshold passed */
  ok: boolean;
  /** per experiment compared with a baseline run (or marked as having none), when a relative gate or --baseline asked for it */
  comparisons?: RunComparison[];
}
