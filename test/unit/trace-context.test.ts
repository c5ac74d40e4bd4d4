import { Writable } from 'node:stream';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { loadConfig } from '../../src/config/config.js';
import { ExecutionService } from '../../src/execution/service.js';
import { traceContextOf, traceMeta } from '../../src/execution/trace.js';
import { Roots } from '../../src/security/roots.js';
import { MemorySessionStore } from '../../src/session/memory-store.js';
import { defineTool, type AnyTool } from '../../src/tools/define.js';
import type { ToolDeps } from '../../src/tools/deps.js';
import { SAMPLE } from '../helpers/cli.js';

const PARENT = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';

describe('trace context from _meta (SEP-414)', () => {
  it('takes a well-formed traceparent, with its tracestate', () => {
    expect(traceContextOf({ traceparent: PARENT })).toEqual({ traceparent: PARENT });
    expect(traceContextOf({ traceparent: PARENT, tracestate: 'rojo=00f067aa0ba902b7' })).toEqual({
      traceparent: PARENT,
      tracestate: 'rojo=00f067aa0ba902b7',
    });
    expect(traceMeta({ traceparent: PARENT, tracestate: 'a=b' })).toEqual({ traceparent: PARENT, tracestate: 'a=b' });
  });

  it('drops what W3C Trace Context calls invalid, and a tracestate past 512 printable characters', () => {
    for (const bad of [
      PARENT.toUpperCase(),
      `ff${PARENT.slice(2)}`,
      '00-00000000000000000000000000000000-00f067aa0ba902b7-01',
      '00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01',
      `${PARENT}-extra`,
      42,
      undefined,
    ]) {
      expect(traceContextOf({ traceparent: bad }), String(bad)).toBeUndefined();
    }
    expect(traceContextOf(undefined)).toBeUndefined();
    expect(traceContextOf({ traceparent: PARENT, tracestate: 'x'.repeat(513) })).toEqual({ traceparent: PARENT });
    expect(traceContextOf({ traceparent: PARENT, tracestate: 'a=b\nforged log line' })).toEqual({
      traceparent: PARENT,
    });
  });
});

const chatty = defineTool({
  name: 'chatty',
  title: 'Chatty',
  description: 'Logs a line.',
  category: 'analysis',
  tags: [],
  version: '1.0.0',
  annotations: {},
  stateful: false,
  related: [],
  examples: [],
  inputSchema: z.object({}),
  dataSchema: z.object({}),
  async handler(_args, ctx) {
    ctx.log.info('working');
    return { data: {} };
  },
}) as unknown as AnyTool;

describe('a call logs with its execution id and the caller trace', () => {
  it('puts both on every line the tool logs, and the traceparent in the record', async () => {
    const lines: Record<string, unknown>[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(JSON.parse(chunk.toString()));
        done();
      },
    });
    const deps = {
      config: loadConfig({ roots: [SAMPLE] }, {}),
      roots: new Roots([SAMPLE]),
      sessions: new MemorySessionStore(),
      catalog: () => [chatty],
    } as unknown as ToolDeps;
    const svc = new ExecutionService({ deps, log: pino({ level: 'info' }, sink), defaultTimeoutMs: 10_000 });
    const { record } = await svc.run(chatty, {}, { trace: { traceparent: PARENT, tracestate: 'a=b' } });
    const untraced = await svc.run(chatty, {});
    expect(record.traceparent).toBe(PARENT);
    expect(untraced.record.traceparent).toBeUndefined();
    expect(lines.map((l) => [l.msg, l.executionId, l.tool, l.traceparent, l.tracestate])).toEqual([
      ['working', record.executionId, 'chatty', PARENT, 'a=b'],
      ['working', untraced.record.executionId, 'chatty', undefined, undefined],
    ]);
  });
});
