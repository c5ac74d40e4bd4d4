import type { ServerResponse } from 'node:http';

/**
 * The one way the HTTP edge answers with a JSON-RPC error outside a session's protocol flow
 * (guards, unknown sessions, bad bodies, shutdown, transport checks): an HTTP status and a
 * JSON-RPC error object with no id.
 */
export function writeJsonRpcError(
  res: ServerResponse,
  status: number,
  code: number,
  message: string,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify({ jsonrpc: '2.0', error: { code, message }, id: null }));
}
