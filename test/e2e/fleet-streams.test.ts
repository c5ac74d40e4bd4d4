import { Client as ClientV1 } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport as TransportV1 } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bigTree } from '../helpers/big-tree.js';
import { envelopeOf } from '../helpers/cli.js';
import { startFleet, type Fleet } from '../helpers/fleet.js';

// 2025-era calls in a fleet behind round-robin nginx: a cancellation reaches the call on
// whichever instance runs it, a stream cut mid-call resumes on another instance, and a call
// whose instance is killed is answered by another one (the v1 client, which resumes broken
// SSE streams with Last-Event-ID as the 2025-11-25 revision describes).

/** One HTTP exchange of the client, as it went through the proxy. */
interface Exchange {
  http: string;
  /** The JSON-RPC method of a POST (undefined for GET/DELETE or a response). */
  rpc?: string;
  lastEventId?: string;
  /** Which instance answered (nginx's X-Upstream response header). */
  upstream: string;
}

interface RecordingFetch {
  fetch: typeof fetch;
  exchanges: Exchange[];
  /** Cut the SSE answer of the next tools/call after this many events with an id (the priming one included). */
  cutNextCallAfter?: number;
}

function recordingFetch(): RecordingFetch {
  const recorder: RecordingFetch = {
    exchanges: [],
    fetch: async (input, init) => {
      const headers = new Headers(init?.headers);
      const body = typeof init?.body === 'string' ? (JSON.parse(init.body) as { method?: string }) : undefined;
      const response = await fetch(input, init);
      const exchange: Exchange = { http: init?.method ?? 'GET', upstream: response.headers.get('x-upstream') ?? '' };
      if (body?.method) exchange.rpc = body.method;
      const last = headers.get('last-event-id');
      if (last) exchange.lastEventId = last;
      recorder.exchanges.push(exchange);
      const cutAfter = recorder.cutNextCallAfter;
      if (
        cutAfter === undefined ||
        body?.method !== 'tools/call' ||
        !response.headers.get('content-type')?.startsWith('text/event-stream')
      )
        return response;
      recorder.cutNextCallAfter = undefined;
      return new Response(cut(response.body!, cutAfter), { status: response.status, headers: response.headers });
    },
  };
  return recorder;
}

/** Passes SSE chunks through until `events` ids have gone by, then ends the stream as a broken connection would. */
function cut(body: ReadableStream<Uint8Array>, events: number): ReadableStream<Uint8Array> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let seen = 0;
  return new ReadableStream({
    async pull(controller) {
      const { done, value } = await reader.read();
      if (done) return controller.close();
      controller.enqueue(value);
      seen += decoder.decode(value, { stream: true }).match(/(^|\n)id: /g)?.length ?? 0;
      if (seen >= events) {
        await reader.cancel();
        controller.close();
      }
    },
  });
}

async function connect(recorder: RecordingFetch, url: string): Promise<ClientV1> {
  const client = new ClientV1({ name: 'fleet-streams', version: '1.0.0' });
  await client.connect(
    new TransportV1(new URL(url), {
      fetch: recorder.fetch,
      reconnectionOptions: {
        initialReconnectionDelay: 100,
        maxReconnectionDelay: 1000,
        reconnectionDelayGrowFactor: 1.5,
        maxRetries: 20,
      },
    }),
  );
  return client;
}

const call = async (client: ClientV1, name: string, args: Record<string, unknown>) =>
  envelopeOf(await client.callTool({ name, arguments: args }));

