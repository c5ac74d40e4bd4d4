import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ERROR_CATALOG, ERROR_CODES } from '../../../src/envelope/catalog.js';
import { envelopeSchema, errorEnvelope, successEnvelope } from '../../../src/envelope/envelope.js';
import { toolCallResult } from '../../../src/registry/call-result.js';
import { analyzeStructure } from '../../../src/tools/analyze_structure.js';
import { ToolError, toToolError } from '../../../src/envelope/errors.js';

const meta = { tool: 't', toolVersion: '1.0.0', durationMs: 3, timestamp: '2026-01-01T00:00:00.000Z' };

describe('envelope and error catalog', () => {
  it('documents every code: meaning, retryability, action', () => {
    expect(ERROR_CODES).toEqual(
      expect.arrayContaining([
        'INVALID_ARGUMENT',
        'PATH_NOT_FOUND',
        'PATH_OUTSIDE_ROOT',
        'UNSUPPORTED_LANGUAGE',
        'FILE_TOO_LARGE',
        'SESSION_NOT_FOUND',
        'SESSION_CONFLICT',
        'STORE_UNAVAILABLE',
        'TIMEOUT',
        'CANCELLED',
        'INTERNAL',
      ]),
    );
    for (const code of ERROR_CODES) {
      const e = ERROR_CATALOG[code];
      expect(e.meaning.length, code).toBeGreaterThan(10);
      expect(e.action.length, code).toBeGreaterThan(10);
      expect(typeof e.retryable).toBe('boolean');
    }
    expect(ERROR_CATALOG.STORE_UNAVAILABLE.retryable).toBe(true);
    expect(ERROR_CATALOG.INVALID_ARGUMENT.retryable).toBe(false);
  });

  it('wraps success and errors in one shape that its own schema accepts', () => {
    const schema = envelopeSchema(z.object({ n: z.number() }));
    const ok = successEnvelope({ n: 1 }, meta, { executionId: 'e' });
    expect(schema.parse(ok)).toEqual(ok);
    const err = errorEnvelope(new ToolError('SESSION_CONFLICT', 'busy', { v: 2 }), meta);
    expect(err.status).toEqual({
      success: false,
      code: 'SESSION_CONFLICT',
      message: 'busy',
      retryable: true,
      action: ERROR_CATALOG.SESSION_CONFLICT.action,
      details: { v: 2 },
    });
    expect(schema.parse(err)).toEqual(err);
  });

  it('gives the envelope as structuredContent and, for a tool without a renderer, its JSON as text; isError only on errors', () => {
    const ok = toolCallResult(undefined, successEnvelope({ n: 1 }, meta));
    expect(JSON.parse(ok.content[0]!.text)).toEqual(ok.structuredContent);
    expect(ok).not.toHaveProperty('isError');
    expect(toolCallResult(undefined, errorEnvelope(new ToolError('TIMEOUT', 'late'), meta)).isError).toBe(true);
  });

  it('writes errors as a few lines for a model: code, message, retryability, what to do, details', () => {
    const text = toolCallResult(
      analyzeStructure,
      errorEnvelope(new ToolError('PATH_NOT_FOUND', 'nope does not exist.', { path: 'nope' }), meta),
    ).content[0]!.text;
    expect(text).toContain('Error PATH_NOT_FOUND: nope does not exist.');
    expect(text).toContain('Retryable: no');
    expect(text).toContain(`What to do: ${ERROR_CATALOG.PATH_NOT_FOUND.action}`);
    expect(text).toContain('Details: {"path":"nope"}');
  });

  it("writes a tool's data with its renderer, under a heading with the call's facts", () => {
    const data = {
      detail: 'summary',
      files: [
        {
          path: 'a.ts',
          language: 'typescript',
          symbols: [{ name: 'A', kind: 'class', startLine: 1, endLine: 9, exported: true, childrenOmitted: 2 }],
        },
      ],
      skipped: [],
      skippedTotal: 0,
      total: 1,
    };
    const text = toolCallResult(
      analyzeStructure,
      successEnvelope(data, { ...meta, engine: 'wasm', cache: { hits: 1, misses: 0 } }, { executionId: 'e1' }),
    ).content[0]!.text;
    expect(text.split('\n')[0]).toBe('t: OK · engine wasm · 3 ms · cache 1 hits/0 misses · execution e1');
    expect(text).toContain('a.ts (typescript)');
    expect(text).toContain('class A 1-9 exported (+2 inside)');
  });

  it('turns unknown throwables into INTERNAL, keeping typed errors', () => {
    expect(toToolError(new Error('boom')).code).toBe('INTERNAL');
    expect(toToolError('text').message).toBe('text');
    const typed = new ToolError('PATH_NOT_FOUND', 'x');
    expect(toToolError(typed)).toBe(typed);
  });
});
