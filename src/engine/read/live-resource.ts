import { GalctlError } from '../../core/errors.js';
import { fingerprintOf } from '../../core/fingerprint.js';
import type { Normalized } from '../normalize-live.js';
import type { LiveResource, ResourceState, StepKind } from '../../core/plan-types.js';

/** Builds a LiveResource with its fingerprint. */
export function liveResource<S extends ResourceState>(address: string, kind: StepKind, id: string, n: Normalized<S>): LiveResource<S> {
  return {
    address,
    kind,
    id,
    state: n.state,
    fingerprint: fingerprintOf(id, n.state, n.refs),
    refs: n.refs,
    ...(n.owned === undefined ? {} : { owned: n.owned }),
    ...(n.protected === undefined ? {} : { protected: n.protected }),
    ...(n.ownerStack === undefined ? {} : { ownerStack: n.ownerStack }),
    ...(n.unconfirmed === true ? { unconfirmed: true } : {}),
    ...(n.fromUnnamed === true ? { fromUnnamed: true } : {}),
  };
}

/**
 * findOne for many names over one list: the list is indexed by name once, each look-up then takes the objects of
 * that name only (1,000 scorers looked up in a list of 1,000 compared a million names).
 */
export function nameIndex<T extends { name: string; id: string }>(items: readonly T[]): (name: string, what: string, match?: (t: T) => boolean) => T | undefined {
  const byName = new Map<string, T[]>();
  for (const item of items) {
    const same = byName.get(item.name);
    if (same === undefined) byName.set(item.name, [item]);
    else same.push(item);
  }
  return (name, what, match) => findOne(byName.get(name) ?? [], name, what, match);
}

/** The one object with exactly this name, or undefined; two is an error (galctl could not tell which one is meant). */
export function findOne<T extends { name: string; id: string }>(items: readonly T[], name: string, what: string, match: (t: T) => boolean = () => true): T | undefined {
  const hits = items.filter((i) => i.name === name && match(i));
  if (hits.length > 1) {
    throw new GalctlError('ambiguous-live', `${hits.length} ${what}s in Galileo are named "${name}" (${hits.map((h) => h.id).join(', ')})`, {
      hint: `rename or delete all but one of them in Galileo, then run again`,
    });
  }
  return hits[0];
}

