import { PROTOCOL_VERSION_META_KEY, type Server, type ServerContext } from '@modelcontextprotocol/server';
import type { CallerProtocol } from '../tools/define.js';
import { toolJsonSchemas } from '../tools/shared/json-schema.js';
import type { ToolRegistry } from './registry.js';
import type { OperationObserver, ToolCaller, ToolCallResult } from './tool-call.js';

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

/** A call's result as the wire carries it to this connection's protocol version (the SDK's projection). */
export function projectToolResult(server: Server, registry: ToolRegistry, name: string, result: ToolCallResult) {
  const tool = registry.get(name);
  return server.projectCallToolResult(result, tool ? toolJsonSchemas(tool).output : undefined);
}

/**
 * tools/list and tools/call on the SDK's low-level Server. We do not use McpServer.registerTool
 * because it validates arguments itself and answers bad input with a bare text error; here
 * validation is the machine's first state, so bad input gets the INVALID_ARGUMENT envelope.
 */
export function registerTools(
  server: Server,
  registry: ToolRegistry,
  callTool: ToolCaller,
  observer?: OperationObserver,
): void {
  server.setRequestHandler('tools/list', (_request, ctx) => {
    const started = performance.now();
    const result = { tools: registry.listings() };
    observer?.served({
      method: 'tools/list',
      protocolVersion: callerProtocol(server, ctx)?.protocolVersion,
      seconds: (performance.now() - started) / 1000,
    });
    return result;
  });
  server.setRequestHandler('tools/call', async (request, ctx) => {
    const client = callerProtocol(server, ctx);
    const result = await callTool(
      { ...request.params, _meta: ctx.mcpReq._meta ?? request.params._meta },
      {
        signal: ctx.mcpReq.signal,
        notify: (notification) => ctx.mcpReq.notify(notification as Parameters<typeof ctx.mcpReq.notify>[0]),
        ...(client ? { client } : {}),
      },
    );
    return projectToolResult(server, registry, request.params.name, result);
  });
}
