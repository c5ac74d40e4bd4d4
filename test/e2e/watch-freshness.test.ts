import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { linkedClient } from '../helpers/app.js';
import { envelopeOf } from '../helpers/cli.js';
import { startHttpServer, type ServerProcess } from '../helpers/server-process.js';

// A server keeps a tree's walk while the file system reports no change (tree-watches.ts). This
// process writes a file and calls at once over HTTP, many times: every answer must show the
// write (the kernel queued the write's event before the request left this process), while the
// calls between edits are answered from the kept walk.

function functionWithBranches(n: number): string {
  const body = Array.from({ length: n }, (_, i) => `  if (x === ${i}) return ${i};`).join('\n');
  return `export function grow(x: number): number {\n${body}\n  return -1;\n}\n`;
}

describe('a watched tree over HTTP: an edit made just before a call is in its answer', () => {
  let dir: string;
  let server: ServerProcess;
  let client: Client;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'mca-fresh-'));
    mkdirSync(join(dir, 'src/lib'), { recursive: true });
    writeFileSync(join(dir, 'src/lib/grow.ts'), functionWithBranches(1));
    writeFileSync(join(dir, 'src/use.ts'), "import { grow } from './lib/grow.js';\nexport const v = grow(1);\n");
    server = await startHttpServer(['--root', dir]);
    client = new Client({ name: 'e2e-fresh', version: '1.0.0' });
    await client.connect(new StreamableHTTPClientTransport(new URL(server.url)));
  });
  afterAll(async () => {
    await client?.close();
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  const call = async (name: string, args: Record<string, unknown>) => {
    const env = envelopeOf(await client.callTool({ name, arguments: args }));
    expect(env.status.code, JSON.stringify(env.status)).toBe('OK');
    return env.data as Record<string, any>;
  };
  const cyclomatic = async () => (await call('analyze_complexity', { path: dir })).summary.topFunctions[0].cyclomatic;
  const treeWatch = async () => (await call('server_info', {})).features.treeWatch;

  it('answers every call after an edit with the edit, and calls between edits without a walk', async () => {
    expect(await cyclomatic()).toBe(2);
    expect(await cyclomatic()).toBe(2);
    for (let n = 2; n <= 25; n++) {
      writeFileSync(join(dir, 'src/lib/grow.ts'), functionWithBranches(n));
      expect(await cyclomatic()).toBe(n + 1);
      expect(await cyclomatic()).toBe(n + 1);
    }
    const stats = await treeWatch();
    // Each edit walks once; the call after it is answered from that walk.
    expect(stats.hits).toBeGreaterThanOrEqual(24);
    expect(stats.watchedDirs).toBe(3);
  });

  it('navigation sees a new call and a new file written just before the call', async () => {
    const refs = async () =>
      (await call('find_references', { symbol: 'grow', path: join(dir, 'src/lib/grow.ts') })).references.filter(
        (r: { kind: string }) => r.kind === 'call',
      ).length;
    expect(await refs()).toBe(1);
    for (let i = 0; i < 5; i++) {
      writeFileSync(join(dir, `src/more${i}.ts`), "import { grow } from './lib/grow.js';\nexport const w = grow(2);\n");
      expect(await refs()).toBe(i + 2);
    }
  });
});

describe('--no-watch', () => {
  it('walks the tree at every call and says so in server_info', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mca-nowatch-'));
    writeFileSync(join(dir, 'a.ts'), functionWithBranches(1));
    const h = await linkedClient({ roots: [dir], noWatch: true });
    try {
      const call = async (name: string, args: Record<string, unknown>) =>
        envelopeOf(await h.client.callTool({ name, arguments: args })).data as Record<string, any>;
      expect((await call('analyze_complexity', { path: dir })).summary.topFunctions[0].cyclomatic).toBe(2);
      writeFileSync(join(dir, 'a.ts'), functionWithBranches(3));
      expect((await call('analyze_complexity', { path: dir })).summary.topFunctions[0].cyclomatic).toBe(4);
      expect((await call('server_info', {})).features.treeWatch).toEqual({ off: '--no-watch' });
    } finally {
      await h.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
