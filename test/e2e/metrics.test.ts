import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { StdioClientTransport } from '@modelcontextprotocol/client/stdio';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OPERATION_BUCKETS } from '../../src/metrics/metrics.js';
import { CLI, SAMPLE, envelopeOf } from '../helpers/cli.js';
import { scrape, type Scrape } from '../helpers/prometheus.js';
import { startHttpServer, type ServerProcess } from '../helpers/server-process.js';

// /metrics scraped from real server processes and read by a Prometheus text-format parser:
// each assertion counts calls this test made, so none depends on timing.

const TOKEN = 'metrics-test-token';
const TRACEPARENT = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';
const TRACESTATE = 'rojo=00f067aa0ba902b7,congo=t61rcWkgMzE';
const OPERATION = 'mcp_server_operation_duration_seconds';

describe('metrics over HTTP: GET /metrics on the MCP port', () => {
  let server: ServerProcess;
  let client: Client;
  let protocolVersion: string;
  let sessionId: string;
  const progressMeta: unknown[] = [];
  let metrics: Scrape;

  beforeAll(async () => {
    server = await startHttpServer([
      '--root',
      SAMPLE,
      '--engine',
      'wasm',
      '--auth-token',
      TOKEN,
      '--no-cache',
      '--log-level',
      'warn',
    ]);
    client = new Client({ name: 'e2e-metrics', version: '1.0.0' });
    await client.connect(
      new StreamableHTTPClientTransport(new URL(server.url), {
        requestInit: { headers: { authorization: `Bearer ${TOKEN}` } },
      }),
    );
    // What the scrape below must show, call by call.
    protocolVersion = envelopeOf(await client.callTool({ name: 'server_info', arguments: {} })).data.client
      .protocolVersion;
    await client.listTools();
    await client.callTool({ name: 'no_such_tool', arguments: {} });
    expect(
      envelopeOf(await client.callTool({ name: 'analyze_structure', arguments: { path: ['x'] } })).status.code,
    ).toBe('INVALID_ARGUMENT');
    sessionId = envelopeOf(await client.callTool({ name: 'session_create', arguments: {} })).data.sessionId;
    const traced = await client.callTool(
      {
        name: 'analyze_complexity',
        arguments: { path: 'src', sessionId },
        _meta: { traceparent: TRACEPARENT, tracestate: TRACESTATE },
      },
      { onprogress: (p) => progressMeta.push((p as { _meta?: unknown })._meta) },
    );
    expect(envelopeOf(traced).status.success).toBe(true);
    // Another analysis of the same two files (a filter that keeps both), so the per-file tiers answer
    // it: the same call again would be answered from the first one's snapshot, looking nothing up.
    expect(
      envelopeOf(
        await client.callTool({ name: 'analyze_complexity', arguments: { path: 'src', languages: ['typescript'] } }),
      ).status.success,
    ).toBe(true);
    metrics = await scrape(`${server.base}/metrics`);
  });

  afterAll(async () => {
    await client?.close();
    await server?.stop();
  });

  it('answers in the Prometheus text format without the bearer token /mcp requires', async () => {
    expect(metrics.status).toBe(200);
    expect(metrics.contentType).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(
      (await fetch(server.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })).status,
    ).toBe(401);
    expect((await fetch(`${server.base}/metrics`, { method: 'POST' })).status).toBe(405);
  });

  it('counts each call in the OTel histogram with its method, tool, transport, protocol version and error type', () => {
    expect(metrics.families[OPERATION]?.type).toBe('histogram');
    const base = { mcp_method_name: 'tools/call', network_transport: 'tcp', mcp_protocol_version: protocolVersion };
    const info = metrics.histogram(OPERATION, { ...base, gen_ai_tool_name: 'server_info' })!;
    expect(info.count).toBe(1);
    expect(Object.keys(info.buckets).sort()).toEqual([...OPERATION_BUCKETS.map(String), '+Inf'].sort());
    expect(
      metrics.histogram(OPERATION, { ...base, gen_ai_tool_name: 'unknown', error_type: 'tool_error' })?.count,
    ).toBe(1);
    expect(
      metrics.histogram(OPERATION, { ...base, gen_ai_tool_name: 'analyze_structure', error_type: 'tool_error' })?.count,
    ).toBe(1);
    expect(metrics.histogram(OPERATION, { ...base, gen_ai_tool_name: 'analyze_complexity' })?.count).toBe(2);
    // tools/list: our own call at least (a client may list tools on its own as well).
    expect(
      metrics.histogram(OPERATION, {
        mcp_method_name: 'tools/list',
        network_transport: 'tcp',
        mcp_protocol_version: protocolVersion,
      })?.count,
    ).toBeGreaterThanOrEqual(1);
    // No label holds a path, a session id or an execution id.
    expect(metrics.text).not.toContain(sessionId);
    expect(metrics.text).not.toContain('a.ts');
  });

  it('counts tool calls by tool and envelope code, unknown names under one label', () => {
    expect(metrics.value('mca_tool_calls_total', { tool: 'server_info', code: 'OK' })).toBe(1);
    expect(metrics.value('mca_tool_calls_total', { tool: 'unknown', code: 'NOT_FOUND' })).toBe(1);
    expect(metrics.value('mca_tool_calls_total', { tool: 'analyze_structure', code: 'INVALID_ARGUMENT' })).toBe(1);
    expect(metrics.value('mca_tool_calls_total', { tool: 'analyze_complexity', code: 'OK' })).toBe(2);
  });

  it('counts the files the engine analysed and the cache lookups by tier', () => {
    // Two TypeScript files, analysed once: the second call found them in the memory tier.
    expect(metrics.value('mca_engine_files_total', { engine: 'wasm', language: 'typescript' })).toBe(2);
    expect(metrics.value('mca_cache_requests_total', { tier: 'memory', result: 'miss' })).toBeGreaterThanOrEqual(2);
    expect(metrics.value('mca_cache_requests_total', { tier: 'memory', result: 'hit' })).toBeGreaterThanOrEqual(2);
    expect(metrics.text).toContain('mca_cache_requests_total{tier="content",result="hit"}');
  });

  it('times the session store and reports its health, the breaker, live sessions, the fleet and shadow mode', () => {
    const count = (op: string) =>
      metrics.histogram('mca_store_operation_duration_seconds', { store: 'memory', op })?.count ?? 0;
    expect(count('create')).toBe(1);
    expect(count('lock')).toBe(1);
    expect(count('release')).toBe(1);
    expect(count('appendHistory')).toBe(1);
    expect(metrics.value('mca_store_healthy')).toBe(1);
    expect(metrics.value('mca_breaker_state')).toBe(0);
    expect(metrics.value('mca_sessions_live')).toBe(1);
    expect(metrics.value('mca_fleet_instances')).toBe(1);
    expect(metrics.text).toContain('mca_shadow_comparisons_total{result="mismatch"} 0');
  });

  it('exposes Node process metrics under their usual names', () => {
    expect(metrics.families.process_cpu_user_seconds_total?.type).toBe('counter');
    expect(metrics.families.nodejs_eventloop_lag_seconds?.type).toBe('gauge');
  });

  it('carries the traceparent into the execution record and the progress notifications', async () => {
    const history = envelopeOf(await client.callTool({ name: 'session_get', arguments: { sessionId } })).data
      .history as { tool: string; traceparent?: string }[];
    expect(history.map((h) => [h.tool, h.traceparent])).toEqual([['analyze_complexity', TRACEPARENT]]);
    expect(progressMeta.length).toBeGreaterThan(0);
    for (const meta of progressMeta) expect(meta).toEqual({ traceparent: TRACEPARENT, tracestate: TRACESTATE });
  });
});

