import type { JSONRPCRequest, Server } from '@modelcontextprotocol/server';
import { projectToolResult } from '../registry/register.js';
import type { ToolRegistry } from '../registry/registry.js';
import type { ToolCaller, ToolCallIo, ToolCallParams } from '../registry/tool-call.js';
import { isId, isObject } from './json-rpc-values.js';

// The light dispatcher of 2025-era HTTP sessions: a tools/call request goes from our transport
// (http-transport.ts) straight to the tool caller, its answer straight back, without the SDK's
// Protocol in between. Per call the SDK path builds a request context and an AbortController,
// parses the request and then the result with its zod schemas (a copy of the answer) and
// classifies the era again: about a fifth of a server_info call's CPU, for checks whose outcome
// is known here. Our results are CallToolResults by construction (the contract tests check
// every tool's against the SDK's schema), the 2025-era codec sends a tools/call result as it is,
// and the projection to the negotiated version is still the SDK's (projectToolResult).
//
// Only plain calls take this path: anything the SDK has to judge (malformed params, params
// beyond name, arguments and _meta such as a task) goes through the SDK's path, which answers it
// with its own errors. The transport keeps the cancellation (notifications/cancelled, the
// fleet's, the session's close) and the progress notifications of the calls it runs this way.

export type PlainToolCall = JSONRPCRequest & { params: ToolCallParams };
export type DirectToolCall = (request: PlainToolCall, io: Omit<ToolCallIo, 'client'>) => Promise<object>;

const PARAM_KEYS = new Set(['name', 'arguments', '_meta']);

/** A tools/call whose params the SDK's CallToolRequest schema accepts and that carries nothing else. */
export function isPlainToolCall(request: JSONRPCRequest): request is PlainToolCall {
  if (request.method !== 'tools/call') return false;
  const params = request.params;
  if (!isObject(params) || typeof params.name !== 'string') return false;
  for (const key in params) if (!PARAM_KEYS.has(key)) return false;
  if (params.arguments !== undefined && !isObject(params.arguments)) return false;
  const meta = params._meta;
  if (meta === undefined) return true;
  if (!isObject(meta)) return false;
  return meta.progressToken === undefined || isId(meta.progressToken);
}

/** Runs plain tools/call requests of one 2025-era session (its server knows the negotiated version). */
export function directToolCalls(server: Server, registry: ToolRegistry, callTool: ToolCaller): DirectToolCall {
  return async (request, io) => {
    const negotiated = server.getNegotiatedProtocolVersion();
    const result = await callTool(request.params, {
      ...io,
      ...(negotiated ? { client: { protocolVersion: negotiated, era: 'legacy' as const } } : {}),
    });
    return projectToolResult(server, registry, request.params.name, result);
  };
}

/** The JSON-RPC error object of what a call threw, as the SDK's Protocol writes it. */
export function jsonRpcErrorOf(error: unknown): { code: number; message: string; data?: unknown } {
  const thrown = (error ?? {}) as { code?: unknown; message?: unknown; data?: unknown };
  const code = typeof thrown.code === 'number' && Number.isSafeInteger(thrown.code) ? thrown.code : -32603;
  return {
    // -32002 (resource not found) is answered as invalid params in both eras' codecs.
    code: code === -32002 ? -32602 : code,
    message: typeof thrown.message === 'string' ? thrown.message : 'Internal error',
    ...(thrown.data !== undefined ? { data: thrown.data } : {}),
  };
}
