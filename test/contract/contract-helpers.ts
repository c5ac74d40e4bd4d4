import { isToolError } from '../../src/envelope/errors.js';
import type { ExecutionRecord } from '../../src/envelope/execution-record.js';
import type { SessionStore } from '../../src/session/types.js';

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export function makeRecord(i: number, sessionId?: string): ExecutionRecord {
  const at = new Date(Date.UTC(2026, 0, 1, 0, 0, 0, i)).toISOString();
  return {
    executionId: `exec-${i}`,
    tool: 'analyze_file',
    argsHash: `hash-${i}`,
    ...(sessionId ? { sessionId } : {}),
    state: 'succeeded',
    transitions: [
      { state: 'running', at },
      { state: 'succeeded', at },
    ],
    attempts: 1,
    startedAt: at,
    endedAt: at,
    durationMs: i,
  };
}

/** The error code a promise rejects with (fails the test when it resolves). */
export async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (error) {
    if (isToolError(error)) return error.code;
    throw error;
  }
  throw new Error('expected a ToolError, but the call succeeded');
}

export interface ContractContext {
  store: SessionStore;
}
