import { ToolError } from '../envelope/errors.js';
import type { AnyTool, ToolContext, ToolOutcome } from '../tools/define.js';

/**
 * The stateful-tool helper. With a sessionId, the session must exist (never created
 * silently). A stateful tool gets its own slice of the session state and returns the new
 * one; the save is guarded by the session version, so a concurrent update answers
 * SESSION_CONFLICT (retryable: the machine re-runs the call against the fresh state).
 */
export async function runWithSession(tool: AnyTool, args: unknown, ctx: Omit<ToolContext, 'state'>): Promise<ToolOutcome<unknown>> {
  const sessionId = ctx.sessionId;
  if (!sessionId || tool.category === 'session') return tool.handler(args, ctx);
  const session = await ctx.deps.sessions.get(sessionId);
  if (!session) throw new ToolError('SESSION_NOT_FOUND', `No live session with id ${sessionId}.`, { sessionId });
  if (!tool.stateful) return tool.handler(args, ctx);
  const outcome = await tool.handler(args, { ...ctx, state: session.state[tool.name] });
  if (outcome.state !== undefined) {
    await ctx.deps.sessions.update(sessionId, session.version, { state: { [tool.name]: outcome.state } });
  }
  return outcome;
}
