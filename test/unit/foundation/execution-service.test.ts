import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { loadConfig } from '../../../src/config/config.js';
import { ExecutionService } from '../../../src/execution/service.js';
import { Roots } from '../../../src/security/roots.js';
import { MemorySessionStore } from '../../../src/session/memory-store.js';
import { defineTool, type AnyTool } from '../../../src/tools/define.js';
import type { ToolDeps } from '../../../src/tools/deps.js';
import { SAMPLE } from '../../helpers/cli.js';

// A stateful counter tool: each call reads its slice of the session state and writes n+1.
const counter = defineTool({
  name: 'counter',
  title: 'Counter',
  description: 'Counts calls in a session.',
  category: 'analysis',
  tags: [],
  version: '1.0.0',
  annotations: {},
  stateful: true,
  related: [],
  examples: [],
  inputSchema: z.object({ sessionId: z.string().optional(), delayMs: z.number().optional() }),
  dataSchema: z.object({ n: z.number() }),
  async handler(args, ctx) {
    const n = ((ctx.state as { n?: number } | undefined)?.n ?? 0) + 1;
    await new Promise((r) => setTimeout(r, args.delayMs ?? 0));
    return { data: { n }, state: { n } };
  },
}) as unknown as AnyTool;

function service() {
  const sessions = new MemorySessionStore();
  const deps = {
    config: loadConfig({ roots: [SAMPLE] }, {}),
    roots: new Roots([SAMPLE]),
    sessions,
    catalog: () => [counter],
  } as unknown as ToolDeps;
  return {
    sessions,
    svc: new ExecutionService({ deps, log: pino({ level: 'silent' }), defaultTimeoutMs: 10_000, backoffBaseMs: 1 }),
  };
}

describe('execution service with a stateful tool', () => {
  it('loads, saves and records: concurrent calls on one session lose no update and no record', async () => {
    const { sessions, svc } = service();
    const s = await sessions.create({});
    const results = await Promise.all(
      Array.from({ length: 5 }, (_, i) => svc.run(counter, { sessionId: s.id, delayMs: i % 2 })),
    );
    // The session lock serialised the calls: each saw the state the previous one saved.
    const counts = results.map((r) => (r.envelope.data as { n: number }).n).sort();
    expect(counts).toEqual([1, 2, 3, 4, 5]);
    const after = (await sessions.get(s.id))!;
    expect(after.state.counter).toEqual({ n: 5 });
    expect(after.history).toHaveLength(5);
    expect(after.history.every((r) => r.state === 'succeeded')).toBe(true);
  });

  it('answers SESSION_NOT_FOUND for an unknown session and never creates one', async () => {
    const { sessions, svc } = service();
    const { envelope, record } = await svc.run(counter, { sessionId: 'no-such-session' });
    expect(envelope.context).toEqual({ executionId: record.executionId, sessionId: 'no-such-session' });
    expect(envelope.status.code).toBe('SESSION_NOT_FOUND');
    expect(record.state).toBe('failed');
    expect((await sessions.list()).sessions).toHaveLength(0);
  });

  it('records argument hashes, not arguments', async () => {
    const { svc } = service();
    const { record } = await svc.run(counter, { delayMs: 0 });
    expect(record.argsHash).toMatch(/^[0-9a-f]{32}$/);
    expect(JSON.stringify(record)).not.toContain('delayMs');
  });
});
