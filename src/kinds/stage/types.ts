import type { DesiredBase } from '../../core/desired-types.js';

/** One rule of a ruleset [SPEC Rule]: `metric operator target_value`. */
export interface StageRule {
  metric: string;
  operator: string;
  target_value: string | number | unknown[] | null;
}

/** What a ruleset does when all its rules are met [SPEC OverrideAction, PassthroughAction]. */
export interface StageAction {
  type: 'OVERRIDE' | 'PASSTHROUGH';
  choices?: string[];
  subscriptions?: { url: string; statuses?: string[] }[];
}

/** A ruleset as the manifest writes it and Galileo takes it [SPEC Ruleset]. */
export interface StageRuleset {
  description?: string;
  rules: StageRule[];
  action?: StageAction;
}

/** `projects.<p>.stages.<key>`: a Protect stage. */
export interface DesiredStage extends DesiredBase {
  kind: 'stage';
  project: string;
  description?: string;
  /** `local` or `central`: set when the stage is made (Galileo has no route to change it) */
  type?: 'local' | 'central';
  paused: boolean;
  /** undefined: galctl leaves the stage's rulesets alone (an exported stage: Galileo cannot read them back) */
  rulesets?: StageRuleset[];
}

/**
 * A stage as compared. `rulesets` is a digest: Galileo's answers carry no rulesets, so the live side is what
 * galctl last applied (recorded with its inventory row), or words saying why that is not known.
 */
export interface StageState {
  name: string;
  description?: string | null;
  type?: 'local' | 'central';
  paused: boolean;
  rulesets?: string;
}

declare module '../../core/kind-map.js' {
  interface KindMap {
    /** `version`: the stage's version now; `applied`: the digest galctl recorded for it (undefined: none) */
    stage: { resource: DesiredStage; state: StageState; refs: { projectId: string; stageVersion: number | null } };
  }
}
