import { z } from 'zod';
import { ERROR_CATALOG } from '../envelope/catalog.js';
import type { AnyTool } from './define.js';
import { defineTool } from './define.js';
import { toolJsonSchemas } from './shared/json-schema.js';

function score(tool: AnyTool, words: string[]): number {
  const fields: [string, number][] = [
    [tool.name, 5],
    [tool.title, 4],
    [tool.tags.join(' '), 3],
    [tool.category, 2],
    [tool.description, 1],
  ];
  let total = 0;
  for (const word of words) {
    const hits = fields.filter(([text]) => text.toLowerCase().includes(word));
    if (hits.length === 0) return 0; // every word must match somewhere
    total += hits.reduce((sum, [, weight]) => sum + weight, 0);
  }
  return total;
}

export const discoverTools = defineTool({
  name: 'discover_tools',
  title: 'Discover tools',
  description:
    "Find the right tool for a task: search this server's tools by words, category or tag and get each one's full description, input schema, examples and related tools. Call it with no arguments to see everything, or with includeErrorCatalog to learn every error code and what to do about it.",
  category: 'meta',
  tags: ['discovery', 'help', 'registry', 'errors'],
  version: '1.0.0',
  annotations: { readOnlyHint: true, idempotentHint: true, openWorldHint: false },
  stateful: false,
  related: ['server_info'],
  examples: [
    { description: 'Tools about complexity', arguments: { query: 'complexity' } },
    { description: 'All session tools', arguments: { category: 'session' } },
    { description: 'The error catalog', arguments: { includeErrorCatalog: true, query: 'discover' } },
  ],
  inputSchema: z.strictObject({
    query: z
      .string()
      .max(200)
      .optional()
      .describe('Words that must all appear in the name, title, tags or description (case-insensitive).'),
    category: z.enum(['analysis', 'session', 'batch', 'meta']).optional().describe('Only tools of this category.'),
    tag: z.string().max(50).optional().describe('Only tools with this tag.'),
    includeSchemas: z.boolean().optional().describe("Include each tool's JSON input schema (default true)."),
    includeErrorCatalog: z
      .boolean()
      .optional()
      .describe('Also return every error code with its meaning, retryability and advice.'),
  }),
  dataSchema: z.object({
    tools: z.array(
      z.object({
        name: z.string(),
        title: z.string(),
        description: z.string(),
        category: z.string(),
        tags: z.array(z.string()),
        version: z.string(),
        annotations: z.record(z.string(), z.boolean()),
        stateful: z.boolean().describe('Keeps state in the session given by sessionId.'),
        related: z.array(z.string()).describe('Tools often used with this one.'),
        examples: z.array(z.object({ description: z.string(), arguments: z.record(z.string(), z.unknown()) })),
        inputSchema: z.record(z.string(), z.unknown()).optional(),
      }),
    ),
    total: z.number().describe('Number of tools that matched.'),
    errorCatalog: z
      .record(z.string(), z.object({ meaning: z.string(), retryable: z.boolean(), action: z.string() }))
      .optional(),
  }),
  async handler(args, ctx) {
    const words = (args.query ?? '').toLowerCase().split(/\s+/).filter(Boolean);
    const matches = ctx.deps
      .catalog()
      .filter((t) => (!args.category || t.category === args.category) && (!args.tag || t.tags.includes(args.tag)))
      .map((t) => ({ t, s: words.length ? score(t, words) : 1 }))
      .filter((m) => m.s > 0)
      .sort((a, b) => b.s - a.s || a.t.name.localeCompare(b.t.name))
      .map(({ t }) => ({
        name: t.name,
        title: t.title,
        description: t.description,
        category: t.category,
        tags: t.tags,
        version: t.version,
        annotations: t.annotations as Record<string, boolean>,
        stateful: t.stateful,
        related: t.related,
        examples: t.examples,
        ...(args.includeSchemas === false ? {} : { inputSchema: toolJsonSchemas(t).input }),
      }));
    return {
      data: {
        tools: matches,
        total: matches.length,
        ...(args.includeErrorCatalog ? { errorCatalog: ERROR_CATALOG } : {}),
      },
    };
  },
});
