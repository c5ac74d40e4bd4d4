import { z } from 'zod';
import type { FunctionMetrics, SymbolInfo } from '../engine/types.js';
import { ToolError } from '../envelope/errors.js';
import { defineTool } from './define.js';
import { FunctionSchema } from './shared/metric-schemas.js';
import { runAnalysis, singleFile } from './shared/run-analysis.js';
import { renderSymbolAtText } from './shared/symbol-at-text.js';
import { PathField, SessionIdField } from './shared/schemas.js';

const contains = (s: { startLine: number; endLine: number }, line: number) => s.startLine <= line && line <= s.endLine;

/** The chain of symbols around a line, outermost first (iterative: symbol trees can be deep). */
function chainAt(symbols: SymbolInfo[], line: number): SymbolInfo[] {
  const chain: SymbolInfo[] = [];
  let level = symbols;
  for (;;) {
    const hit = level.find((s) => contains(s, line));
    if (!hit) return chain;
    chain.push(hit);
    level = hit.children;
  }
}

/** The innermost function around a line: the one with the smallest range. */
function innermostFunction(functions: FunctionMetrics[], line: number): FunctionMetrics | undefined {
  let best: FunctionMetrics | undefined;
  for (const f of functions) {
    if (contains(f, line) && (!best || f.endLine - f.startLine <= best.endLine - best.startLine)) best = f;
  }
  return best;
}

export const symbolAt = defineTool({
  name: 'symbol_at',
  title: 'Symbol at a position',
  description:
    'What encloses a line of a file: the chain of symbols from the outermost (e.g. class) to the innermost (e.g. method), and the complexity metrics of the innermost function there. Use it when you have a line number (from an error, a diff or a search hit) and need its context.',
  category: 'analysis',
  tags: ['symbol', 'position', 'navigation', 'context', 'complexity'],
  version: '1.0.0',
  annotations: { readOnlyHint: true, idempotentHint: true, openWorldHint: false },
  stateful: false,
  related: ['analyze_structure', 'analyze_complexity'],
  examples: [{ description: 'What is at line 120', arguments: { path: 'src/parser.ts', line: 120 } }],
  inputSchema: z.strictObject({
    path: PathField.describe('A source file (not a directory).'),
    line: z.number().int().min(1).describe('1-based line.'),
    column: z
      .number()
      .int()
      .min(1)
      .optional()
      .describe('1-based column (accepted for editors; lines decide the chain).'),
    sessionId: SessionIdField,
  }),
  dataSchema: z.object({
    path: z.string(),
    language: z.string(),
    line: z.number(),
    chain: z
      .array(
        z.object({
          name: z.string(),
          kind: z.string(),
          startLine: z.number(),
          endLine: z.number(),
          signature: z.string(),
        }),
      )
      .describe('Enclosing symbols, outermost first; empty at top level.'),
    function: FunctionSchema.optional().describe('Metrics of the innermost function containing the line.'),
  }),
  renderText: renderSymbolAtText,
  async handler(args, ctx) {
    const run = await runAnalysis({ path: args.path }, ctx);
    if (run.target.isDirectory)
      throw new ToolError('INVALID_ARGUMENT', 'symbol_at needs a file, not a directory.', { path: args.path });
    const file = await singleFile(run, args.path);
    if (args.line > file.totals.loc.sloc) {
      throw new ToolError(
        'NOT_FOUND',
        `${args.path} has ${file.totals.loc.sloc} lines; line ${args.line} does not exist.`,
      );
    }
    const chain = chainAt(file.symbols, args.line).map(({ name, kind, startLine, endLine, signature }) => ({
      name,
      kind,
      startLine,
      endLine,
      signature,
    }));
    const fn = innermostFunction(file.functions, args.line);
    return {
      data: { path: file.path, language: file.language, line: args.line, chain, ...(fn ? { function: fn } : {}) },
      engine: run.engine.kind,
      cache: run.cache,
    };
  },
});
