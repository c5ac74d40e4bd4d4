import { Client } from '@modelcontextprotocol/client';
import { StdioClientTransport } from '@modelcontextprotocol/client/stdio';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI, SAMPLE, envelopeOf } from '../helpers/cli.js';

describe('stdio: the built CLI driven by the SDK client', () => {
  let client: Client;
  let stderr = '';

  beforeAll(async () => {
    const transport = new StdioClientTransport({
      command: process.execPath,
      args: [CLI, 'serve', '--root', SAMPLE, '--engine', 'wasm', '--log-level', 'warn'],
      stderr: 'pipe',
    });
    transport.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    client = new Client({ name: 'e2e', version: '1.0.0' });
    await client.connect(transport);
  });

  afterAll(async () => {
    await client?.close();
  });

  it('lists every tool with described input schemas', async () => {
    const { tools } = await client.listTools();
    const names = tools.map((t) => t.name).sort();
    expect(names).toEqual(
      [
        'analyze_complexity',
        'analyze_dependencies',
        'analyze_structure',
        'batch_cancel',
        'batch_status',
        'batch_submit',
        'call_graph',
        'discover_tools',
        'find_references',
        'find_symbol',
        'hotspots',
        'impact',
        'quality_gate',
        'repo_map',
        'server_info',
        'session_close',
        'session_create',
        'session_get',
        'session_list',
        'symbol_at',
      ].sort(),
    );
    for (const tool of tools) {
      expect(tool.description?.length).toBeGreaterThan(40);
      for (const [field, schema] of Object.entries((tool.inputSchema.properties ?? {}) as Record<string, any>)) {
        expect(schema.description, `${tool.name}.${field}`).toBeTruthy();
      }
    }
  });

  it('answers analyze_complexity with an envelope', async () => {
    const env = envelopeOf(await client.callTool({ name: 'analyze_complexity', arguments: { path: 'src/a.ts' } }));
    expect(env.status).toEqual({ success: true, code: 'OK' });
    expect(env.metadata.engine).toBe('wasm');
    const parse = env.data.files[0].functions.find((f: any) => f.name === 'Parser.parse');
    expect(parse.cyclomatic).toBe(5); // if, &&, for…of, if
  });

  it('answers bad input with INVALID_ARGUMENT and keeps serving', async () => {
    const bad = envelopeOf(await client.callTool({ name: 'analyze_complexity', arguments: { path: 42 } }));
    expect(bad.status.code).toBe('INVALID_ARGUMENT');
    const missing = envelopeOf(await client.callTool({ name: 'symbol_at', arguments: { path: 'src/a.ts' } }));
    expect(missing.status.code).toBe('INVALID_ARGUMENT');
    const huge = envelopeOf(
      await client.callTool({
        name: 'analyze_complexity',
        arguments: { path: '.', include: Array.from({ length: 5000 }, () => '*.ts') },
      }),
    );
    expect(huge.status.code).toBe('INVALID_ARGUMENT');
    const outside = envelopeOf(await client.callTool({ name: 'analyze_structure', arguments: { path: '../../..' } }));
    expect(outside.status.code).toBe('PATH_OUTSIDE_ROOT');
    const info = envelopeOf(await client.callTool({ name: 'server_info', arguments: {} }));
    expect(info.status.success).toBe(true);
  });

  it('keeps stdout for the protocol: logs only on stderr', async () => {
    // A log line on stdout would have broken the JSON-RPC stream and failed the calls above.
    const info = envelopeOf(await client.callTool({ name: 'server_info', arguments: {} }));
    expect(info.data.engine).toBe('wasm');
    expect(info.data.engines.native).toEqual({ available: false, reason: 'not requested (--engine wasm)' });
    expect(stderr).not.toContain('native engine unavailable'); // forced wasm: no fallback warning
  });
});
