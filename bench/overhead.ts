// Per-call overhead of registry + execution machine + envelope on a trivial tool:
// in-process (the execution service alone) and over stdio (the built CLI, real SDK client).
// Run: npm run bench  (after npm run build). Numbers go in the closing note, not in tests.
import { Client } from '@modelcontextprotocol/client';
import { StdioClientTransport } from '@modelcontextprotocol/client/stdio';
import pino from 'pino';
import { z } from 'zod';
import { loadConfig } from '../src/config/config.js';
import { ExecutionService } from '../src/execution/service.js';
import { MemorySessionStore } from '../src/session/memory-store.js';
import { defineTool, type AnyTool } from '../src/tools/define.js';
import type { ToolDeps } from '../src/tools/deps.js';

const CLI = new URL('../dist/bin/mcp-code-analysis.js', import.meta.url).pathname;

const echo = defineTool({
  name: 'echo',
  title: 'Echo',
  description: 'Returns its input.',
  category: 'meta',
  tags: [],
  version: '1.0.0',
  annotations: { readOnlyHint: true },
  stateful: false,
  related: [],
  examples: [],
  inputSchema: z.object({ text: z.string() }),
  dataSchema: z.object({ text: z.string() }),
  handler: async (args) => ({ data: { text: args.text } }),
}) as unknown as AnyTool;

function stats(label: string, samples: number[], wallMs: number) {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
  const mean = samples.reduce((a, b) => a + b, 0) / samples.length;
  console.log(
    `${label.padEnd(34)} calls/s ${((samples.length / wallMs) * 1000).toFixed(0).padStart(7)}  mean ${mean.toFixed(3)} ms  p50 ${at(0.5).toFixed(3)} ms  p99 ${at(0.99).toFixed(3)} ms`,
  );
}

async function measure(label: string, n: number, call: () => Promise<unknown>) {
  for (let i = 0; i < Math.min(500, n / 10); i++) await call(); // warm-up (JIT)
  const samples: number[] = [];
  const start = performance.now();
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    await call();
    samples.push(performance.now() - t);
  }
  stats(label, samples, performance.now() - start);
}

async function inProcess(n: number) {
  const deps = {
    config: loadConfig({}, {}),
    sessions: new MemorySessionStore(),
    catalog: () => [echo],
  } as unknown as ToolDeps;
  const service = new ExecutionService({ deps, log: pino({ level: 'silent' }), defaultTimeoutMs: 60_000 });
  await measure('in-process (machine + envelope)', n, () => service.run(echo, { text: 'hi' }));
}

async function overStdio(n: number) {
  const client = new Client({ name: 'bench', version: '1' });
  await client.connect(
    new StdioClientTransport({
      command: process.execPath,
      args: [CLI, 'serve', '--engine', 'wasm', '--log-level', 'error'],
    }),
  );
  await measure('stdio round trip (server_info)', n, () => client.callTool({ name: 'server_info', arguments: {} }));
  await client.close();
}

const n = Number(process.argv[2] ?? 20_000);
await inProcess(n);
await overStdio(Math.min(n, 5_000));
