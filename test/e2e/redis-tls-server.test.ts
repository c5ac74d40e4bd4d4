import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI, SAMPLE, envelopeOf } from '../helpers/cli.js';
import { startRedisServer, type RedisServer } from '../helpers/redis-server.js';
import { startHttpServer, type ServerProcess } from '../helpers/server-process.js';

// `serve --store redis` against a TLS-only redis-server with requirepass, an ACL user and
// client certificates, as production runs it: sessions work end to end, and the secrets (the
// passwords, the client key) appear in none of what the server shows — stderr and stdout,
// server_info, error envelopes, /metrics, the health endpoints.

const PASSWORD = 'e2e-Default-pw:with/odd@chars';
const ALICE_PASSWORD = 'e2e-alice-ACL-secret';

describe('serve --store redis over TLS with a password', () => {
  let redis: RedisServer;
  const servers: ServerProcess[] = [];
  const clients: Client[] = [];
  let stdout = '';
  let keyPem: string;
  let keyBody: string;

  const tlsArgs = () => ['--redis-ca', redis.tls!.ca, '--redis-cert', redis.tls!.cert, '--redis-key', redis.tls!.key];
  const secrets = () => [PASSWORD, encodeURIComponent(PASSWORD), ALICE_PASSWORD, keyPem, keyBody];
  const expectNoSecret = (text: string) => {
    for (const secret of secrets()) expect(text).not.toContain(secret);
  };

  async function serve(url: string, env: NodeJS.ProcessEnv = {}): Promise<{ server: ServerProcess; client: Client }> {
    const args = ['--store', 'redis', '--redis-url', url, ...tlsArgs(), '--root', SAMPLE, '--engine', 'wasm'];
    const server = await startHttpServer(args, { MCA_LOG_LEVEL: 'debug', ...env });
    server.child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
    servers.push(server);
    const client = new Client({ name: 'e2e-redis-tls', version: '1.0.0' });
    await client.connect(new StreamableHTTPClientTransport(new URL(server.url)));
    clients.push(client);
    return { server, client };
  }
  const call = async (c: Client, name: string, args: Record<string, unknown>) => {
    const result = await c.callTool({ name, arguments: args });
    return { text: JSON.stringify(result), envelope: envelopeOf(result) };
  };

  beforeAll(async () => {
    const users = [`alice on >${ALICE_PASSWORD} ~* &* +@all`];
    redis = await startRedisServer({ tls: true, password: PASSWORD, users });
    keyPem = readFileSync(redis.tls!.key, 'utf8').trim();
    // The key's base64 body alone: a secret even without its PEM armour.
    keyBody = keyPem
      .split('\n')
      .filter((l) => !l.startsWith('-----'))
      .join('');
  }, 30_000);

  afterAll(async () => {
    for (const c of clients) await c.close().catch(() => undefined);
    for (const s of servers) await s.stop('SIGKILL');
    await redis?.dispose();
  });

  it('password from MCA_REDIS_PASSWORD: a session is created and used; nothing shown holds a secret', async () => {
    const { server, client } = await serve(redis.url, { MCA_REDIS_PASSWORD: PASSWORD });
    const created = await call(client, 'session_create', { label: 'over-tls' });
    expect(created.envelope.status.success).toBe(true);
    const sessionId = created.envelope.data.sessionId as string;
    const used = await call(client, 'analyze_complexity', { path: 'src', sessionId });
    expect(used.envelope.status.success).toBe(true);
    const got = await call(client, 'session_get', { sessionId });
    expect(got.envelope.data.history.map((r: { tool: string }) => r.tool)).toEqual(['analyze_complexity']);
    expect(redis.cli('--scan', '--pattern', `mca:{s:${sessionId}}*`)).toContain(sessionId);

    const info = await call(client, 'server_info', {});
    expect(info.envelope.data.store).toEqual({ kind: 'redis', healthy: true });
    const scraped = await scrapeAll(server);
    expect(scraped).toContain('/healthz 200');
    const surfaces = [created.text, used.text, got.text, info.text, scraped];

    // Redis goes away: the error envelopes and server_info's health now carry Redis' own errors.
    await redis.stop('SIGKILL');
    try {
      const failed = await call(client, 'session_get', { sessionId });
      expect(failed.envelope.status.code).toBe('STORE_UNAVAILABLE');
      const down = await call(client, 'server_info', {});
      expect(down.envelope.data.features.redis.status).not.toBe('up');
      surfaces.push(failed.text, down.text, await scrapeAll(server));
    } finally {
      await redis.restart();
    }
    for (const text of surfaces) expectNoSecret(text);
    expectNoSecret(server.stderr());
    expect(server.stderr()).toContain('redis connection error'); // the outage was logged, scrubbed
  });

  it('ACL user and password in the URL (rediss://alice:…@): works, and the URL is shown masked', async () => {
    const url = redis.url.replace('rediss://', `rediss://alice:${encodeURIComponent(ALICE_PASSWORD)}@`);
    const { server, client } = await serve(url);
    const created = await call(client, 'session_create', {});
    expect(created.envelope.status.success).toBe(true);
    expect(redis.cli('CLIENT', 'LIST')).toMatch(/user=alice/);
    const info = await call(client, 'server_info', {});
    expectNoSecret(info.text);
    expectNoSecret(server.stderr());
  });

  it('a wrong password stops the server at start with a message naming the problem, not the secret', async () => {
    const wrong = 'wrong-Password-123';
    const run = await runToExit(['--redis-url', redis.url.replace('rediss://', 'rediss://alice@'), ...tlsArgs()], {
      MCA_REDIS_PASSWORD: wrong,
    });
    expect(run.code).not.toBe(0);
    expect(run.stderr).toMatch(/refused the credentials of user 'alice' \(WRONGPASS/);
    expect(run.stderr).toMatch(/MCA_REDIS_PASSWORD/);
    for (const text of [run.stderr, run.stdout]) {
      expect(text).not.toContain(wrong);
      expectNoSecret(text);
    }
  });

  it('a wrong password in the URL: the same, and the URL shown masked', async () => {
    const wrong = 'url-Wrong-pw-456';
    const url = redis.url.replace('rediss://', `rediss://alice:${wrong}@`);
    const run = await runToExit(['--redis-url', url, ...tlsArgs()]);
    expect(run.code).not.toBe(0);
    expect(run.stderr).toContain(`rediss://alice:***@127.0.0.1:${redis.port}`);
    expect(`${run.stderr}${run.stdout}`).not.toContain(wrong);
  });

  it('--redis-ca with a redis:// URL is a start-up error that names the options', async () => {
    const url = `redis://alice:${ALICE_PASSWORD}@127.0.0.1:${redis.port}`;
    const run = await runToExit(['--redis-url', url, ...tlsArgs()]);
    expect(run.code).not.toBe(0);
    expect(run.stderr).toMatch(/--redis-ca, --redis-cert, --redis-key need a rediss:\/\/ URL/);
    expectNoSecret(`${run.stderr}${run.stdout}`);
  });

  /** /metrics and the health endpoints, whatever of them this build serves. */
  async function scrapeAll(server: ServerProcess): Promise<string> {
    const bodies = await Promise.all(
      ['/metrics', '/healthz', '/readyz'].map(async (path) => {
        const res = await fetch(`${server.base}${path}`).catch(() => undefined);
        return res ? `${path} ${res.status}\n${await res.text()}` : '';
      }),
    );
    return bodies.join('\n');
  }

  /** `serve --http --store redis` that is expected to stop by itself: its exit code and output. */
  type Exit = { code: number | null; stdout: string; stderr: string };
  function runToExit(args: string[], env: NodeJS.ProcessEnv = {}): Promise<Exit> {
    const child = spawn(process.execPath, [CLI, 'serve', '--http', '--port', '0', '--store', 'redis', ...args], {
      env: { ...process.env, MCA_LOG_LEVEL: 'debug', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    return new Promise((resolve) =>
      child.once('close', (code) => {
        clearTimeout(timer);
        resolve({ code, stdout: out, stderr: err });
      }),
    );
  }

  it('wrote nothing to stdout (the secrets are not there either)', () => {
    expect(stdout).toBe('');
  });
});
