/**
 * Strongly connected components by Tarjan's algorithm, with an explicit stack instead of
 * recursion (a chain of 100,000 imports must not overflow). Nodes are visited in the
 * given order and successors in adjacency order, so the output is deterministic.
 */
export function stronglyConnected(
  nodes: readonly string[],
  successors: ReadonlyMap<string, readonly string[]>,
): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const components: string[][] = [];
  let counter = 0;
  const visit = (node: string, work: { node: string; next: number }[]): void => {
    index.set(node, counter);
    low.set(node, counter++);
    stack.push(node);
    onStack.add(node);
    work.push({ node, next: 0 });
  };
  for (const start of nodes) {
    if (index.has(start)) continue;
    const work: { node: string; next: number }[] = [];
    visit(start, work);
    while (work.length > 0) {
      const frame = work[work.length - 1]!;
      const succ = successors.get(frame.node) ?? [];
      if (frame.next < succ.length) {
        const w = succ[frame.next++]!;
        if (!index.has(w)) visit(w, work);
        else if (onStack.has(w)) low.set(frame.node, Math.min(low.get(frame.node)!, index.get(w)!));
        continue;
      }
      work.pop();
      const parent = work[work.length - 1];
      if (parent) low.set(parent.node, Math.min(low.get(parent.node)!, low.get(frame.node)!));
      if (low.get(frame.node) === index.get(frame.node)) components.push(popComponent(stack, onStack, frame.node));
    }
  }
  return components;
}

function popComponent(stack: string[], onStack: Set<string>, root: string): string[] {
  const component: string[] = [];
  for (;;) {
    const member = stack.pop()!;
    onStack.delete(member);
    component.push(member);
    if (member === root) return component;
  }
}
