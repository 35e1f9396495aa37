import type { ClassifyContext, Classified } from '../core/classify-base.js';
import type { DesiredStepOf, StepKind } from '../core/kind-map.js';
import type { LiveResource } from '../core/plan-types.js';
import { kindOf } from '../kinds/registry.js';

/**
 * The action for one desired step against what the reader found (`live` undefined: it does not exist), with the
 * field changes, row counts, scorer set changes or trace counts that explain it. Each kind classifies its own
 * steps (src/kinds/<kind>/kind.ts): e.g. scorer version fields → new-version, shell fields → update; dataset
 * rows → new-version; template text or settings → new-version; experiment inputs → replace.
 */
export function classifyChange<K extends StepKind>(step: DesiredStepOf<K>, live: LiveResource | undefined, ctx: ClassifyContext = {}): Classified {
  const base: Classified = {
    address: step.address,
    kind: step.kind,
    action: 'no-op',
    name: step.name,
    ...(step.project === undefined ? {} : { project: step.project }),
    ...(live === undefined ? {} : { id: live.id }),
    fields: [],
  };
  return kindOf<K>(step.kind).classify(step, live, ctx, base);
}
