import { ToolError } from '../envelope/errors.js';
import type { AnyTool, ToolContext, ToolOutcome } from '../tools/define.js';

/**
 * A session lock is held for this long and renewed every third of it while its call runs: if
 * the instance holding it dies, the session is free again within seconds, not at the end of
 * the tool's timeout (a call taken over by another instance would wait that long).
 */
export const SESSION_LOCK_LEASE_MS = 10_000;

/**
 * The stateful-tool helper. With a sessionId, the session must exist (never created
 * silently). A stateful tool gets its own slice of the session state and returns the new
 * one. Calls on one session are serialised by the store's lock (which works across
 * instances on Redis), and the save carries the lock's fencing token, so a writer whose lock
 * expired mid-call cannot overwrite a newer one: no update is lost under concurrency.
 */
export async function runWithSession(
  tool: AnyTool,
  args: unknown,
  ctx: Omit<ToolContext, 'state'>,
): Promise<ToolOutcome<unknown>> {
  const sessionId = ctx.sessionId;
  if (!sessionId || tool.category === 'session') return tool.handler(args, ctx);
  if (!tool.stateful) {
    if (!(await ctx.deps.sessions.get(sessionId))) throw notFound(sessionId);
    return tool.handler(args, ctx);
  }
  const holdMs = tool.timeoutMs ?? ctx.deps.config.toolTimeoutMs;
  const lock = await ctx.deps.sessions.lock(sessionId, { ttlMs: SESSION_LOCK_LEASE_MS, waitMs: holdMs });
  const renewal = setInterval(
    () => void lock.extend(SESSION_LOCK_LEASE_MS).catch(() => false),
    SESSION_LOCK_LEASE_MS / 3,
  );
  renewal.unref();
  try {
    const session = await ctx.deps.sessions.get(sessionId);
    if (!session) throw notFound(sessionId);
    const outcome = await tool.handler(args, { ...ctx, state: session.state[tool.name] });
    if (outcome.state !== undefined) {
      await ctx.deps.sessions.update(sessionId, session.version, {
        state: { [tool.name]: outcome.state },
        fencingToken: lock.fencingToken,
      });
    }
    return outcome;
  } finally {
    clearInterval(renewal);
    await lock.release().catch(() => false);
  }
}

function notFound(sessionId: string): ToolError {
  return new ToolError('SESSION_NOT_FOUND', `No live session with id ${sessionId}.`, { sessionId });
}
