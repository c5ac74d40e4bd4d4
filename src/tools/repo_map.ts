import { z } from 'zod';
import { CHARS_PER_TOKEN_ESTIMATE, repoMap } from '../navigation/repo-map.js';
import { defineTool } from './define.js';
import { navigate } from './shared/navigate.js';

export const repoMapTool = defineTool({
  name: 'repo_map',
  title: 'Repository map',
  description:
    "A compact map of a repository that fits a token budget: the files that matter most, each with its most used definitions (line, kind, name), best first. Files are ranked by PageRank over the graph of resolved references between files (a file many others use ranks high), personalised to `focus` files when given (what they use and what uses them first). Use it at the start of a task to see a codebase's shape without reading it. Tokens are estimated as characters/4.",
  category: 'analysis',
  tags: ['navigation', 'map', 'overview', 'pagerank', 'context'],
  version: '1.0.0',
  annotations: { readOnlyHint: true, idempotentHint: true, openWorldHint: false },
  stateful: false,
  related: ['find_symbol', 'analyze_structure', 'analyze_dependencies'],
  examples: [
    { description: 'A 2,000-token map of the repository', arguments: { path: '.', tokenBudget: 2000 } },
    { description: 'The map around the files being edited', arguments: { path: '.', focus: ['src/server/http.ts'] } },
  ],
  inputSchema: z.strictObject({
    path: z.string().min(1).max(4096).optional().describe('The directory to map (default ".").'),
    tokenBudget: z
      .number()
      .int()
      .min(200)
      .max(20_000)
      .optional()
      .describe('Size of the map text in estimated tokens (characters/4; default 2000).'),
    focus: z.array(z.string().min(1).max(4096)).max(50).optional().describe('Files to centre the ranking on.'),
    perFile: z.number().int().min(1).max(50).optional().describe('Definitions listed per file (default 8).'),
  }),
  dataSchema: z.object({
    text: z.string().describe('The map: "path:" lines, each followed by "  line: kind name" lines.'),
    files: z.array(
      z.object({
        path: z.string(),
        rank: z.number().describe('PageRank (sums to 1 over all files).'),
        definitions: z.array(z.object({ name: z.string(), kind: z.string(), line: z.number() })),
      }),
    ),
    omitted: z.number().describe('Files ranked below the cut.'),
    estimatedTokens: z.number().describe(`Characters of text / ${CHARS_PER_TOKEN_ESTIMATE}.`),
    tokenBudget: z.number(),
  }),
  renderText: (data) =>
    `${data.text}\n(${data.files.length} files shown, ${data.omitted} below the cut; ~${data.estimatedTokens} tokens)`,
  async handler(args, ctx) {
    const nav = await navigate(args.path ?? '.', ctx);
    const focus = await Promise.all((args.focus ?? []).map((p) => nav.relative(p)));
    const tokenBudget = args.tokenBudget ?? 2000;
    const map = repoMap(nav.index, { tokenBudget, focus, ...(args.perFile ? { perFile: args.perFile } : {}) });
    return { data: { ...map, tokenBudget }, engine: nav.run.engine.kind };
  },
});