describe('metrics of a stdio server: --metrics-port', () => {
  let client: Client;
  let stderr = '';
  let metricsUrl: string;

  beforeAll(async () => {
    const transport = new StdioClientTransport({
      command: process.execPath,
      args: [CLI, 'serve', '--root', SAMPLE, '--engine', 'wasm', '--metrics-port', '0', '--log-level', 'warn'],
      stderr: 'pipe',
    });
    const announced = new Promise<string>((resolve) =>
      transport.stderr?.on('data', (chunk: Buffer) => {
        stderr += chunk.toString();
        const match = /metrics on (http:\/\/\S+)/.exec(stderr);
        if (match) resolve(match[1]!);
      }),
    );
    client = new Client({ name: 'e2e-metrics-stdio', version: '1.0.0' });
    await client.connect(transport);
    metricsUrl = await announced;
  });

  afterAll(async () => {
    await client?.close();
  });

  it('serves /metrics on its own port, the call counted with network_transport pipe', async () => {
    const info = envelopeOf(await client.callTool({ name: 'server_info', arguments: {} }));
    const metrics = await scrape(metricsUrl);
    expect(metrics.status).toBe(200);
    const labels = {
      mcp_method_name: 'tools/call',
      gen_ai_tool_name: 'server_info',
      network_transport: 'pipe',
      mcp_protocol_version: info.data.client.protocolVersion,
    };
    expect(metrics.histogram(OPERATION, labels)?.count).toBe(1);
    expect(metrics.value('mca_tool_calls_total', { tool: 'server_info', code: 'OK' })).toBe(1);
    expect((await fetch(metricsUrl.replace(/\/metrics$/, '/other'))).status).toBe(404);
  });
});

describe('--metrics off (MCA_METRICS=off)', () => {
  it('builds no metrics: /metrics is not found and calls still work', async () => {
    const server = await startHttpServer(['--root', SAMPLE, '--engine', 'wasm', '--no-cache'], { MCA_METRICS: 'off' });
    try {
      const client = new Client({ name: 'e2e-metrics-off', version: '1.0.0' });
      await client.connect(new StreamableHTTPClientTransport(new URL(server.url)));
      expect(envelopeOf(await client.callTool({ name: 'server_info', arguments: {} })).status.success).toBe(true);
      await client.close();
      expect((await fetch(`${server.base}/metrics`)).status).toBe(404);
    } finally {
      await server.stop();
    }
  });
});
