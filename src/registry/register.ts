import { PROTOCOL_VERSION_META_KEY, type Server, type ServerContext } from '@modelcontextprotocol/server';
import { errorEnvelope } from '../envelope/envelope.js';
import { ToolError } from '../envelope/errors.js';
import type { ExecutionService } from '../execution/service.js';
import { traceContextOf, traceMeta } from '../execution/trace.js';
import type { CallerProtocol } from '../tools/define.js';
import { toolJsonSchemas } from '../tools/shared/json-schema.js';
import { toolCallResult } from './call-result.js';
import type { ToolRegistry } from './registry.js';

/**
 * The calling client's protocol, read from the request: a 2026-07-28-era request names its
 * revision in its own _meta envelope (there is no protocol session); a 2025-era request has no
 * envelope, and its version is the one its connection negotiated in initialize.
 */
function callerProtocol(server: Server, ctx: ServerContext): CallerProtocol | undefined {
  const claimed = (ctx.mcpReq.envelope as Record<string, unknown> | undefined)?.[PROTOCOL_VERSION_META_KEY];
  if (typeof claimed === 'string') return { protocolVersion: claimed, era: 'modern' };
  // Deprecated for 2026-era requests only: on a 2025-era connection it is the negotiated version.
  const negotiated = server.getNegotiatedProtocolVersion();
  return negotiated ? { protocolVersion: negotiated, era: 'legacy' } : undefined;
}

/**
 * tools/list and tools/call on the SDK's low-level Server. We do not use McpServer.registerTool
 * because it validates arguments itself and answers bad input with a bare text error; here
 * validation is the machine's first state, so bad input gets the INVALID_ARGUMENT envelope.
 */
export function registerTools(server: Server, registry: ToolRegistry, service: ExecutionService): void {
  server.setRequestHandler('tools/list', () => ({ tools: registry.listings() }));
  server.setRequestHandler('tools/call', async (request, ctx) => {
    const name = request.params.name;
    const tool = registry.get(name);
    if (!tool) {
      const error = new ToolError('NOT_FOUND', `No tool named ${name}; discover_tools lists them.`, { tool: name });
      return toolCallResult(undefined, errorEnvelope(error, { tool: name, toolVersion: '0', durationMs: 0, timestamp: new Date().toISOString() }));
    }
    const requestMeta = request.params._meta as { progressToken?: string | number } | undefined;
    const progressToken = ctx.mcpReq._meta?.progressToken ?? requestMeta?.progressToken;
    // SEP-414: the caller's trace context goes into the call's logs and record, and back out on its notifications.
    const trace = traceContextOf(ctx.mcpReq._meta) ?? traceContextOf(requestMeta);
    const outMeta = trace ? { _meta: traceMeta(trace) } : {};
    const onProgress =
      progressToken === undefined
        ? undefined
        : (done: number, total: number | undefined, message: string | undefined) => {
            void ctx.mcpReq
              .notify({
                method: 'notifications/progress',
                params: { progressToken, progress: done, ...(total !== undefined ? { total } : {}), ...(message ? { message } : {}), ...outMeta },
              })
              .catch(() => undefined);
          };
    const client = callerProtocol(server, ctx);
    const { envelope } = await service.run(tool, request.params.arguments, { signal: ctx.mcpReq.signal, ...(onProgress ? { onProgress } : {}), ...(client ? { client } : {}), ...(trace ? { trace } : {}) });
    return server.projectCallToolResult(toolCallResult(tool, envelope), toolJsonSchemas(tool).output);
  });
}
