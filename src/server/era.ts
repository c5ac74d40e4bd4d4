import type { IncomingMessage } from 'node:http';
import { classifyInboundRequest, type InboundHttpRequest } from '@modelcontextprotocol/server';

/**
 * Whether a request is 2025-era traffic: the SDK's own classification (`classifyInboundRequest`,
 * the function its `isLegacyRequest` and `createMcpHandler` run), fed node:http's headers and the
 * body already parsed. `isLegacyRequest` takes a Web `Request`; building one for every 2025-era
 * call cost about a sixth of a `server_info` call's CPU (bench/http-autocannon.mjs), for three
 * header reads. What is not legacy — modern requests and the modern ladder's rejections — goes to
 * the modern handler, as the SDK asks.
 */
export function isLegacyTraffic(req: IncomingMessage, body: unknown): boolean {
  const request: InboundHttpRequest = { httpMethod: (req.method ?? 'GET').toUpperCase() };
  const protocolVersion = req.headers['mcp-protocol-version'];
  const method = req.headers['mcp-method'];
  const name = req.headers['mcp-name'];
  if (typeof protocolVersion === 'string') request.protocolVersionHeader = protocolVersion;
  if (typeof method === 'string') request.mcpMethodHeader = method;
  if (typeof name === 'string') request.mcpNameHeader = name;
  if (body !== undefined) request.body = body;
  // A POST without a JSON body is legacy for isLegacyRequest too (the 2025 transport answers it).
  if (request.httpMethod === 'POST' && body === undefined) return true;
  return classifyInboundRequest(request).kind === 'legacy';
}
