import { z } from 'zod';
import { impactOf } from '../navigation/impact.js';
import { defineTool } from './define.js';
import { MaxTokensField } from './shared/budget.js';
import { navigate } from './shared/navigate.js';
import { ScopeField } from './shared/navigation-schemas.js';
import { offsetPage } from './shared/offset-page.js';
import { CursorField, TruncatedField } from './shared/schemas.js';

export const impactTool = defineTool({
  name: 'impact',
  title: 'Impact of a change',
  description:
    'Which files a change to some files can affect: every file that depends on them, transitively, through imports (of any kind) and resolved references (Go and Java packages), nearest first, with the tests among them flagged. Use it before editing to know what to re-check and which tests to run.',
  category: 'analysis',
  tags: ['navigation', 'impact', 'dependents', 'tests', 'change'],
  version: '1.0.0',
  annotations: { readOnlyHint: true, idempotentHint: true, openWorldHint: false },
  stateful: false,
  related: ['find_references', 'analyze_dependencies', 'call_graph'],
  examples: [{ description: 'What depends on the config module', arguments: { paths: ['src/config.ts'] } }],
  inputSchema: z.strictObject({
    paths: z.array(z.string().min(1).max(4096)).min(1).max(200).describe('The changed (or to-be-changed) files.'),
    depth: z.number().int().min(1).max(50).optional().describe('Steps to follow (default: all).'),
    testsOnly: z.boolean().optional().describe('List only the test files among the dependents.'),
    scope: ScopeField,
    limit: z.number().int().min(1).max(1000).optional().describe('Files per page (default 100).'),
    cursor: CursorField,
    maxTokens: MaxTokensField,
  }),
  dataSchema: z.object({
    changed: z.array(z.string()),
    files: z.array(
      z.object({
        path: z.string(),
        distance: z.number().describe('Steps from the nearest changed file (1: uses it directly).'),
        test: z.boolean().describe('A test file, by its name or folder.'),
        via: z.string().describe('The changed file it was reached from.'),
      }),
    ),
    total: z.number(),
    tests: z.number().describe('Test files among all the dependents.'),
    nextCursor: z.string().optional(),
    truncated: TruncatedField,
  }),
  renderText: (data) =>
    [
      `Changing ${data.changed.join(', ')} can affect ${data.total} files (${data.tests} tests):`,
      ...data.files.map((f) => `${f.distance}  ${f.path}${f.test ? '  [test]' : ''}  via ${f.via}`),
      ...(data.truncated ? [data.truncated] : []),
    ].join('\n'),
  async handler(args, ctx) {
    const nav = await navigate(args.scope ?? '.', ctx);
    const changed = await Promise.all(args.paths.map((p) => nav.relative(p)));
    const all = impactOf(changed, nav.graph, nav.index, args.depth);
    const listed = args.testsOnly ? all.filter((f) => f.test) : all;
    const data = offsetPage({
      items: listed,
      cursor: args.cursor,
      limit: args.limit ?? 100,
      maxTokens: args.maxTokens,
      serverTokens: ctx.deps.config.maxResponseTokens,
      build: (files, more) => ({
        changed,
        files,
        total: listed.length,
        tests: all.filter((f) => f.test).length,
        ...more,
      }),
    });
    return { data, engine: nav.run.engine.kind };
  },
});
