import { z } from 'zod';
import { ToolError } from '../envelope/errors.js';
import { defineTool } from './define.js';

export const sessionClose = defineTool({
  name: 'session_close',
  title: 'Close a session',
  description:
    'Close a session and delete its state and history. Use it when a task is done; sessions also expire by themselves.',
  category: 'session',
  tags: ['session'],
  version: '1.0.0',
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: false },
  stateful: false,
  related: ['session_create', 'session_list'],
  examples: [{ description: 'Close a session', arguments: { sessionId: '3f2b8c1e-5d4a-4b7e-9c2d-1a2b3c4d5e6f' } }],
  inputSchema: z.strictObject({ sessionId: z.string().uuid().describe('The session to close.') }),
  dataSchema: z.object({ sessionId: z.string(), closed: z.literal(true) }),
  async handler(args, ctx) {
    const existed = await ctx.deps.sessions.delete(args.sessionId);
    if (!existed)
      throw new ToolError('SESSION_NOT_FOUND', `No live session with id ${args.sessionId}.`, {
        sessionId: args.sessionId,
      });
    return { data: { sessionId: args.sessionId, closed: true as const } };
  },
});
