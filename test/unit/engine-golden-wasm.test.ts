import { readFile } from 'node:fs/promises';
import { languageOf } from '../../src/engine/languages.js';
import { computeMetrics } from '../../src/engine/wasm/metrics/index.js';
import { parserFor } from '../../src/engine/wasm/parsers.js';
import { extractSymbols } from '../../src/engine/wasm/structure/index.js';
import { runGoldenSuite, type GoldenAnalysis } from '../golden/run-golden.js';

// Until the orchestrator's WASM engine is wired into the goldens, a minimal adapter:
// parse, then the metrics and structure under test.
async function analyze(absPath: string, relPath: string): Promise<GoldenAnalysis> {
  const language = languageOf(relPath)!;
  const source = await readFile(absPath, 'utf8');
  const tree = (await parserFor(language)).parse(source)!;
  try {
    const { functions, totals } = computeMetrics(tree.rootNode, language, source);
    return { path: relPath, language, functions, totals, symbols: extractSymbols(tree.rootNode, language, source) };
  } finally {
    tree.delete();
  }
}

runGoldenSuite('wasm', analyze);