describe('2025-era calls across three instances behind round-robin nginx', () => {
  let fleet: Fleet;
  const trees: string[] = [];
  /** A tree nobody has analysed yet (the fleet shares per-file results through Redis). */
  const freshTree = (files: number) => {
    const dir = bigTree(files);
    trees.push(dir);
    return dir;
  };

  beforeAll(async () => {
    fleet = await startFleet({
      instances: 3,
      args: ['--root', tmpdir(), '--engine', 'wasm', '--workers', '1', '--log-level', 'error'],
    });
  });

  afterAll(async () => {
    await fleet?.dispose();
    for (const dir of trees) rmSync(dir, { recursive: true, force: true });
  });

  it('a cancellation reaches the call on whichever instance runs it: the record ends cancelled', async () => {
    const recorder = recordingFetch();
    const client = await connect(recorder, fleet.url);
    try {
      const sessionId = (await call(client, 'session_create', {})).data.sessionId as string;
      let crossed = 0;
      for (let attempt = 1; attempt <= 6 && crossed === 0; attempt++) {
        const controller = new AbortController();
        const from = recorder.exchanges.length;
        const cancelled = client.callTool(
          { name: 'analyze_complexity', arguments: { path: freshTree(1500), sessionId } },
          undefined,
          {
            signal: controller.signal,
            timeout: 120_000,
            onprogress: () => controller.abort('enough'),
          },
        );
        await expect(cancelled).rejects.toThrow();
        // The record is written when the call has stopped on its instance.
        let history: any[] = [];
        for (let i = 0; i < 200 && history.length < attempt; i++) {
          history = (await call(client, 'session_get', { sessionId })).data.history;
          if (history.length < attempt) await new Promise((r) => setTimeout(r, 50));
        }
        expect(history.at(-1)).toMatchObject({
          tool: 'analyze_complexity',
          state: 'cancelled',
          outcome: { code: 'CANCELLED' },
        });
        const mine = recorder.exchanges.slice(from);
        const ran = mine.find((e) => e.rpc === 'tools/call')!.upstream;
        const cancel = mine.find((e) => e.rpc === 'notifications/cancelled')!.upstream;
        expect(ran && cancel).toBeTruthy();
        if (ran !== cancel) crossed++;
      }
      expect(crossed, 'no cancellation landed on an instance other than its call').toBe(1);
    } finally {
      await client.close();
    }
  });

  it('a stream cut mid-call resumes on another instance with Last-Event-ID and gets the rest and the result', async () => {
    const recorder = recordingFetch();
    const client = await connect(recorder, fleet.url);
    try {
      let resumedElsewhere = false;
      for (let attempt = 1; attempt <= 6 && !resumedElsewhere; attempt++) {
        const tree = freshTree(300);
        const from = recorder.exchanges.length;
        recorder.cutNextCallAfter = 4; // the priming event and three progress events
        const progress: number[] = [];
        const result = await client.callTool(
          { name: 'analyze_complexity', arguments: { path: tree, limit: 1 } },
          undefined,
          { timeout: 120_000, onprogress: (p) => progress.push(p.progress) },
        );
        const envelope = envelopeOf(result);
        expect(envelope.status.success, JSON.stringify(envelope.status)).toBe(true);
        expect(envelope.data.summary.files).toBe(300);
        const mine = recorder.exchanges.slice(from);
        const ran = mine.find((e) => e.rpc === 'tools/call')!;
        const resumed = mine.filter((e) => e.http === 'GET' && e.lastEventId);
        expect(resumed.length, JSON.stringify(mine)).toBeGreaterThan(0);
        // Events after the cut came through the resumed stream: more progress than the three before it.
        expect(progress.length).toBeGreaterThan(3);
        if (resumed.some((e) => e.upstream !== ran.upstream)) resumedElsewhere = true;
      }
      expect(resumedElsewhere).toBe(true);
    } finally {
      await client.close();
    }
  });

  it('a Last-Event-ID of another transport session is refused, and a made-up one too', async () => {
    const recorder = recordingFetch();
    const owner = await connect(recorder, fleet.url);
    const other = await connect(recordingFetch(), fleet.url);
    try {
      recorder.cutNextCallAfter = 2;
      await owner.callTool({ name: 'analyze_complexity', arguments: { path: freshTree(100), limit: 1 } }, undefined, {
        timeout: 120_000,
        onprogress: () => undefined,
      });
      const stolen = recorder.exchanges.find((e) => e.lastEventId)!.lastEventId!;
      const otherSession = (other.transport as TransportV1).sessionId!;
      for (const lastEventId of [
        stolen,
        `${stolen.split('_')[0]}_0-0`,
        'not-an-id',
        '00000000-0000-0000-0000-000000000000_0-0',
      ]) {
        const res = await fetch(fleet.url, {
          headers: {
            accept: 'text/event-stream',
            'mcp-session-id': otherSession,
            'mcp-protocol-version': '2025-11-25',
            'last-event-id': lastEventId,
          },
        });
        expect(res.status, lastEventId).toBe(404);
        expect(await res.text()).not.toContain('analyze_complexity');
      }
    } finally {
      await owner.close();
      await other.close();
    }
  });

  it('kill -9 of the instance running a call: the resumed client still gets the result, and exactly one success is recorded', async () => {
    const recorder = recordingFetch();
    const client = await connect(recorder, fleet.url);
    try {
      const sessionId = (await call(client, 'session_create', {})).data.sessionId as string;
      const tree = freshTree(600);
      const from = recorder.exchanges.length;
      let killed: Promise<number | null> | undefined;
      const result = await client.callTool(
        { name: 'analyze_complexity', arguments: { path: tree, limit: 1, sessionId } },
        undefined,
        {
          timeout: 180_000,
          onprogress: () => {
            if (killed) return;
            const ran = recorder.exchanges.slice(from).find((e) => e.rpc === 'tools/call')!;
            killed = fleet.kill(fleet.instanceOf(ran.upstream), 'SIGKILL');
          },
        },
      );
      expect(await killed).toBeNull(); // killed by a signal, not exited
      const envelope = envelopeOf(result);
      expect(envelope.status.success, JSON.stringify(envelope.status)).toBe(true);
      expect(envelope.data.summary.files).toBe(600);
      const history = (await call(client, 'session_get', { sessionId })).data.history as any[];
      const calls = history.filter((r) => r.tool === 'analyze_complexity');
      expect(calls.filter((r) => r.state === 'succeeded')).toHaveLength(1);
      // The killed instance's own record, if the sweeper has closed it yet, says what happened.
      for (const r of calls.filter((r) => r.state !== 'succeeded'))
        expect(r).toMatchObject({ state: 'failed', outcome: { message: expect.stringContaining('instance lost') } });
    } finally {
      await client.close();
    }
  }, 90_000); // a takeover waits out the dead instance's registration (6 s) on a machine shared with other tests
});
