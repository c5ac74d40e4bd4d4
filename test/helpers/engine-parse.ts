import type { FunctionMetrics, Language } from '../../src/engine/types.js';
import { computeMetrics } from '../../src/engine/wasm/metrics/index.js';
import { collectParseErrors } from '../../src/engine/wasm/parse-errors.js';
import { parserFor } from '../../src/engine/wasm/parsers.js';
import { extractSymbols } from '../../src/engine/wasm/structure/index.js';

/** Parse + metrics + structure + parse errors of one source, tree freed afterwards. */
export async function analyseSource(language: Language, source: string) {
  const tree = (await parserFor(language)).parse(source)!;
  try {
    const root = tree.rootNode;
    return {
      ...computeMetrics(root, language, source),
      symbols: extractSymbols(root, language, source),
      parseErrors: collectParseErrors(root),
    };
  } finally {
    tree.delete();
  }
}

export async function fn(language: Language, source: string, name: string): Promise<FunctionMetrics> {
  const { functions } = await analyseSource(language, source);
  const f = functions.find((x) => x.name === name);
  if (!f) throw new Error(`no function ${name} in [${functions.map((x) => x.name).join(', ')}]`);
  return f;
}
