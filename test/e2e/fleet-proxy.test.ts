import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { Client as ClientV1 } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport as TransportV1 } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bigTree } from '../helpers/big-tree.js';
import { SAMPLE, envelopeOf } from '../helpers/cli.js';
import { startFleet, type Fleet } from '../helpers/fleet.js';

// The fleet as an operator runs it: three server processes on one redis-server behind a real
// nginx with plain round-robin (no stickiness). Every client talks to nginx only; nginx's
// access log says which instance answered each request.

/** What each client test needs from a client, whichever SDK line it comes from. */
interface Driver {
  listTools(): Promise<string[]>;
  call(name: string, args: Record<string, unknown>, onprogress?: (progress: number) => void): Promise<unknown>;
  close(): Promise<void>;
}

function v2Driver(client: Client): Driver {
  return {
    listTools: async () => (await client.listTools()).tools.map((t) => t.name),
    call: (name, args, onprogress) =>
      client.callTool(
        { name, arguments: args },
        onprogress ? { onprogress: (p) => onprogress(p.progress) } : undefined,
      ),
    close: () => client.close(),
  };
}

function v1Driver(client: ClientV1): Driver {
  return {
    listTools: async () => (await client.listTools()).tools.map((t) => t.name),
    call: (name, args, onprogress) =>
      client.callTool(
        { name, arguments: args },
        undefined,
        onprogress ? { onprogress: (p) => onprogress(p.progress) } : undefined,
      ),
    close: () => client.close(),
  };
}

describe('three instances on one Redis behind nginx (round-robin, no stickiness)', () => {
  let fleet: Fleet;
  let big: string;

  beforeAll(async () => {
    big = bigTree(200); // 20 folders pkg0..pkg19: each client test analyses its own, so its progress is real work
    fleet = await startFleet({
      instances: 3,
      args: ['--root', SAMPLE, '--root', big, '--engine', 'wasm', '--log-level', 'error'],
    });
  });

  afterAll(async () => {
    await fleet?.dispose();
  });

  it('plain HTTP: /healthz through the proxy lands on every instance', async () => {
    const since = fleet.nginx.mark();
    for (let i = 0; i < 9; i++) {
      const res = await fetch(`${fleet.base}/healthz`);
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ status: 'alive' });
    }
    const served = fleet.servedBy({ since, path: '/healthz' });
    expect(served.reduce((a, b) => a + b, 0)).toBe(9);
    expect(
      served.every((n) => n > 0),
      `served by instance: ${served}`,
    ).toBe(true);
  });

  /**
   * One client's work through the proxy: list tools, server_info names the client's era,
   * create a tool session, analyse in it several times, read its complete history, get
   * progress on a call; then the access log must show the client's requests spread over
   * several instances.
   */
  async function exercise(
    client: Driver,
    era: 'modern' | 'legacy',
    label: string,
    progressPath: string,
  ): Promise<{ since: number }> {
    const since = fleet.nginx.mark();
    const tools = await client.listTools();
    expect(tools).toEqual(
      expect.arrayContaining(['analyze_complexity', 'session_create', 'session_get', 'server_info']),
    );
    expect(envelopeOf(await client.call('server_info', {})).data.client.era).toBe(era);

    const created = envelopeOf(await client.call('session_create', { label }));
    expect(created.status.success).toBe(true);
    const sessionId = created.data.sessionId as string;
    for (let i = 0; i < 4; i++) {
      const run = envelopeOf(await client.call('analyze_complexity', { path: 'src', sessionId }));
      expect(run.status.success, JSON.stringify(run.status)).toBe(true);
      expect(run.data.summary.files).toBe(2);
    }
    const got = envelopeOf(await client.call('session_get', { sessionId }));
    expect(got.data.label).toBe(label);
    expect(got.data.history.map((r: any) => [r.tool, r.state])).toEqual(
      Array(4).fill(['analyze_complexity', 'succeeded']),
    );

    const seen: number[] = [];
    const analysed = envelopeOf(
      await client.call('analyze_complexity', { path: progressPath, limit: 1 }, (p) => seen.push(p)),
    );
    expect(analysed.status.success).toBe(true);
    expect(seen.length).toBeGreaterThan(0);

    const served = fleet.servedBy({ since, path: '/mcp' });
    expect(served.filter((n) => n > 0).length, `served by instance: ${served}`).toBeGreaterThanOrEqual(2);
    return { since };
  }

  for (const [label, mode, folder] of [
    ['pinned to 2026-07-28', { pin: '2026-07-28' }, 'pkg1'],
    ['auto', 'auto', 'pkg2'],
  ] as const) {
    it(`2026-07-28 era, v2 client ${label}: tools, a tool session with its history, progress; any instance answers`, async () => {
      const client = new Client({ name: 'fleet-modern', version: '1.0.0' }, { versionNegotiation: { mode } });
      await client.connect(new StreamableHTTPClientTransport(new URL(fleet.url)));
      try {
        expect(client.getProtocolEra()).toBe('modern');
        expect(client.getNegotiatedProtocolVersion()).toBe('2026-07-28');
        const { since } = await exercise(v2Driver(client), 'modern', `modern ${label}`, `${big}/${folder}`);
        // Stateless: no request of this client carried a transport session.
        const mine = fleet.nginx.requests(since).filter((r) => r.uri.startsWith('/mcp'));
        expect(
          mine.every((r) => r.sessionId === '' && r.protocolVersion === '2026-07-28'),
          JSON.stringify(mine),
        ).toBe(true);
      } finally {
        await client.close();
      }
    });
  }

  // 2025-era clients: one Mcp-Session-Id for the whole connection, whichever instance each
  // request lands on (transport sessions shared through Redis).
  it('2025 era, v1 client (@modelcontextprotocol/sdk): the same work through the proxy on one transport session', async () => {
    const client = new ClientV1({ name: 'fleet-v1', version: '1.0.0' });
    const transport = new TransportV1(new URL(fleet.url));
    await client.connect(transport);
    try {
      const sessionHeader = transport.sessionId;
      expect(sessionHeader).toBeTruthy();
      const { since } = await exercise(v1Driver(client), 'legacy', 'legacy v1', `${big}/pkg3`);
      const mine = fleet.nginx.requests(since).filter((r) => r.uri.startsWith('/mcp'));
      expect(new Set(mine.map((r) => r.sessionId))).toEqual(new Set([sessionHeader]));
    } finally {
      await client.close();
    }
  });

  it('2025 era, v2 client without version negotiation (its default): the same work through the proxy', async () => {
    const client = new Client({ name: 'fleet-v2-legacy', version: '1.0.0' });
    await client.connect(new StreamableHTTPClientTransport(new URL(fleet.url)));
    try {
      expect(client.getProtocolEra()).toBe('legacy');
      await exercise(v2Driver(client), 'legacy', 'legacy v2', `${big}/pkg4`);
    } finally {
      await client.close();
    }
  });
});
