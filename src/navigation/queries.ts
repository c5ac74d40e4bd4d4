import type { TagDefinitionKind } from '../engine/tags.js';
import { enclosing, symbolId, type SymbolIndex, type SymbolRef } from './symbol-index.js';

// The questions agents ask of the index: where is a symbol, who uses it, who calls what.
// Pure functions of the index; the tools page and budget their answers.

export interface FoundSymbol {
  name: string;
  kind: TagDefinitionKind;
  path: string;
  startLine: number;
  endLine: number;
  column: number;
  container?: string;
  exported: boolean;
  /** How the name matched: exact, exact ignoring case, prefix, substring, fuzzy (letters in order). */
  match: 'exact' | 'case' | 'prefix' | 'substring' | 'fuzzy';
}

const MATCH_RANK = { exact: 0, case: 1, prefix: 2, substring: 3, fuzzy: 4 } as const;

function matchOf(name: string, query: string): FoundSymbol['match'] | undefined {
  if (name === query) return 'exact';
  const n = name.toLowerCase();
  const q = query.toLowerCase();
  if (n === q) return 'case';
  if (n.startsWith(q)) return 'prefix';
  if (n.includes(q)) return 'substring';
  let i = 0;
  for (const ch of n) if (ch === q[i]) i++;
  return i === q.length ? 'fuzzy' : undefined;
}

export function found(ref: SymbolRef, match: FoundSymbol['match']): FoundSymbol {
  const d = ref.def;
  return {
    name: d.name,
    kind: d.kind,
    path: ref.path,
    startLine: d.line,
    endLine: d.endLine,
    column: d.column,
    ...(d.container ? { container: d.container } : {}),
    exported: d.exported,
    match,
  };
}

/** Definitions matching a query, best first: match quality, exported, top level, shorter name, path. */
export function findSymbols(
  index: SymbolIndex,
  query: string,
  filter: { kind?: TagDefinitionKind | undefined },
): FoundSymbol[] {
  const out: FoundSymbol[] = [];
  for (const refs of index.allDefinitions()) {
    const match = matchOf(refs[0]!.def.name, query);
    if (!match) continue;
    for (const ref of refs) {
      if (filter.kind && ref.def.kind !== filter.kind) continue;
      out.push(found(ref, match));
    }
  }
  return out.sort(
    (a, b) =>
      MATCH_RANK[a.match] - MATCH_RANK[b.match] ||
      Number(b.exported) - Number(a.exported) ||
      Number(a.container !== undefined) - Number(b.container !== undefined) ||
      a.name.length - b.name.length ||
      (a.path < b.path ? -1 : a.path > b.path ? 1 : a.startLine - b.startLine),
  );
}

export interface Reference {
  path: string;
  line: number;
  column: number;
  kind: 'definition' | 'reference' | 'call' | 'import';
  /** 1 when the code binds this use to the symbol; below 1 for a same-named candidate. */
  confidence: number;
}

/** Every use of a symbol: its definition, the imports that bind it, and the references that resolve to it. */
export function findReferences(index: SymbolIndex, target: SymbolRef): Reference[] {
  const id = symbolId(target);
  const out: Reference[] = [
    { path: target.path, line: target.def.line, column: target.def.column, kind: 'definition', confidence: 1 },
  ];
  for (const file of index.allFiles()) {
    for (const imp of file.imports) {
      // `import * as X` binds a module, not the definition X of that module.
      const bound = imp.imported === 'default' ? imp.name : imp.imported;
      if (imp.imported === '*' || bound !== target.def.name) continue;
      // Straight from the target's file, or through files that re-export it.
      if (index.importedFile(file, imp) !== target.path) {
        const through = index.importedDefinition(file, imp);
        if (!through || symbolId(through) !== id) continue;
      }
      out.push({ path: file.path, line: imp.line, column: imp.column, kind: 'import', confidence: 1 });
    }
  }
  for (const file of index.filesUsing(target.def.name)) {
    for (const ref of file.references) {
      if (ref.name !== target.def.name) continue;
      const hit = index.resolve(file.path, ref).find((r) => symbolId(r.target) === id);
      if (!hit) continue;
      out.push({
        path: file.path,
        line: ref.line,
        column: ref.column,
        kind: ref.kind === 'call' ? 'call' : 'reference',
        confidence: hit.confidence,
      });
    }
  }
  return out.sort(
    (a, b) =>
      Number(b.kind === 'definition') - Number(a.kind === 'definition') ||
      b.confidence - a.confidence ||
      (a.path < b.path ? -1 : a.path > b.path ? 1 : a.line - b.line || a.column - b.column),
  );
}

