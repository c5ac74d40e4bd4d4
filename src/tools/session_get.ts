import { z } from 'zod';
import { ToolError } from '../envelope/errors.js';
import { defineTool } from './define.js';
import { budgetFor, fitsBudget, largestFitting, MaxTokensField } from './shared/budget.js';
import { TruncatedField } from './shared/schemas.js';
import { ExecutionRecordSchema, SessionSummarySchema } from './shared/session-schemas.js';

export const sessionGet = defineTool({
  name: 'session_get',
  title: 'Show a session',
  description:
    'Show one session: its metadata, the state tools saved in it, and its execution history (the latest calls made with this sessionId, oldest first, each with state, duration and outcome). Use it to review what was done in a session or why a call failed.',
  category: 'session',
  tags: ['session', 'history', 'executions'],
  version: '1.1.0',
  annotations: { readOnlyHint: true, openWorldHint: false },
  stateful: false,
  related: ['session_create', 'session_list', 'session_close'],
  examples: [
    {
      description: 'The last 20 executions of a session',
      arguments: { sessionId: '3f2b8c1e-5d4a-4b7e-9c2d-1a2b3c4d5e6f', historyLimit: 20 },
    },
  ],
  inputSchema: z.strictObject({
    sessionId: z.string().uuid().describe('The id session_create returned.'),
    historyLimit: z
      .number()
      .int()
      .min(1)
      .max(500)
      .optional()
      .describe('Newest records to return (default 100); the size budget may hold fewer.'),
    includeState: z.boolean().optional().describe("Include the tools' saved state (default false: it can be large)."),
    maxTokens: MaxTokensField,
  }),
  dataSchema: SessionSummarySchema.extend({
    state: z.record(z.string(), z.unknown()).optional().describe('Per-tool saved state, when includeState is true.'),
    history: z.array(ExecutionRecordSchema).describe('The newest execution records that fit, oldest first.'),
    truncated: TruncatedField,
  }),
  async handler(args, ctx) {
    const session = await ctx.deps.sessions.get(args.sessionId);
    if (!session)
      throw new ToolError('SESSION_NOT_FOUND', `No live session with id ${args.sessionId}.`, {
        sessionId: args.sessionId,
      });
    const head = {
      sessionId: session.id,
      ...(session.label ? { label: session.label } : {}),
      createdAt: session.createdAt,
      updatedAt: session.updatedAt,
      expiresAt: session.expiresAt,
      version: session.version,
      historyLength: session.history.length,
      ...(args.includeState ? { state: session.state } : {}),
    };
    const budget = budgetFor(args.maxTokens, ctx.deps.config.maxResponseTokens);
    const wanted = Math.min(args.historyLimit ?? 100, session.history.length);
    const build = (count: number) => {
      const cut =
        count < wanted
          ? `${count} of the ${wanted} newest execution records shown (answer budget ${budget.tokens} tokens); ask for fewer with historyLimit, or a larger maxTokens (up to 24000).`
          : undefined;
      return {
        ...head,
        history: session.history.slice(session.history.length - count),
        ...(cut ? { truncated: cut } : {}),
      };
    };
    const count = largestFitting(wanted, (n) => fitsBudget(build(n), JSON.stringify, budget));
    return { data: build(count) };
  },
});
