// Cancellation latency across instances and resumption after a kill -9, in a fleet of three
// instances on one redis-server (the tests' fleet: test/helpers/fleet.ts, with nginx in front).
//   cancel: a 2025-era transport session opened with plain fetch; a long call (progressToken)
//     POSTed straight to instance A; at its first progress event `notifications/cancelled` is
//     POSTed straight to instance B (same Mcp-Session-Id). Latency = the execution record's
//     endedAt (written by A when the call has stopped) − the moment the cancel was sent.
//   resume: the v1 client (@modelcontextprotocol/sdk) through nginx; at the first progress of a
//     long call the instance running it gets SIGKILL; time from the kill to the result (the
//     killed instance's liveness expiring, ≤ 6 s, a follower's claim, ≤ 1 s more, and the call
//     run again, partly from the per-file results the killed instance had shared).
// Run: npm run build && node bench/fleet-cancel-resume.mjs [cancels=100] [kills=3]
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { tsImport } from 'tsx/esm/api';

const { startFleet } = await tsImport('../test/helpers/fleet.ts', import.meta.url);
const { bigTree } = await tsImport('../test/helpers/big-tree.ts', import.meta.url);

const cancels = Number(process.argv[2] ?? 100);
const kills = Number(process.argv[3] ?? 3);
const PROTOCOL = '2025-11-25';
const trees = [];
const fresh = (files) => {
  const dir = bigTree(files);
  trees.push(dir);
  return dir;
};
const pct = (xs, p) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))];
const headers = (sid) => ({
  'content-type': 'application/json',
  accept: 'application/json, text/event-stream',
  'mcp-protocol-version': PROTOCOL,
  ...(sid ? { 'mcp-session-id': sid } : {}),
});

/** The JSON-RPC messages of an SSE or JSON body, as they arrive. */
async function* messages(response) {
  if (!response.headers.get('content-type')?.startsWith('text/event-stream')) {
    yield await response.json();
    return;
  }
  const decoder = new TextDecoder();
  let buffer = '';
  for await (const chunk of response.body) {
    buffer += decoder.decode(chunk, { stream: true });
    let cut;
    while ((cut = buffer.indexOf('\n\n')) >= 0) {
      const event = buffer.slice(0, cut);
      buffer = buffer.slice(cut + 2);
      const data = event
        .split('\n')
        .filter((l) => l.startsWith('data: '))
        .map((l) => l.slice(6))
        .join('\n');
      if (data) yield JSON.parse(data);
    }
  }
}

async function rpc(url, sid, id, method, params) {
  const res = await fetch(url, {
    method: 'POST',
    headers: headers(sid),
    body: JSON.stringify({ jsonrpc: '2.0', id, method, params }),
  });
  for await (const m of messages(res)) if (m.id === id) return { res, message: m };
  throw new Error(`${method}: no answer`);
}

const envelope = (message) => JSON.parse(message.result.content[0].text);

const fleet = await startFleet({
  instances: 3,
  args: ['--root', tmpdir(), '--engine', 'wasm', '--workers', '1', '--log-level', 'error'],
});
try {
  const [a, b] = fleet.servers;
  const init = await rpc(a.url, undefined, 0, 'initialize', {
    protocolVersion: PROTOCOL,
    capabilities: {},
    clientInfo: { name: 'bench', version: '1' },
  });
  const sid = init.res.headers.get('mcp-session-id');
  await fetch(a.url, {
    method: 'POST',
    headers: headers(sid),
    body: JSON.stringify({ jsonrpc: '2.0', method: 'notifications/initialized' }),
  });
  const latencies = [];
  let id = 10;
  for (let i = 0; i < cancels; i++) {
    // A tool session per call: its history then holds exactly this call's record.
    const session = envelope(
      (await rpc(a.url, sid, ++id, 'tools/call', { name: 'session_create', arguments: {} })).message,
    ).data.sessionId;
    const callId = ++id;
    const res = await fetch(a.url, {
      method: 'POST',
      headers: headers(sid),
      body: JSON.stringify({
        jsonrpc: '2.0',
        id: callId,
        method: 'tools/call',
        params: {
          name: 'analyze_complexity',
          arguments: { path: fresh(400), sessionId: session },
          _meta: { progressToken: callId },
        },
      }),
    });
    const stream = messages(res);
    let sentAt;
    for await (const m of stream) {
      if (m.method !== 'notifications/progress') continue;
      sentAt = Date.now();
      await fetch(b.url, {
        method: 'POST',
        headers: headers(sid),
        body: JSON.stringify({
          jsonrpc: '2.0',
          method: 'notifications/cancelled',
          params: { requestId: callId, reason: 'bench' },
        }),
      });
      break;
    }
    await res.body?.cancel().catch(() => undefined);
    let record;
    for (let tries = 0; !record && tries < 400; tries++) {
      const history = envelope(
        (await rpc(b.url, sid, ++id, 'tools/call', { name: 'session_get', arguments: { sessionId: session } })).message,
      ).data.history;
      record = history[0];
      if (!record) await new Promise((r) => setTimeout(r, 10));
    }
    if (record?.state !== 'cancelled') throw new Error(`call ${i} ended ${record?.state ?? 'never (no record)'}`);
    latencies.push(Date.parse(record.endedAt) - sentAt);
  }
  console.log(
    `cancel on B of a call running on A (${cancels} calls): p50 ${pct(latencies, 50)} ms, p99 ${pct(latencies, 99)} ms, max ${Math.max(...latencies)} ms`,
  );

  for (let k = 0; k < kills; k++) {
    if (k > 0) await fleet.add(); // keep three instances running
    let running;
    const client = new Client({ name: 'bench-resume', version: '1' });
    const fetchSeen = async (input, init) => {
      const response = await fetch(input, init);
      if (typeof init?.body === 'string' && init.body.includes('"tools/call"'))
        running = response.headers.get('x-upstream');
      return response;
    };
    await client.connect(
      new StreamableHTTPClientTransport(new URL(fleet.url), {
        fetch: fetchSeen,
        reconnectionOptions: {
          initialReconnectionDelay: 100,
          maxReconnectionDelay: 1000,
          reconnectionDelayGrowFactor: 1.5,
          maxRetries: 50,
        },
      }),
    );
    let killedAt;
    const result = await client.callTool(
      { name: 'analyze_complexity', arguments: { path: fresh(600), limit: 1 } },
      undefined,
      {
        timeout: 300_000,
        onprogress: () => {
          if (killedAt === undefined) {
            killedAt = Date.now();
            void fleet.kill(fleet.instanceOf(running), 'SIGKILL');
          }
        },
      },
    );
    const done = Date.now();
    const ok = result.structuredContent?.status?.success;
    console.log(`kill -9 #${k + 1}: result ${done - killedAt} ms after the kill (success ${ok})`);
    await client.close();
  }
} finally {
  await fleet.dispose();
  for (const dir of trees) rmSync(dir, { recursive: true, force: true });
}