/** The symbol at a position: a definition's name there, else what the reference there resolves to (if unique). */
export function symbolAtPosition(
  index: SymbolIndex,
  path: string,
  line: number,
  column: number,
): { target?: SymbolRef; candidates: SymbolRef[] } {
  const def = index.definitionAt(path, line, column);
  if (def) return { target: def, candidates: [] };
  const tags = index.file(path);
  const ref = tags?.references.find((r) => r.line === line && column >= r.column && column < r.column + r.name.length);
  if (!ref) return { candidates: [] };
  const resolved = index.resolve(path, ref);
  const sure = resolved.filter((r) => r.confidence === 1);
  if (sure.length === 1) return { target: sure[0]!.target, candidates: [] };
  return { candidates: resolved.map((r) => r.target) };
}

export interface CallNode {
  id: string;
  name: string;
  kind: TagDefinitionKind | 'module';
  path: string;
  line: number;
}

export interface CallEdge {
  from: string;
  to: string;
  /** Where the call is written (in the caller's file). */
  line: number;
  confidence: number;
}

/** The definition a call is written in, or the file itself for a call at the top level. */
function callerOf(index: SymbolIndex, path: string, line: number): CallNode {
  const tags = index.file(path)!;
  const def = enclosing(tags, line);
  if (!def) return { id: `${path}#<module>`, name: '<module>', kind: 'module', path, line: 1 };
  return { id: symbolId({ path, def }), name: def.name, kind: def.kind, path, line: def.line };
}

function nodeOf(ref: SymbolRef): CallNode {
  return { id: symbolId(ref), name: ref.def.name, kind: ref.def.kind, path: ref.path, line: ref.def.line };
}

/** One call between two definitions: the node at the other end (with its symbol, unless a module) and the edge. */
interface CallStep {
  node: CallNode;
  ref: SymbolRef | undefined;
  edge: CallEdge;
}

/** The calls that resolve to a symbol, each from the definition it is written in. */
function callersOf(index: SymbolIndex, target: SymbolRef): CallStep[] {
  const id = symbolId(target);
  const steps: CallStep[] = [];
  for (const file of index.filesUsing(target.def.name)) {
    for (const call of file.references) {
      if (call.kind !== 'call' || call.name !== target.def.name) continue;
      const hit = index.resolve(file.path, call).find((r) => symbolId(r.target) === id);
      if (!hit) continue;
      const node = callerOf(index, file.path, call.line);
      const ref = node.kind === 'module' ? undefined : index.definitionAt(file.path, node.line);
      steps.push({ node, ref, edge: { from: node.id, to: id, line: call.line, confidence: hit.confidence } });
    }
  }
  return steps;
}

/** The calls written in a symbol's own body (not in definitions nested in it), to what each resolves to. */
function calleesOf(index: SymbolIndex, source: SymbolRef): CallStep[] {
  const id = symbolId(source);
  const steps: CallStep[] = [];
  for (const call of index.file(source.path)!.references) {
    if (call.kind !== 'call' || call.line < source.def.line || call.line > source.def.endLine) continue;
    if (callerOf(index, source.path, call.line).id !== id) continue;
    for (const hit of index.resolve(source.path, call)) {
      const node = nodeOf(hit.target);
      steps.push({
        node,
        ref: hit.target,
        edge: { from: id, to: node.id, line: call.line, confidence: hit.confidence },
      });
    }
  }
  return steps;
}

/**
 * Callers and/or callees of a symbol to a depth, breadth first. Edges with confidence below 1
 * are same-named candidates; at most `maxNodes` nodes are visited.
 */
export function callGraph(
  index: SymbolIndex,
  start: SymbolRef,
  direction: 'callers' | 'callees' | 'both',
  depth: number,
  maxNodes = 200,
): { nodes: CallNode[]; edges: CallEdge[]; truncated: boolean } {
  const nodes = new Map<string, CallNode>([[symbolId(start), nodeOf(start)]]);
  const edges = new Map<string, CallEdge>();
  let frontier: SymbolRef[] = [start];
  let truncated = false;
  for (let level = 0; level < depth && frontier.length > 0; level++) {
    const next: SymbolRef[] = [];
    for (const ref of frontier) {
      const steps = [
        ...(direction !== 'callees' ? callersOf(index, ref) : []),
        ...(direction !== 'callers' ? calleesOf(index, ref) : []),
      ];
      for (const step of steps) {
        if (!nodes.has(step.node.id)) {
          if (nodes.size >= maxNodes) {
            truncated = true;
            continue;
          }
          nodes.set(step.node.id, step.node);
          if (step.ref) next.push(step.ref);
        }
        edges.set(`${step.edge.from}>${step.edge.to}@${step.edge.line}`, step.edge);
      }
    }
    frontier = next;
  }
  return {
    nodes: [...nodes.values()],
    edges: [...edges.values()].filter((e) => nodes.has(e.to) && nodes.has(e.from)),
    truncated,
  };
}
