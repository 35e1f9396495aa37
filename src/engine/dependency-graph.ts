import { kindRank } from '../kinds/registry.js';
import { GalctlError } from '../core/errors.js';
import type { StepKind } from '../core/plan-types.js';

export interface GraphNode {
  address: string;
  kind: StepKind;
  /** addresses that must come first; addresses not among the nodes are ignored */
  dependsOn: string[];
}


/** Tie-break between independent nodes: the registry's order of kinds, then the address. */
function before(a: GraphNode, b: GraphNode): boolean {
  const ra = kindRank(a.kind);
  const rb = kindRank(b.kind);
  return ra !== rb ? ra < rb : a.address < b.address;
}

function findCycle(remaining: Map<string, GraphNode>): string[] {
  const state = new Map<string, 'visiting' | 'done'>();
  const stack: string[] = [];
  const visit = (address: string): string[] | undefined => {
    state.set(address, 'visiting');
    stack.push(address);
    for (const dep of [...(remaining.get(address)?.dependsOn ?? [])].sort()) {
      if (!remaining.has(dep)) continue;
      if (state.get(dep) === 'visiting') return [...stack.slice(stack.indexOf(dep)), dep];
      if (state.get(dep) === undefined) {
        const found = visit(dep);
        if (found) return found;
      }
    }
    stack.pop();
    state.set(address, 'done');
    return undefined;
  };
  for (const address of [...remaining.keys()].sort()) {
    if (state.get(address) === undefined) {
      const found = visit(address);
      if (found) return found;
    }
  }
  return [...remaining.keys()];
}

/** A binary min-heap of ready nodes under `before`: the next node in O(log n), not a scan of every ready node. */
function readyQueue<N extends GraphNode>(): { push(n: N): void; pop(): N | undefined; readonly size: number } {
  const heap: N[] = [];
  const swap = (i: number, j: number): void => {
    const t = heap[i]!;
    heap[i] = heap[j]!;
    heap[j] = t;
  };
  return {
    get size() {
      return heap.length;
    },
    push(n) {
      heap.push(n);
      let i = heap.length - 1;
      while (i > 0) {
        const up = (i - 1) >> 1;
        if (!before(heap[i]!, heap[up]!)) break;
        swap(i, up);
        i = up;
      }
    },
    pop() {
      const top = heap[0];
      const last = heap.pop();
      if (heap.length > 0 && last !== undefined) {
        heap[0] = last;
        let i = 0;
        for (;;) {
          const l = 2 * i + 1;
          const r = l + 1;
          let min = i;
          if (l < heap.length && before(heap[l]!, heap[min]!)) min = l;
          if (r < heap.length && before(heap[r]!, heap[min]!)) min = r;
          if (min === i) break;
          swap(i, min);
          i = min;
        }
      }
      return top;
    },
  };
}

/**
 * Topological order: every node after what it depends on; among ready nodes, kind order then address, so the
 * order is deterministic. A cycle is an error naming its path (`a -> b -> a`: a depends on b, b on a).
 */
export function orderByDependencies<N extends GraphNode>(nodes: readonly N[]): N[] {
  const byAddress = new Map(nodes.map((n) => [n.address, n]));
  const pending = new Map<string, number>();
  const dependents = new Map<string, string[]>();
  for (const n of nodes) {
    const deps = [...new Set(n.dependsOn)].filter((d) => byAddress.has(d) && d !== n.address);
    pending.set(n.address, deps.length);
    for (const d of deps) {
      const list = dependents.get(d);
      if (list === undefined) dependents.set(d, [n.address]);
      else list.push(n.address);
    }
  }
  const ready = readyQueue<N>();
  for (const n of nodes) if (pending.get(n.address) === 0) ready.push(n);
  const out: N[] = [];
  while (ready.size > 0) {
    const next = ready.pop()!;
    out.push(next);
    for (const dep of dependents.get(next.address) ?? []) {
      const left = pending.get(dep)! - 1;
      pending.set(dep, left);
      if (left === 0) ready.push(byAddress.get(dep)!);
    }
  }
  if (out.length < nodes.length) {
    const placed = new Set(out.map((n) => n.address));
    const remaining = new Map(nodes.filter((n) => !placed.has(n.address)).map((n) => [n.address, n as GraphNode]));
    const cycle = findCycle(remaining);
    throw new GalctlError('dependency-cycle', `dependency cycle: ${cycle.join(' -> ')}`, {
      hint: 'break the cycle by removing one of these references from the manifest',
    });
  }
  return out;
}

/** The given addresses plus everything they depend on, transitively. */
export function withDependencies(addresses: Iterable<string>, nodes: readonly GraphNode[]): Set<string> {
  const byAddress = new Map(nodes.map((n) => [n.address, n]));
  const keep = new Set<string>();
  const stack = [...addresses];
  while (stack.length > 0) {
    const a = stack.pop()!;
    if (keep.has(a)) continue;
    keep.add(a);
    for (const d of byAddress.get(a)?.dependsOn ?? []) stack.push(d);
  }
  return keep;
}
