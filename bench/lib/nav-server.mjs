// The built server over stdio (node dist/bin/mcp-code-analysis.js serve), driven by the SDK client, for
// benches that call the navigation tools many times on one tree: the index is built by the
// first call and reused by the later ones.
import { fileURLToPath } from 'node:url';
import { Client } from '@modelcontextprotocol/client';
import { StdioClientTransport } from '@modelcontextprotocol/client/stdio';

export const CLI = fileURLToPath(new URL('../../dist/bin/mcp-code-analysis.js', import.meta.url));

/**
 * A server rooted at `root` with `engine` (the built CLI at `cli`, this checkout's by default);
 * call(name, args) answers the envelope (structuredContent).
 */
export async function startNavServer(root, engine, cli = CLI) {
  let stderr = '';
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [cli, 'serve', '--root', root, '--engine', engine, '--log-level', 'warn'],
    stderr: 'pipe',
  });
  transport.stderr?.on('data', (chunk) => (stderr = (stderr + chunk.toString()).slice(-20_000)));
  const client = new Client({ name: 'nav-accuracy', version: '1.0.0' });
  await client.connect(transport);
  return {
    stderr: () => stderr,
    async call(name, args) {
      const result = await client.callTool({ name, arguments: args }, { timeout: 15 * 60_000 });
      const env = result.structuredContent;
      if (!env) throw new Error(`${name}: no structuredContent: ${JSON.stringify(result).slice(0, 300)}`);
      return env;
    },
    close: () => client.close(),
  };
}

/**
 * Every reference find_references answers for `args`, following nextCursor: { references, symbol,
 * ms (wall time of all pages), firstPageMs, pages } or { error: "CODE: message", ms }.
 */
export async function allReferences(server, args) {
  const references = [];
  let cursor;
  let symbol;
  let pages = 0;
  let firstPageMs = 0;
  const start = performance.now();
  do {
    const t = performance.now();
    const env = await server.call('find_references', { ...args, ...(cursor ? { cursor } : {}) });
    if (pages === 0) firstPageMs = performance.now() - t;
    pages++;
    if (!env.status?.success)
      return {
        error: `${env.status?.code}: ${env.status?.message ?? ''}`.slice(0, 300),
        ms: performance.now() - start,
      };
    symbol ??= env.data.symbol;
    references.push(...env.data.references);
    cursor = env.data.nextCursor;
    if (pages > 200) return { error: 'PAGING: more than 200 pages', ms: performance.now() - start };
  } while (cursor);
  return { references, symbol, ms: performance.now() - start, firstPageMs, pages };
}
