import type { Tree } from 'web-tree-sitter';
import type { FileTags } from '../tags.js';
import { emptyTotals, type FileAnalysis, type Language } from '../types.js';
import { extractImports } from './imports/index.js';
import { computeMetrics } from './metrics/index.js';
import { collectParseErrors } from './parse-errors.js';
import { parserFor } from './parsers.js';
import { extractSymbols } from './structure/index.js';
import { extractTags } from './tags.js';

/**
 * Parses one decoded file and computes everything the engine reports about it. Syntax
 * errors are data: tree-sitter recovers, and the partial tree is analysed as it is. With
 * `importsOnly`, only what the dependency graph reads (see `AnalyzeOptions.importsOnly`).
 */
export function analyzeFile(
  path: string,
  language: Language,
  source: string,
  importsOnly = false,
): Promise<FileAnalysis> {
  return withTree(path, language, source, (tree) => analyzeTree(tree, path, language, source, importsOnly));
}

/** `analyzeFile` and the file's tags (`tagsOfFile`) from one parse (`AnalyzeOptions.onTags`). */
export function analyzeAndTagFile(
  path: string,
  language: Language,
  source: string,
  importsOnly = false,
): Promise<{ analysis: FileAnalysis; tags: FileTags }> {
  return withTree(path, language, source, (tree) => ({
    analysis: analyzeTree(tree, path, language, source, importsOnly),
    tags: extractTags(tree, source, path, language),
  }));
}

async function withTree<T>(path: string, language: Language, source: string, use: (tree: Tree) => T): Promise<T> {
  const parser = await parserFor(language);
  const tree = parser.parse(source);
  if (!tree) throw new Error(`tree-sitter returned no tree for ${path}`);
  try {
    return use(tree);
  } finally {
    // Trees live in WASM memory, outside the JS garbage collector.
    tree.delete();
  }
}

function analyzeTree(tree: Tree, path: string, language: Language, source: string, importsOnly: boolean): FileAnalysis {
  const root = tree.rootNode;
  if (importsOnly) {
    const { imports, packageName } = extractImports(root, language, source);
    // Java import resolution looks types up among a package's top-level symbols.
    const symbols = language === 'java' ? extractSymbols(root, language, source) : [];
    const analysis: FileAnalysis = {
      path,
      language,
      functions: [],
      totals: emptyTotals(),
      symbols,
      imports,
      parseErrors: collectParseErrors(root),
    };
    if (packageName !== undefined) analysis.packageName = packageName;
    return analysis;
  }
  const { functions, totals } = computeMetrics(root, language, source);
  const { imports, packageName } = extractImports(root, language, source);
  const analysis: FileAnalysis = {
    path,
    language,
    functions,
    totals,
    symbols: extractSymbols(root, language, source),
    imports,
    parseErrors: collectParseErrors(root),
  };
  if (packageName !== undefined) analysis.packageName = packageName;
  return analysis;
}
