import { describe, expect, it } from 'vitest';
import { orderByDependencies, withDependencies, type GraphNode } from '../../src/engine/dependency-graph.js';

const node = (address: string, kind: GraphNode['kind'], ...dependsOn: string[]): GraphNode => ({ address, kind, dependsOn });

describe('orderByDependencies', () => {
  it('puts every node after its dependencies, ties by kind then address', () => {
    const order = orderByDependencies([
      node('project.p.experiment.e', 'experiment', 'project.p', 'dataset.d'),
      node('dataset.d', 'dataset'),
      node('scorer.b', 'scorer'),
      node('scorer.a', 'scorer'),
      node('project.p', 'project'),
    ]).map((n) => n.address);
    expect(order).toEqual(['project.p', 'scorer.a', 'scorer.b', 'dataset.d', 'project.p.experiment.e']);
  });

  it('names the path of a cycle', () => {
    expect(() => orderByDependencies([node('a', 'scorer', 'b'), node('b', 'scorer', 'c'), node('c', 'scorer', 'a'), node('d', 'scorer')])).toThrow(
      'dependency cycle: a -> b -> c -> a',
    );
  });

  it('ignores dependencies outside the graph', () => {
    expect(orderByDependencies([node('x', 'scorer', 'missing')]).map((n) => n.address)).toEqual(['x']);
  });

  it('property: random DAGs come out in an order that respects every edge', () => {
    let seed = 7;
    const rand = (n: number): number => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % n;
    };
    const kinds: GraphNode['kind'][] = ['project', 'scorer', 'dataset', 'template', 'experiment', 'traces'];
    for (let round = 0; round < 100; round += 1) {
      const n = 1 + rand(30);
      const names = Array.from({ length: n }, (_, i) => `n${String(rand(1000)).padStart(3, '0')}-${i}`);
      // edges only from later to earlier in a hidden order: a DAG
      const nodes = names.map((a, i) => node(a, kinds[rand(kinds.length)]!, ...names.slice(0, i).filter(() => rand(4) === 0)));
      const shuffled = [...nodes].sort(() => rand(3) - 1);
      const order = orderByDependencies(shuffled).map((x) => x.address);
      expect(new Set(order).size).toBe(n);
      const pos = new Map(order.map((a, i) => [a, i]));
      for (const x of nodes) for (const d of x.dependsOn) expect(pos.get(d)!).toBeLessThan(pos.get(x.address)!);
    }
  });
});

describe('withDependencies', () => {
  it('adds transitive dependencies only', () => {
    const nodes = [node('a', 'scorer', 'b'), node('b', 'scorer', 'c'), node('c', 'scorer'), node('d', 'scorer', 'a')];
    expect([...withDependencies(['a'], nodes)].sort()).toEqual(['a', 'b', 'c']);
  });
});
