// What shadow mode (flag engine.shadowPercent) costs the caller: tools/call latency of a cached
// analysis over HTTP with shadow mode off and at 10% and 100%, on one server whose flags file is
// rewritten between rows (no restart). The answer never waits for its shadow run; what it pays
// is the other engine's work and the comparison running beside the next calls on the same
// cores. Rows alternate off/on so that a drift of the machine shows in both.
// Each call: analyze_complexity of this repository's src/ (about 150 TypeScript files, every
// file from the per-file cache: the cheap path a repeated call takes, where a shadow run's full
// analysis of the tree on the other engine weighs most). The primary engine is native (auto);
// shadow runs go to WASM. Serial calls, one client.
// Run: npm run build && node bench/shadow-latency.mjs [calls per row=200] [rounds=2] [path=src]
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';

const calls = Number(process.argv[2] ?? 200);
const rounds = Number(process.argv[3] ?? 2);
const path = process.argv[4] ?? 'src';
const REPO = new URL('..', import.meta.url).pathname;
const CLI = join(REPO, 'dist/bin/mcp-code-analysis.js');
const dir = mkdtempSync(join(tmpdir(), 'mca-shadow-bench-'));
const flagsFile = join(dir, 'flags.json');
const pct = (xs, p) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))];

writeFileSync(flagsFile, '{}');
const server = spawn(
  process.execPath,
  [
    CLI,
    'serve',
    '--http',
    '--port',
    '0',
    '--root',
    REPO,
    '--flags-file',
    flagsFile,
    '--no-cache',
    '--log-level',
    'warn',
  ],
  { stdio: ['ignore', 'ignore', 'pipe'] },
);
const url = await new Promise((resolve, reject) => {
  let err = '';
  server.stderr.on('data', (d) => {
    err += d;
    const m = /listening on (http:\/\/\S+)/.exec(err);
    if (m) resolve(m[1]);
  });
  server.once('exit', (code) => reject(new Error(`server exited ${code}: ${err}`)));
});
const client = new Client({ name: 'shadow-bench', version: '1.0.0' });
await client.connect(new StreamableHTTPClientTransport(new URL(url)));
const info = async () => (await client.callTool({ name: 'server_info', arguments: {} })).structuredContent.data;

async function setShadow(percent) {
  writeFileSync(flagsFile, JSON.stringify({ 'engine.shadowPercent': percent }));
  for (const deadline = Date.now() + 10_000; Date.now() < deadline; await new Promise((r) => setTimeout(r, 20))) {
    if ((await info()).features.flags.values['engine.shadowPercent'] === percent) return;
  }
  throw new Error(`the server did not take shadowPercent ${percent}`);
}

async function row(percent) {
  await setShadow(percent);
  const before = (await info()).features.shadow;
  const samples = [];
  for (let i = 0; i < calls; i++) {
    const t = performance.now();
    await client.callTool({ name: 'analyze_complexity', arguments: { path } });
    samples.push(performance.now() - t);
  }
  // The queued shadow runs finish before the next row starts (they would slow it down).
  await setShadow(0);
  const total = (s) => s.match + s.mismatch + s.skipped;
  let after = (await info()).features.shadow;
  for (;;) {
    await new Promise((r) => setTimeout(r, 2000));
    const next = (await info()).features.shadow;
    if (total(next) === total(after)) break;
    after = next;
  }
  const d = (k) => after[k] - before[k];
  console.log(
    `shadow ${String(percent).padStart(3)}%  p50 ${pct(samples, 50).toFixed(1).padStart(6)} ms  p99 ${pct(samples, 99).toFixed(1).padStart(6)} ms  mean ${(samples.reduce((a, b) => a + b, 0) / samples.length).toFixed(1).padStart(6)} ms   files compared ${d('match') + d('mismatch')} (mismatch ${d('mismatch')}), skipped ${d('skipped')}`,
  );
}

try {
  console.log(
    `${cpus().length} cores, load ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}; ${calls} calls per row of analyze_complexity ${path} (cached), engine ${(await info()).engine}`,
  );
  for (let i = 0; i < 20; i++) await client.callTool({ name: 'analyze_complexity', arguments: { path } }); // warm: JIT, per-file cache
  for (let r = 0; r < rounds; r++) for (const percent of [0, 10, 100]) await row(percent);
} finally {
  await client.close().catch(() => undefined);
  server.kill('SIGTERM');
  rmSync(dir, { recursive: true, force: true });
}
