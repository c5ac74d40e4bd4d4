import type { Node } from 'web-tree-sitter';

export const ANONYMOUS = '<anonymous>';

/** Text of a name node; string keys lose their quotes (`'foo': () => 0` → `foo`). */
export function nameText(node: Node | null | undefined): string {
  if (!node) return '';
  const text = node.text;
  if (/^(['"`]).*\1$/s.test(text)) return text.slice(1, -1);
  return text;
}

/** The first ancestor that is not one of the wrapper types (bounded by the wrappers' chain). */
export function skipWrappers(node: Node, wrappers: ReadonlySet<string>): Node | null {
  let p = node.parent;
  while (p && wrappers.has(p.type)) p = p.parent;
  return p;
}

/** Index of `child` among the named children of `parent` (comments excluded). */
export function namedIndex(parent: Node, child: Node): number {
  let i = 0;
  for (const c of parent.namedChildren) {
    if (!c || c.isExtra) continue;
    if (c.id === child.id) return i;
    i++;
  }
  return -1;
}

/** The i-th named, non-comment child. */
export function namedAt(parent: Node | null, index: number): Node | null {
  if (!parent || index < 0) return null;
  let i = 0;
  for (const c of parent.namedChildren) {
    if (!c || c.isExtra) continue;
    if (i === index) return c;
    i++;
  }
  return null;
}

/** Named, non-comment children whose type is not excluded. */
export function countNamed(node: Node | null, excluded: ReadonlySet<string> = new Set()): number {
  if (!node) return 0;
  let n = 0;
  for (const c of node.namedChildren) if (c && !c.isExtra && !excluded.has(c.type)) n++;
  return n;
}

export function qualify(qualifier: string | null, name: string): string {
  return qualifier ? `${qualifier}.${name}` : name;
}

/** Simple name of a callee expression: `f`, `this.f`, `a.b.f`, `a::f` → `f`. */
export function lastName(fn: Node | null, fields: readonly string[]): string {
  let n = fn;
  // Bounded: each step goes to a child; member chains are shallow in practice but we cap anyway.
  for (let guard = 0; n && guard < 8; guard++) {
    if (n.childCount === 0) return n.text;
    let next: Node | null = null;
    for (const f of fields) {
      next = n.childForFieldName(f);
      if (next) break;
    }
    if (!next) return '';
    n = next;
  }
  return '';
}
