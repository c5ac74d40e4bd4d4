import { describe, expect, it } from 'vitest';
import type { DependencyEdge } from '../../src/engine/types.js';
import { cycleWitnesses } from '../../src/tools/shared/cycle-witness.js';

const edge = (from: string, to: string, kind: DependencyEdge['kind'] = 'static'): DependencyEdge => ({
  from,
  to,
  kind,
  line: 1,
  target: 'file',
});

describe('cycle witnesses', () => {
  it('gives a shortest real cycle through each component, every step an edge', () => {
    // a → b → c → d → a, plus the shortcut c → a: the shortest cycle is a → b → c → a.
    const edges = [
      edge('a', 'b'),
      edge('b', 'c'),
      edge('c', 'd'),
      edge('d', 'a'),
      edge('c', 'a'),
      edge('x', 'y'),
      edge('y', 'x'),
      edge('s', 's'),
    ];
    const cycles = [['a', 'b', 'c', 'd'], ['s'], ['x', 'y']];
    const details = cycleWitnesses(cycles, edges, {});
    expect(details).toEqual([
      { size: 4, path: ['a', 'b', 'c', 'a'] },
      { size: 1, path: ['s', 's'] },
      { size: 2, path: ['x', 'y', 'x'] },
    ]);
    const has = new Set(edges.map((e) => `${e.from}>${e.to}`));
    for (const d of details)
      for (let i = 0; i + 1 < d.path.length; i++) expect(has.has(`${d.path[i]}>${d.path[i + 1]}`)).toBe(true);
  });

  it('walks only the edges that make cycles (type-only ones when asked)', () => {
    const edges = [edge('a', 'b'), edge('b', 'a', 'type'), edge('b', 'c'), edge('c', 'a')];
    expect(cycleWitnesses([['a', 'b', 'c']], edges, {})[0]!.path).toEqual(['a', 'b', 'c', 'a']);
    expect(cycleWitnesses([['a', 'b', 'c']], edges, { includeTypeEdges: true })[0]!.path).toEqual(['a', 'b', 'a']);
  });
});
