import { IncomingMessage } from 'node:http';
import { Socket } from 'node:net';
import {
  CLIENT_CAPABILITIES_META_KEY,
  CLIENT_INFO_META_KEY,
  isLegacyRequest,
  PROTOCOL_VERSION_META_KEY,
} from '@modelcontextprotocol/server';
import { describe, expect, it } from 'vitest';
import { isLegacyTraffic } from '../../src/server/era.js';

// The edge routes on the SDK's classifyInboundRequest fed node:http's headers (src/server/era.ts)
// instead of building a Web Request for isLegacyRequest: both must agree on every kind of request.

const envelope = {
  [PROTOCOL_VERSION_META_KEY]: '2026-07-28',
  [CLIENT_INFO_META_KEY]: { name: 'c', version: '1' },
  [CLIENT_CAPABILITIES_META_KEY]: {},
};
const call = (meta?: object) => ({
  jsonrpc: '2.0',
  id: 1,
  method: 'tools/call',
  params: { name: 'server_info', arguments: {}, ...(meta ? { _meta: meta } : {}) },
});

const cases: [string, string, Record<string, string>, unknown][] = [
  [
    'initialize',
    'POST',
    {},
    {
      jsonrpc: '2.0',
      id: 0,
      method: 'initialize',
      params: { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 'c', version: '1' } },
    },
  ],
  ['2025 call', 'POST', { 'mcp-protocol-version': '2025-11-25' }, call()],
  [
    '2025 notification',
    'POST',
    { 'mcp-protocol-version': '2025-11-25' },
    { jsonrpc: '2.0', method: 'notifications/cancelled', params: { requestId: 1 } },
  ],
  ['2025 batch', 'POST', {}, [call(), call()]],
  ['posted response', 'POST', {}, { jsonrpc: '2.0', id: 3, result: {} }],
  ['GET stream', 'GET', { 'mcp-protocol-version': '2025-11-25' }, undefined],
  ['DELETE session', 'DELETE', {}, undefined],
  [
    'modern call',
    'POST',
    { 'mcp-protocol-version': '2026-07-28', 'mcp-method': 'tools/call', 'mcp-name': 'server_info' },
    call(envelope),
  ],
  ['modern claim without headers', 'POST', {}, call(envelope)],
  ['modern header without envelope', 'POST', { 'mcp-protocol-version': '2026-07-28' }, call()],
  [
    'unknown revision in the envelope',
    'POST',
    { 'mcp-protocol-version': '2099-01-01' },
    call({ ...envelope, [PROTOCOL_VERSION_META_KEY]: '2099-01-01' }),
  ],
  [
    'discover',
    'POST',
    { 'mcp-protocol-version': '2026-07-28', 'mcp-method': 'server/discover' },
    { jsonrpc: '2.0', id: 1, method: 'server/discover', params: { _meta: envelope } },
  ],
];

function nodeRequest(method: string, headers: Record<string, string>): IncomingMessage {
  const req = new IncomingMessage(new Socket());
  req.method = method;
  req.headers = { host: 'localhost', ...headers };
  return req;
}

describe('era classification on node:http headers', () => {
  for (const [label, method, headers, body] of cases) {
    it(`${label}: the same as the SDK's isLegacyRequest`, async () => {
      const web = new Request('http://localhost/mcp', {
        method,
        headers: { 'content-type': 'application/json', ...headers },
      });
      const expected = await isLegacyRequest(web, body);
      expect(isLegacyTraffic(nodeRequest(method, headers), body)).toBe(expected);
    });
  }

  it('tells the eras apart (the table above holds both)', async () => {
    const legacy = cases.map(([, method, headers, body]) => isLegacyTraffic(nodeRequest(method, headers), body));
    expect(legacy).toContain(true);
    expect(legacy).toContain(false);
  });
});
