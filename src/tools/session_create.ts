import { z } from 'zod';
import { MAX_SESSION_TTL_MS } from '../session/types.js';
import { defineTool } from './define.js';

export const sessionCreate = defineTool({
  name: 'session_create',
  title: 'Create a session',
  description:
    'Start a session to group related calls: pass its sessionId to analysis tools and session_get shows every call made in it (execution history) plus state such as the previous run of each analysis, which lets analysis tools report what changed since then. Use it when you will analyse the same code several times, e.g. before and after a refactor.',
  category: 'session',
  tags: ['session', 'state', 'history'],
  version: '1.0.0',
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: false },
  stateful: false,
  related: ['session_get', 'session_list', 'session_close'],
  examples: [
    {
      description: 'A session for a refactoring task, kept one hour',
      arguments: { label: 'refactor parser', ttlSeconds: 3600 },
    },
  ],
  inputSchema: z.strictObject({
    label: z.string().max(200).optional().describe('Free text to recognise the session by.'),
    ttlSeconds: z
      .number()
      .int()
      .min(10)
      .max(MAX_SESSION_TTL_MS / 1000)
      .optional()
      .describe('Time to live in seconds, refreshed on every use (default from server config, 30 minutes).'),
  }),
  dataSchema: z.object({
    sessionId: z.string().describe('Pass this as sessionId to other tools.'),
    expiresAt: z.string().describe('ISO time when the session expires unless used again.'),
    label: z.string().optional(),
  }),
  async handler(args, ctx) {
    const session = await ctx.deps.sessions.create({
      ...(args.label !== undefined ? { label: args.label } : {}),
      ttlMs: args.ttlSeconds !== undefined ? args.ttlSeconds * 1000 : ctx.deps.config.sessionTtlMs,
    });
    return {
      data: { sessionId: session.id, expiresAt: session.expiresAt, ...(session.label ? { label: session.label } : {}) },
    };
  },
});
