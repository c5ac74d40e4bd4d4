import { errorEnvelope } from '../envelope/envelope.js';
import { ToolError } from '../envelope/errors.js';
import type { ExecutionService } from '../execution/service.js';
import { traceContextOf, traceMeta } from '../execution/trace.js';
import type { CallerProtocol } from '../tools/define.js';
import { toolCallResult } from './call-result.js';
import type { ToolRegistry } from './registry.js';

// One tools/call, whoever carries it: the SDK's request handler (register.ts) for stdio, the
// 2026-07-28 era and anything else, and the light dispatcher of 2025-era HTTP sessions
// (server/direct-tool-calls.ts). Both hand in the request's params, its cancellation, a way to
// send a notification tied to the request, and the caller's protocol; both get the
// CallToolResult back, not yet projected for the wire.

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

/** The params of a tools/call request, as far as a call reads them. */
export interface ToolCallParams {
  name: string;
  arguments?: Record<string, unknown>;
  _meta?: Record<string, unknown>;
}

/** What carries the call gives it. */
export interface ToolCallIo {
  signal: AbortSignal;
  /** Sends a notification tied to this request (progress). */
  notify(notification: { method: string; params: Record<string, unknown> }): Promise<void>;
  client?: CallerProtocol;
}

export type ToolCallResult = ReturnType<typeof toolCallResult>;
export type ToolCaller = (params: ToolCallParams, io: ToolCallIo) => Promise<ToolCallResult>;

/** The JSON-RPC error code of what a handler threw (the SDK answers anything else as an internal error). */
function errorTypeOf(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'number' ? String(code) : '-32603';
}

/** Runs tools/call requests: the tool by name through the execution service, observed for the metrics. */
export function toolCaller(
  registry: ToolRegistry,
  service: ExecutionService,
  observer?: OperationObserver,
): ToolCaller {
  return async (params, io) => {
    const started = performance.now();
    const name = params.name;
    const tool = registry.get(name);
    const client = io.client;
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
    const meta = params._meta as { progressToken?: string | number } | undefined;
    const progressToken = meta?.progressToken;
    // SEP-414: the caller's trace context goes into the call's logs and record, and back out on its notifications.
    const trace = traceContextOf(params._meta);
    const outMeta = trace ? { _meta: traceMeta(trace) } : {};
    const onProgress =
      progressToken === undefined
        ? undefined
        : (done: number, total: number | undefined, message: string | undefined) => {
            void io
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
      const { envelope } = await service.run(tool, params.arguments, {
        signal: io.signal,
        ...(onProgress ? { onProgress } : {}),
        ...(client ? { client } : {}),
        ...(trace ? { trace } : {}),
      });
      served(envelope.status.success ? undefined : 'tool_error');
      return toolCallResult(tool, envelope);
    } catch (error) {
      served(errorTypeOf(error));
      throw error;
    }
  };
}
