/**
 * Galileo's stage answers carry no rulesets (`StageDB` has none), so galctl cannot read them back to compare. It
 * records, with the stage's inventory row, a digest of the rulesets it applied and the stage version that apply
 * made (`v<version> sha256:<hex>`). A plan compares the manifest's digest with that record; a stage whose version
 * moved since is one changed behind galctl's back.
 */
import { createHash } from 'node:crypto';
import { stableStringify } from '../../core/content-hash.js';
import type { StageRuleset } from './types.js';

/** The rulesets as Galileo takes them, defaults spelled out (no action: PASSTHROUGH; no description: none). */
export function canonicalRulesets(rulesets: readonly StageRuleset[]): StageRuleset[] {
  return rulesets.map((r) => ({
    ...(r.description === undefined ? {} : { description: r.description }),
    rules: r.rules.map((x) => ({ metric: x.metric, operator: x.operator, target_value: x.target_value })),
    action: { ...(r.action ?? {}), type: r.action?.type ?? 'PASSTHROUGH' },
  }));
}

/** `sha256:<12 hex>` of the canonical rulesets: what the plan compares. */
export function rulesetsDigest(rulesets: readonly StageRuleset[]): string {
  return `sha256:${createHash('sha256').update(stableStringify(canonicalRulesets(rulesets))).digest('hex').slice(0, 12)}`;
}

/** The inventory record of an apply: the digest it applied and the stage version that made. */
export const recordOf = (version: number | null | undefined, digest: string): string => `v${version ?? 0} ${digest}`;

/** What the stage's rulesets are, as far as galctl knows: the recorded digest when the stage is still at its version. */
export function liveRulesets(recorded: string | undefined, version: number | null | undefined): string {
  const m = /^v(\d+) (sha256:[0-9a-f]+)$/.exec(recorded ?? '');
  if (m === null) return 'not recorded by galctl';
  const applied = Number(m[1]);
  if ((version ?? 0) !== applied) return `changed outside galctl (version ${version ?? 0}; galctl applied version ${applied})`;
  return m[2]!;
}
