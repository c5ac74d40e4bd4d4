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

/** The tool label of a call to a name no tool has: a client must not be able to mint label values. */
export const UNKNOWN_TOOL = 'unknown';

/** One served request, as the OTel MCP conventions describe it (mcp.server.operation.duration). */
export interface ServedOperation {
  method: 'tools/list' | 'tools/call';
  /** tools/call: the tool's name, or UNKNOWN_TOOL. */
  tool?: string;
  /**
   * OTel error.type: `tool_error` for an isError result, the JSON-RPC error code when the handler threw; absent on
   * success.
   */
  errorType?: string;
  protocolVersion?: string;
  seconds: number;
}

/** Told of every request these handlers serve (the metrics); must not throw or wait. */
export interface OperationObserver {
  served(op: ServedOperation): void;
}

/** The JSON-RPC error code of what a handler threw (the SDK answers anything else as an internal error). */
function errorTypeOf(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'number' ? String(code) : '-32603';
}

/**
 * tools/list and tools/call on the SDK's low-level Server. We do not use McpServer.registerTool
 * because it validates arguments itself and answers bad input with a bare text error; here
 * validation is the machine's first state, so bad input gets the INVALID_ARGUMENT envelope.
 */
export function registerTools(
  server: Server,
  registry: ToolRegistry,
  service: ExecutionService,
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
    const started = performance.now();
    const name = request.params.name;
    const tool = registry.get(name);
    const client = callerProtocol(server, ctx);
    const served = (errorType: string | undefined) =>
      observer?.served({
        method: 'tools/call',
        tool: tool ? name : UNKNOWN_TOOL,
        errorType,
        protocolVersion: client?.protocolVersion,
        seconds: (performance.now() - started) / 1000,
      });
    if (!tool) {
      const error = new ToolError('NOT_FOUND', `No tool named ${name}; discover_tools lists them.`, { tool: name });
      served('tool_error');
      return toolCallResult(
        undefined,
        errorEnvelope(error, { tool: name, toolVersion: '0', durationMs: 0, timestamp: new Date().toISOString() }),
      );
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
                params: {
                  progressToken,
                  progress: done,
                  ...(total !== undefined ? { total } : {}),
                  ...(message ? { message } : {}),
                  ...outMeta,
                },
              })
              .catch(() => undefined);
          };
    try {
      const { envelope } = await service.run(tool, request.params.arguments, {
        signal: ctx.mcpReq.signal,
        ...(onProgress ? { onProgress } : {}),
        ...(client ? { client } : {}),
        ...(trace ? { trace } : {}),
      });
      const result = server.projectCallToolResult(toolCallResult(tool, envelope), toolJsonSchemas(tool).output);
      served(envelope.status.success ? undefined : 'tool_error');
      return result;
    } catch (error) {
      served(errorTypeOf(error));
      throw error;
    }
  });
}
