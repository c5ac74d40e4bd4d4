import { z } from 'zod';
import { findSymbols } from '../navigation/queries.js';
import { defineTool } from './define.js';
import { MaxTokensField } from './shared/budget.js';
import { navigate } from './shared/navigate.js';
import { offsetPage } from './shared/offset-page.js';
import { CursorField, TruncatedField } from './shared/schemas.js';
import { DefinitionKindEnum, FoundSymbolSchema, ScopeField } from './shared/navigation-schemas.js';

export const findSymbol = defineTool({
  name: 'find_symbol',
  title: 'Find a symbol',
  description:
    'Where a function, method, class, interface, type or variable is defined, by name: exact matches first, then prefix, substring and fuzzy (letters in order), exported and top-level ones first. Use it instead of grep to jump to a definition (each result has its file, lines and enclosing class), then find_references or call_graph on it. TypeScript, JavaScript, Python, Go, Rust, Java.',
  category: 'analysis',
  tags: ['navigation', 'symbols', 'definitions', 'search'],
  version: '1.0.0',
  annotations: { readOnlyHint: true, idempotentHint: true, openWorldHint: false },
  stateful: false,
  related: ['find_references', 'call_graph', 'repo_map', 'analyze_structure'],
  examples: [
    { description: 'Where is parseConfig defined?', arguments: { query: 'parseConfig' } },
    {
      description: 'Classes whose name contains Session, under src',
      arguments: { query: 'session', kind: 'class', path: 'src' },
    },
  ],
  inputSchema: z.strictObject({
    query: z.string().min(1).max(200).describe('The name, or part of it (case-insensitive beyond exact matches).'),
    kind: DefinitionKindEnum.optional().describe('Only definitions of this kind.'),
    path: ScopeField,
    limit: z.number().int().min(1).max(200).optional().describe('Results per page (default 20).'),
    cursor: CursorField,
    maxTokens: MaxTokensField,
  }),
  dataSchema: z.object({
    symbols: z.array(FoundSymbolSchema),
    total: z.number().describe('Matching definitions in all.'),
    nextCursor: z.string().optional(),
    truncated: TruncatedField,
  }),
  renderText: (data) =>
    [
      `${data.total} definitions match${data.symbols.length < data.total ? ` (${data.symbols.length} shown)` : ''}:`,
      ...data.symbols.map(
        (s) =>
          `${s.path}:${s.startLine}:${s.column}  ${s.kind} ${s.container ? `${s.container}.` : ''}${s.name}${s.exported ? ' (exported)' : ''}  [${s.match}]`,
      ),
      ...(data.truncated ? [data.truncated] : []),
    ].join('\n'),
  async handler(args, ctx) {
    const nav = await navigate(args.path ?? '.', ctx);
    // The index holds only the files under path: no filter by path is needed.
    const symbols = findSymbols(nav.index, args.query, { kind: args.kind });
    const data = offsetPage({
      items: symbols,
      cursor: args.cursor,
      limit: args.limit ?? 20,
      maxTokens: args.maxTokens,
      serverTokens: ctx.deps.config.maxResponseTokens,
      build: (page, more) => ({ symbols: page, total: symbols.length, ...more }),
    });
    return { data, engine: nav.run.engine.kind };
  },
});
