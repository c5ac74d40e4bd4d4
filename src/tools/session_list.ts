import { z } from 'zod';
import { defineTool } from './define.js';
import { CursorField } from './shared/schemas.js';
import { SessionSummarySchema } from './shared/session-schemas.js';

export const sessionList = defineTool({
  name: 'session_list',
  title: 'List sessions',
  description:
    'List the live sessions, a page at a time (pass data.nextCursor back as cursor for the next page). Use it to find a session you created earlier.',
  category: 'session',
  tags: ['session'],
  version: '1.0.0',
  annotations: { readOnlyHint: true, openWorldHint: false },
  stateful: false,
  related: ['session_get', 'session_create'],
  examples: [{ description: 'First page of 20', arguments: { limit: 20 } }],
  inputSchema: z.strictObject({
    cursor: CursorField,
    limit: z.number().int().min(1).max(500).optional().describe('Sessions per page (default 50).'),
  }),
  dataSchema: z.object({
    sessions: z.array(SessionSummarySchema),
    nextCursor: z.string().optional().describe('Present when there are more sessions.'),
  }),
  async handler(args, ctx) {
    const pageResult = await ctx.deps.sessions.list({
      ...(args.cursor ? { cursor: args.cursor } : {}),
      limit: args.limit ?? 50,
    });
    return {
      data: {
        sessions: pageResult.sessions.map((s) => ({
          sessionId: s.id,
          ...(s.label ? { label: s.label } : {}),
          createdAt: s.createdAt,
          updatedAt: s.updatedAt,
          expiresAt: s.expiresAt,
          version: s.version,
          historyLength: s.history.length,
        })),
        ...(pageResult.nextCursor ? { nextCursor: pageResult.nextCursor } : {}),
      },
    };
  },
});
