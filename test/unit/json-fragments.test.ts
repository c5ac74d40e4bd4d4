import { afterEach, describe, expect, it, vi } from 'vitest';
import { rememberedJson, toJson } from '../../src/envelope/json-fragments.js';
import { toolCallResult } from '../../src/registry/call-result.js';
import { successEnvelope } from '../../src/envelope/envelope.js';

// toJson must write exactly what JSON.stringify writes, and write a remembered object's JSON only once.

describe('toJson', () => {
  afterEach(() => vi.restoreAllMocks());

  const samples: unknown[] = [
    null,
    true,
    0,
    -1.5,
    'quote " and \\ and \n and é',
    [],
    {},
    [1, undefined, () => 1, { a: undefined }],
    { a: 1, b: undefined, c: () => 1, d: Symbol('s'), e: null, f: [{ g: 'h' }], 'k"ey': 2 },
    { when: new Date(0), nested: { deeper: { deepest: { bottom: { x: [1, 2] } } } } },
    { custom: { toJSON: () => 'custom' } },
    Object.assign(Object.create(null) as object, { bare: true }),
    { jsonrpc: '2.0', id: 7, result: { content: [{ type: 'text', text: '{"a":1}' }], structuredContent: { a: 1 } } },
  ];

  it('writes what JSON.stringify writes', () => {
    for (const value of samples) expect(toJson(value)).toBe(JSON.stringify(value));
  });

  it('splices a remembered object in, at any depth, without writing it again', () => {
    const data = { files: [{ path: 'a.ts', complexity: 3 }], summary: { total: 1 } };
    const expected = JSON.stringify({ jsonrpc: '2.0', id: 1, result: { structuredContent: { status: 'ok', data } } });
    expect(rememberedJson(data)).toBe(JSON.stringify(data));
    const stringify = vi.spyOn(JSON, 'stringify');
    const message = { jsonrpc: '2.0', id: 1, result: { structuredContent: { status: 'ok', data } } };
    expect(toJson(message)).toBe(expected);
    expect(stringify.mock.calls.some(([value]) => value === data)).toBe(false);
  });

  it('serialises a tool answer so that the message carries the text block and the same JSON again', () => {
    const data = { name: 'x', list: [1, 2, 3] };
    const envelope = successEnvelope(data, { tool: 't', toolVersion: '1', durationMs: 1, timestamp: 'now' });
    const result = toolCallResult(undefined, envelope);
    expect(result.content[0]!.text).toBe(JSON.stringify(envelope));
    // The SDK hands the transport a copy of the result's outer objects; the data inside is the same object.
    const message = {
      jsonrpc: '2.0',
      id: 3,
      result: { ...result, structuredContent: { ...result.structuredContent } },
    };
    const stringify = vi.spyOn(JSON, 'stringify');
    expect(toJson(message)).toBe(JSON.stringify(message));
    const dataWrites = stringify.mock.calls.filter(([value]) => value === data).length;
    expect(dataWrites).toBe(0);
  });

  it('splices the whole envelope of a text block into a message that carries it as it is (the direct path)', () => {
    const data = { name: 'y', list: [4, 5] };
    const envelope = successEnvelope(data, { tool: 't', toolVersion: '1', durationMs: 2, timestamp: 'now' });
    const result = toolCallResult(undefined, envelope);
    const message = { jsonrpc: '2.0', id: 4, result };
    const stringify = vi.spyOn(JSON, 'stringify');
    expect(toJson(message)).toBe(JSON.stringify(message));
    // The envelope is not walked again (none of its keys written): its JSON is the text block's.
    const written = stringify.mock.calls.map(([value]) => value);
    expect(written).toContain('structuredContent');
    for (const key of ['status', 'metadata', 'data', 'tool']) expect(written).not.toContain(key);
  });
});
