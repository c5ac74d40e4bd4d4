import { randomUUID } from 'node:crypto';
import { ToolError } from '../envelope/errors.js';
import { MAX_SESSION_TTL_MS, type Session, type SessionCreateInput } from './types.js';

/** A fresh session as every store creates it: version 1, empty state and history, TTL capped. */
export function newSession(input: SessionCreateInput, defaultTtlMs: number, at: number): Session {
  const ttlMs = Math.min(input.ttlMs ?? defaultTtlMs, MAX_SESSION_TTL_MS);
  if (!(ttlMs > 0)) throw new ToolError('INVALID_ARGUMENT', `ttlMs must be positive, got ${ttlMs}.`);
  return {
    id: randomUUID(),
    ...(input.label !== undefined ? { label: input.label } : {}),
    createdAt: new Date(at).toISOString(),
    updatedAt: new Date(at).toISOString(),
    expiresAt: new Date(at + ttlMs).toISOString(),
    ttlMs,
    version: 1,
    state: {},
    history: [],
  };
}
