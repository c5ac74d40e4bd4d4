import type { DependencyGraph, ImportKind } from '../types.js';

// Text renderings of a graph. Node ids are paths, which neither format accepts bare,
// so Mermaid gets short ids (n0, n1, … in node order) with the path as label, and DOT
// gets quoted ids. Edge style tells the kind: static solid, reexport bold, dynamic
// dotted, type dashed.

export function renderMermaid(graph: DependencyGraph): string {
  const ids = new Map(graph.nodes.map((n, i) => [n.id, `n${i}`]));
  const lines = ['graph LR'];
  for (const n of graph.nodes) {
    const shape = n.kind === 'file' ? `["${mermaidText(n.id)}"]` : `(["${mermaidText(n.id)}"])`;
    lines.push(`  ${ids.get(n.id)}${shape}`);
  }
  const arrows: Record<ImportKind, string> = {
    static: '-->',
    reexport: '==>|reexport|',
    dynamic: '-.->|dynamic|',
    type: '-.->|type|',
  };
  for (const e of graph.edges) lines.push(`  ${ids.get(e.from)} ${arrows[e.kind]} ${ids.get(e.to)}`);
  return `${lines.join('\n')}\n`;
}

function mermaidText(text: string): string {
  return text.replace(/"/g, '#quot;');
}

export function renderDot(graph: DependencyGraph): string {
  const lines = ['digraph dependencies {', '  rankdir=LR;', '  node [shape=box];'];
  for (const n of graph.nodes)
    lines.push(n.kind === 'file' ? `  ${dotId(n.id)};` : `  ${dotId(n.id)} [shape=ellipse, style=dashed];`);
  const styles: Record<ImportKind, string> = {
    static: '',
    reexport: ' [style=bold, label="reexport"]',
    dynamic: ' [style=dotted, label="dynamic"]',
    type: ' [style=dashed, label="type"]',
  };
  for (const e of graph.edges) lines.push(`  ${dotId(e.from)} -> ${dotId(e.to)}${styles[e.kind]};`);
  lines.push('}');
  return `${lines.join('\n')}\n`;
}

function dotId(id: string): string {
  return `"${id.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}
