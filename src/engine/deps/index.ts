import type { DependencyEdge, DependencyGraph, DependencyOptions, ImportFacts, RawImport } from '../types.js';
import { FileIndex } from './file-index.js';
import { buildGraph } from './graph.js';
import { GoResolver } from './resolve-go.js';
import { JavaResolver } from './resolve-java.js';
import { PythonResolver } from './resolve-python.js';
import { RustResolver } from './resolve-rust.js';
import { TsResolver } from './resolve-ts.js';
import type { Resolution, ResolveContext } from './types.js';

export { renderDot, renderMermaid } from './render.js';
export { makesCycle, type CycleEdges } from './graph.js';

/**
 * Resolves every raw import of the analysed files against those files and the file
 * system under root, then builds the graph. Engine-neutral: the native engine's results
 * go through the same code.
 */
export function buildDependencyGraph(
  files: readonly ImportFacts[],
  root: string,
  options: DependencyOptions = {},
): DependencyGraph {
  const ctx: ResolveContext = {
    root,
    index: new FileIndex(
      root,
      files.map((f) => f.path),
    ),
    files,
  };
  const resolvers = new Resolvers(ctx);
  const edges: DependencyEdge[] = [];
  const unresolved: DependencyGraph['unresolved'] = [];
  for (const file of files) {
    const declaredMods = new Set(
      file.imports.filter((i) => i.specifier.startsWith('mod:')).map((i) => i.specifier.slice(4).split('::')[0]!),
    );
    for (const imp of file.imports) {
      const res = resolvers.resolve(file, imp, declaredMods);
      if (res.kind === 'unresolved') unresolved.push({ from: file.path, specifier: imp.specifier, line: imp.line });
      else if (res.kind === 'file')
        for (const to of res.targets)
          edges.push({ from: file.path, to, kind: imp.kind, line: imp.line, target: 'file' });
      else edges.push({ from: file.path, to: res.name, kind: imp.kind, line: imp.line, target: res.kind });
    }
  }
  return buildGraph({ files: files.map((f) => f.path), edges, unresolved }, options);
}

class Resolvers {
  private readonly ts: TsResolver;
  private readonly python: PythonResolver;
  private readonly go: GoResolver;
  private readonly rust: RustResolver;
  private readonly java: JavaResolver;

  constructor(ctx: ResolveContext) {
    this.ts = new TsResolver(ctx);
    this.python = new PythonResolver(ctx);
    this.go = new GoResolver(ctx);
    this.rust = new RustResolver(ctx);
    this.java = new JavaResolver(ctx);
  }

  resolve(file: ImportFacts, imp: RawImport, declaredMods: ReadonlySet<string>): Resolution {
    switch (file.language) {
      case 'typescript':
      case 'tsx':
      case 'javascript':
        return this.ts.resolve(file.path, imp.specifier);
      case 'python':
        return this.python.resolve(file.path, imp);
      case 'go':
        return this.go.resolve(file.path, imp.specifier);
      case 'rust':
        return this.rust.resolve(file.path, imp, declaredMods);
      case 'java':
        return this.java.resolve(imp);
    }
  }
}
