import { describe, expect, it } from 'vitest';
import { renderDot, renderMermaid } from '../../src/engine/deps/index.js';
import { buildGraph } from '../../src/engine/deps/graph.js';
import { stronglyConnected } from '../../src/engine/deps/tarjan.js';
import type { DependencyEdge } from '../../src/engine/types.js';

const edge = (
  from: string,
  to: string,
  kind: DependencyEdge['kind'] = 'static',
  target: DependencyEdge['target'] = 'file',
  line = 1,
): DependencyEdge => ({ from, to, kind, line, target });

describe('stronglyConnected', () => {
  it('finds one component in a 100,000-file ring without recursion', () => {
    const n = 100_000;
    const nodes = Array.from({ length: n }, (_, i) => `f${String(i).padStart(6, '0')}`);
    const succ = new Map(nodes.map((id, i) => [id, [nodes[(i + 1) % n]!]]));
    const components = stronglyConnected(nodes, succ);
    expect(components).toHaveLength(1);
    expect(components[0]).toHaveLength(n);
  });

  it('separates components and leaves acyclic nodes alone', () => {
    const succ = new Map([
      ['a', ['b']],
      ['b', ['a', 'c']],
      ['c', ['d']],
      ['d', ['c']],
      ['e', ['a']],
    ]);
    const components = stronglyConnected(['a', 'b', 'c', 'd', 'e'], succ).map((c) => c.sort().join(''));
    expect(components.sort()).toEqual(['ab', 'cd', 'e']);
  });
});

describe('buildGraph', () => {
  it('dedupes edges keeping the first line, counts distinct neighbours, hides externals unless asked', () => {
    const input = {
      files: ['b.ts', 'a.ts', 'c.ts'],
      edges: [
        edge('a.ts', 'b.ts', 'static', 'file', 5),
        edge('a.ts', 'b.ts', 'static', 'file', 2),
        edge('a.ts', 'b.ts', 'type', 'file', 3),
        edge('a.ts', 'react', 'static', 'external', 1),
      ],
      unresolved: [{ from: 'c.ts', specifier: './x', line: 4 }],
    };
    const hidden = buildGraph(input, {});
    expect(hidden.edges).toEqual([edge('a.ts', 'b.ts', 'static', 'file', 2), edge('a.ts', 'b.ts', 'type', 'file', 3)]);
    expect(hidden.nodes.map((n) => [n.id, n.fanIn, n.fanOut, n.instability])).toEqual([
      ['a.ts', 0, 1, 1],
      ['b.ts', 1, 0, 0],
      ['c.ts', 0, 0, 0],
    ]);
    expect(hidden.orphans).toEqual(['c.ts']);
    const shown = buildGraph(input, { includeExternal: true });
    expect(shown.nodes.find((n) => n.id === 'react')).toEqual({
      id: 'react',
      kind: 'external',
      fanIn: 1,
      fanOut: 0,
      instability: 0,
    });
    expect(shown.nodes.find((n) => n.id === 'a.ts')?.fanOut).toBe(1);
  });
});

describe('renderings', () => {
  const graph = buildGraph(
    {
      files: ['a.ts', 'b "q".ts'],
      edges: [edge('a.ts', 'b "q".ts'), edge('a.ts', 'b "q".ts', 'type'), edge('a.ts', 'react', 'dynamic', 'external')],
      unresolved: [],
    },
    { includeExternal: true },
  );

  it('Mermaid: short ids, quoted labels, one arrow style per kind', () => {
    expect(renderMermaid(graph)).toBe(
      [
        'graph LR',
        '  n0["a.ts"]',
        '  n1["b #quot;q#quot;.ts"]',
        '  n2(["react"])',
        '  n0 --> n1',
        '  n0 -.->|type| n1',
        '  n0 -.->|dynamic| n2',
        '',
      ].join('\n'),
    );
  });

  it('Graphviz DOT: escaped ids, externals as dashed ellipses', () => {
    expect(renderDot(graph)).toBe(
      [
        'digraph dependencies {',
        '  rankdir=LR;',
        '  node [shape=box];',
        '  "a.ts";',
        '  "b \\"q\\".ts";',
        '  "react" [shape=ellipse, style=dashed];',
        '  "a.ts" -> "b \\"q\\".ts";',
        '  "a.ts" -> "b \\"q\\".ts" [style=dashed, label="type"];',
        '  "a.ts" -> "react" [style=dotted, label="dynamic"];',
        '}',
        '',
      ].join('\n'),
    );
  });
});
