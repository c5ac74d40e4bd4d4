import type { Node } from 'web-tree-sitter';
import type { Callee } from './types.js';

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

/**
 * Name and receiver of a callee expression: `f` → (f, ''), `this.f` / `Self::f` → (f, this / Self),
 * `a.b.f` → (f, '*'): only a one-token receiver can be "the function's own object".
 * `unwrap` fields are followed first (Rust `f::<T>` → `f`); the loop is bounded.
 */
export function calleeOf(
  fn: Node | null,
  nameFields: readonly string[],
  objectFields: readonly string[],
  unwrap: readonly string[] = [],
): Callee {
  let n = fn;
  for (let guard = 0; n && guard < 4; guard++) {
    if (n.childCount === 0) return { name: n.text, receiver: '' };
    const inner = firstField(n, unwrap);
    if (inner) {
      n = inner;
      continue;
    }
    const name = firstField(n, nameFields);
    if (!name || name.childCount !== 0) return { name: '', receiver: '' };
    const object = firstField(n, objectFields);
    return { name: name.text, receiver: object && object.childCount === 0 ? object.text : '*' };
  }
  return { name: '', receiver: '' };
}

function firstField(n: Node, fields: readonly string[]): Node | null {
  for (const f of fields) {
    const c = n.childForFieldName(f);
    if (c) return c;
  }
  return null;
}
