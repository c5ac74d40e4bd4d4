import { z } from 'zod';
import { ToolError } from '../envelope/errors.js';
import { defineTool } from './define.js';
import { ExecutionRecordSchema, SessionSummarySchema } from './shared/session-schemas.js';

export const sessionGet = defineTool({
  name: 'session_get',
  title: 'Show a session',
  description:
    'Show one session: its metadata, the state tools saved in it, and its execution history (the latest calls made with this sessionId, oldest first, each with state, duration and outcome). Use it to review what was done in a session or why a call failed.',
  category: 'session',
  tags: ['session', 'history', 'executions'],
  version: '1.0.0',
  annotations: { readOnlyHint: true, openWorldHint: false },
  stateful: false,
  related: ['session_create', 'session_list', 'session_close'],
  examples: [{ description: 'The last 20 executions of a session', arguments: { sessionId: '3f2b8c1e-5d4a-4b7e-9c2d-1a2b3c4d5e6f', historyLimit: 20 } }],
  inputSchema: z.strictObject({
    sessionId: z.string().uuid().describe('The id session_create returned.'),
    historyLimit: z.number().int().min(1).max(500).optional().describe('Newest records to return (default 100).'),
    includeState: z.boolean().optional().describe('Include the tools\' saved state (default false: it can be large).'),
  }),
  dataSchema: SessionSummarySchema.extend({
    state: z.record(z.string(), z.unknown()).optional().describe('Per-tool saved state, when includeState is true.'),
    history: z.array(ExecutionRecordSchema).describe('Execution records, oldest first.'),
  }),
  async handler(args, ctx) {
    const session = await ctx.deps.sessions.get(args.sessionId);
    if (!session) throw new ToolError('SESSION_NOT_FOUND', `No live session with id ${args.sessionId}.`, { sessionId: args.sessionId });
    const limit = args.historyLimit ?? 100;
    return {
      data: {
        sessionId: session.id,
        ...(session.label ? { label: session.label } : {}),
        createdAt: session.createdAt,
        updatedAt: session.updatedAt,
        expiresAt: session.expiresAt,
        version: session.version,
        historyLength: session.history.length,
        ...(args.includeState ? { state: session.state } : {}),
        history: session.history.slice(-limit),
      },
    };
  },
});
