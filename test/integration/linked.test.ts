import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { envelopeOf } from '../helpers/cli.js';
import { linkedClient } from '../helpers/app.js';

describe('the whole server over an in-memory linked pair', () => {
  let h: Awaited<ReturnType<typeof linkedClient>>;
  beforeAll(async () => {
    h = await linkedClient();
  });
  afterAll(async () => h.close());

  const call = async (name: string, args: Record<string, unknown>) =>
    envelopeOf(await h.client.callTool({ name, arguments: args }));

  it('calls every tool and gets an envelope', async () => {
    const s = await call('session_create', { label: 'all tools' });
    const sessionId = s.data.sessionId as string;
    const results = {
      complexity: await call('analyze_complexity', { path: 'src', sessionId }),
      structure: await call('analyze_structure', { path: 'src/a.ts', sessionId }),
      deps: await call('analyze_dependencies', { path: '.', format: 'mermaid', sessionId }),
      symbol: await call('symbol_at', { path: 'src/a.ts', line: 7, sessionId }),
      discover: await call('discover_tools', { query: 'complexity' }),
      info: await call('server_info', {}),
      get: await call('session_get', { sessionId }),
      list: await call('session_list', {}),
    };
    for (const [name, env] of Object.entries(results)) expect(env.status, name).toEqual({ success: true, code: 'OK' });
    expect(results.deps.data.cycles).toEqual([['src/a.ts', 'src/b.ts']]);
    expect(results.deps.data.rendering).toContain('graph');
    expect(results.symbol.data.chain.map((c: any) => c.name)).toEqual(['Parser', 'parse']);
    expect(results.symbol.data.function.name).toBe('Parser.parse');
    expect(results.structure.data.files[0].symbols[0]).toMatchObject({ name: 'Parser', kind: 'class', exported: true });
    expect(results.discover.data.tools[0].name).toBe('analyze_complexity');
    expect(results.info.data.store).toEqual({ kind: 'memory', healthy: true });
    // The four analyses ran in the session: their records are its history, in order.
    expect(results.get.data.history.map((r: any) => r.tool)).toEqual([
      'analyze_complexity',
      'analyze_structure',
      'analyze_dependencies',
      'symbol_at',
    ]);
    expect(results.get.data.history[0]).toMatchObject({ state: 'succeeded', attempts: 1, sessionId });
    expect(results.get.data.history[0].transitions.map((t: any) => t.state)).toEqual([
      'validating',
      'running',
      'succeeded',
    ]);
    expect(results.list.data.sessions.some((x: any) => x.sessionId === sessionId)).toBe(true);
    const closed = await call('session_close', { sessionId });
    expect(closed.data).toEqual({ sessionId, closed: true });
  });

  it('reports the complexity delta between two runs in one session (stateful tool)', async () => {
    const { data } = await call('session_create', {});
    const first = await call('analyze_complexity', { path: 'src', sessionId: data.sessionId });
    expect(first.data.delta).toBeUndefined();
    const second = await call('analyze_complexity', { path: 'src', sessionId: data.sessionId });
    expect(second.data.delta).toMatchObject({ files: 0, functions: 0, cyclomaticSum: 0, cognitiveSum: 0 });
    // The tree is unchanged: the second run is the first's snapshot, nothing looked up again.
    expect(second.metadata.cache).toMatchObject({ hits: 0, misses: 0 });
  });

  it('answers every kind of bad input in the envelope', async () => {
    const cases: [string, Record<string, unknown>, string][] = [
      ['analyze_complexity', {}, 'INVALID_ARGUMENT'],
      ['analyze_complexity', { path: 'src', limit: 'ten' }, 'INVALID_ARGUMENT'],
      ['analyze_complexity', { path: 'src', unknownField: true, limit: -1 }, 'INVALID_ARGUMENT'],
      ['analyze_complexity', { path: 'nope' }, 'PATH_NOT_FOUND'],
      ['analyze_complexity', { path: '/etc/passwd' }, 'PATH_OUTSIDE_ROOT'],
      ['analyze_complexity', { path: 'src', sessionId: '00000000-0000-4000-8000-000000000000' }, 'SESSION_NOT_FOUND'],
      ['session_get', { sessionId: 'not-a-uuid' }, 'INVALID_ARGUMENT'],
      ['symbol_at', { path: 'src/a.ts', line: 9999 }, 'NOT_FOUND'],
      ['no_such_tool', {}, 'NOT_FOUND'],
    ];
    for (const [tool, args, code] of cases) {
      const result = await h.client.callTool({ name: tool, arguments: args });
      expect(result.isError, `${tool} ${JSON.stringify(args)}`).toBe(true);
      const env = envelopeOf(result);
      expect(env.status.code, `${tool} ${JSON.stringify(args)}`).toBe(code);
      expect(env.status.success).toBe(false);
      expect(env.data).toBeNull();
    }
  });

  it('sends progress notifications when the client asks for them', async () => {
    const seen: number[] = [];
    await h.client.callTool(
      { name: 'analyze_complexity', arguments: { path: '.' } },
      { onprogress: (p) => seen.push(p.progress) },
    );
    expect(seen.length).toBeGreaterThan(0);
  });
});
