import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ERROR_CATALOG, ERROR_CODES } from '../../../src/envelope/catalog.js';
import { envelopeSchema, errorEnvelope, successEnvelope, toCallToolResult } from '../../../src/envelope/envelope.js';
import { ToolError, toToolError } from '../../../src/envelope/errors.js';

const meta = { tool: 't', toolVersion: '1.0.0', durationMs: 3, timestamp: '2026-01-01T00:00:00.000Z' };

describe('envelope and error catalog', () => {
  it('documents every code: meaning, retryability, action', () => {
    expect(ERROR_CODES).toEqual(expect.arrayContaining(['INVALID_ARGUMENT', 'PATH_NOT_FOUND', 'PATH_OUTSIDE_ROOT', 'UNSUPPORTED_LANGUAGE', 'FILE_TOO_LARGE', 'SESSION_NOT_FOUND', 'SESSION_CONFLICT', 'STORE_UNAVAILABLE', 'TIMEOUT', 'CANCELLED', 'INTERNAL']));
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
    expect(err.status).toEqual({ success: false, code: 'SESSION_CONFLICT', message: 'busy', retryable: true, action: ERROR_CATALOG.SESSION_CONFLICT.action, details: { v: 2 } });
    expect(schema.parse(err)).toEqual(err);
  });

  it('gives the same JSON as text and as structuredContent; isError only on errors', () => {
    const ok = toCallToolResult(successEnvelope({ n: 1 }, meta));
    expect(JSON.parse(ok.content[0]!.text)).toEqual(ok.structuredContent);
    expect(ok).not.toHaveProperty('isError');
    expect(toCallToolResult(errorEnvelope(new ToolError('TIMEOUT', 'late'), meta)).isError).toBe(true);
  });

  it('turns unknown throwables into INTERNAL, keeping typed errors', () => {
    expect(toToolError(new Error('boom')).code).toBe('INTERNAL');
    expect(toToolError('text').message).toBe('text');
    const typed = new ToolError('PATH_NOT_FOUND', 'x');
    expect(toToolError(typed)).toBe(typed);
  });
});
