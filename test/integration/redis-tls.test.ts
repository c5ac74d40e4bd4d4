import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { MemoryLruCache } from '../../src/cache/memory-lru.js';
import { TwoLevelCache } from '../../src/cache/two-level.js';
import { RedisConnection, type RedisLogger } from '../../src/redis/index.js';
import { redactUrl } from '../../src/redis/redact.js';
import { RedisSessionStore } from '../../src/session/redis-store.js';
import { freePort, startRedisServer, type RedisServer, type RedisTlsFiles } from '../helpers/redis-server.js';
import { sessionStoreContract, sleep } from '../contract/session-store.contract.js';

// Redis as production runs it: TLS only, a password on the default user, an ACL user, client
// certificates; standalone and a 3-master cluster, all on real redis-server processes.

const PASSWORD = 'default-Pa55:word/with@odd%chars';
const ALICE = 'alice-S3cret-for-acl';
let server: RedisServer;
const open: Array<{ close(): Promise<void> }> = [];

beforeAll(async () => {
  server = await startRedisServer({ tls: true, password: PASSWORD, users: [`alice on >${ALICE} ~* &* +@all`] });
}, 30_000);
afterAll(async () => {
  for (const c of open.splice(0)) await c.close();
  await server?.dispose();
});

function capture(): RedisLogger & { text(): string } {
  const lines: string[] = [];
  const write = (obj: object, msg?: string) => void lines.push(JSON.stringify({ ...obj, msg }));
  return { warn: write, info: write, text: () => lines.join('\n') };
}

const tlsFiles = () => ({ ca: server.tls!.ca, cert: server.tls!.cert, key: server.tls!.key });
const withUser = (user: string, password: string) =>
  server.url.replace('rediss://', `rediss://${user}:${encodeURIComponent(password)}@`);

/** A connection and whether it connected within waitMs. */
async function connected(
  options: ConstructorParameters<typeof RedisConnection>[0],
  waitMs = 5000,
): Promise<RedisConnection & { ok: boolean }> {
  const c = new RedisConnection({ pingIntervalMs: 100, ...options });
  open.push(c);
  return Object.assign(c, { ok: await c.connect(waitMs) });
}

describe('Redis over TLS with a password (standalone)', () => {
  it('connects with --redis-password and the CA and client certificate, and says who it is', async () => {
    const c = await connected({ url: server.url, password: PASSWORD, tls: tlsFiles() });
    expect(c.ok).toBe(true);
    expect(await c.call(undefined, ['ACL', 'WHOAMI'])).toBe('default');
    expect(c.target.display).toBe(server.url);
  });

  it('takes the ACL user and password from the URL, and the password option over the URL', async () => {
    const fromUrl = await connected({ url: withUser('alice', ALICE), tls: tlsFiles() });
    expect(await fromUrl.call(undefined, ['ACL', 'WHOAMI'])).toBe('alice');
    expect(fromUrl.target.display).toBe(`rediss://alice:***@127.0.0.1:${server.port}`);
    const aliceUrl = server.url.replace('rediss://', 'rediss://alice@');
    const userOnly = await connected({ url: aliceUrl, password: ALICE, tls: tlsFiles() });
    expect(await userOnly.call(undefined, ['ACL', 'WHOAMI'])).toBe('alice');
  });

  it('refuses a wrong password at once, naming the problem and the user, never the secret', async () => {
    const log = capture();
    const wrong = 'not-the-Password-42';
    const started = Date.now();
    const c = await connected({ url: withUser('alice', wrong), tls: tlsFiles(), logger: log });
    expect(Date.now() - started).toBeLessThan(2000);
    expect(c.ok).toBe(false);
    expect(c.refusal).toMatch(/refused the credentials of user 'alice' \(WRONGPASS/);
    expect(c.refusal).toMatch(/--redis-password or MCA_REDIS_PASSWORD/);
    const err = await c.call(undefined, ['PING']).then(
      () => undefined,
      (e: unknown) => e as Error,
    );
    const health = JSON.stringify(c.health());
    const everything = [c.refusal, health, log.text(), err?.message, err?.stack, JSON.stringify(err)].join('\n');
    expect(everything).not.toContain(wrong);
    expect(everything).not.toContain(encodeURIComponent(wrong));
  });

  it('refuses a server certificate it cannot trust, and a missing client certificate', async () => {
    const noCa = await connected({ url: server.url, password: PASSWORD });
    expect(noCa.refusal).toMatch(/TLS certificate is not trusted .*--redis-ca/);
    const noCert = await connected({ url: server.url, password: PASSWORD, tls: { ca: server.tls!.ca } });
    expect(noCert.ok).toBe(false);
    expect(noCert.refusal).toMatch(/TLS handshake failed \(ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED\).*--redis-cert/);
  });

  it('turns option mistakes into messages that name the option and hide the password', () => {
    const secretUrl = `redis://bob:${ALICE}@127.0.0.1:1`;
    const attempts: Array<[() => unknown, RegExp]> = [
      [
        () => new RedisConnection({ url: secretUrl, tls: { ca: server.tls!.ca } }),
        /--redis-ca need a rediss:\/\/ URL \(TLS\), not redis:\/\/bob:\*\*\*@/,
      ],
      [
        () => new RedisConnection({ url: server.url, tls: { cert: server.tls!.cert } }),
        /--redis-cert and --redis-key go/,
      ],
      [
        () => new RedisConnection({ url: server.url, tls: { ca: '/nonexistent/ca.pem' } }),
        /--redis-ca \/nonexistent\/ca.pem: cannot read the file \(ENOENT\)/,
      ],
      [() => new RedisConnection({ url: `redis://bob:${ALICE}@exa mple:1` }), /not a valid URL; expected/],
      [() => new RedisConnection({ url: `http://bob:${ALICE}@host:1` }), /must start with redis:\/\/ or rediss:\/\//],
      [() => new RedisConnection({ clusterNodes: [server.url, secretUrl] }), /mixes redis:\/\/ and rediss:\/\//],
    ];
    for (const [attempt, expected] of attempts) {
      let message = '';
      try {
        attempt();
      } catch (error) {
        message = (error as Error).message;
      }
      expect(message).toMatch(expected);
      expect(message).not.toContain(ALICE);
    }
  });

  it('scrubs the password from errors that come out of a call', async () => {
    const c = await connected({ url: withUser('alice', ALICE), tls: tlsFiles() });
    // A server error that quotes its arguments: the secret sent as one comes back masked.
    const err = await c.call(undefined, ['NOSUCHCOMMAND', ALICE]).then(
      () => undefined,
      (e: unknown) => e as Error,
    );
    expect(err?.message).toMatch(/unknown command 'NOSUCHCOMMAND', with args beginning with: '\*\*\*'/);
    expect(`${err?.message}${err?.stack}`).not.toContain(ALICE);
    const text = `see rediss://alice:${ALICE}@h:1/0 and redis://bob@h`;
    expect(redactUrl(text)).toBe('see rediss://alice:***@h:1/0 and redis://bob@h');
  });

  it('serves the two-level cache with its invalidations over TLS (pub/sub has its own connection)', async () => {
    const cache = async () => {
      const connection = await connected({ url: server.url, password: PASSWORD, tls: tlsFiles() });
      return TwoLevelCache.create<number[]>({ front: new MemoryLruCache(), connection });
    };
    const [ca, cb] = await Promise.all([cache(), cache()]);
    await ca.set('tls-k', [1, 2]);
    expect(await cb.get('tls-k')).toEqual([1, 2]);
    await ca!.delete('tls-k');
    const until = Date.now() + 3000;
    while ((await cb.front.get('tls-k')) !== undefined && Date.now() < until) await sleep(20);
    expect(await cb.get('tls-k')).toBeUndefined();
  });
});

sessionStoreContract('redis over TLS with an ACL user', async () =>
  RedisSessionStore.connect({ url: withUser('alice', ALICE), tls: tlsFiles() }),
);

describe('Redis Cluster over TLS with a password', () => {
  let nodes: RedisServer[] = [];
  beforeAll(async () => {
    // One CA for all three nodes (the cluster bus is TLS too): the others use the first one's files.
    const first = await startTlsClusterNode();
    nodes = [first, ...(await Promise.all([0, 1].map(() => startTlsClusterNode(first.tls))))];
    const created = spawnSync(
      'redis-cli',
      [
        '--tls',
        '--cacert',
        first.tls!.ca,
        '--cert',
        first.tls!.cert,
        '--key',
        first.tls!.key,
        '--no-auth-warning',
        '-a',
        PASSWORD,
        '--cluster',
        'create',
        ...nodes.map((n) => `127.0.0.1:${n.port}`),
        '--cluster-yes',
      ],
      { encoding: 'utf8', timeout: 30_000 },
    );
    if (created.status !== 0) throw new Error(`cluster create failed: ${created.stdout}${created.stderr}`);
    const until = Date.now() + 20_000;
    while (!nodes.every((n) => n.cli('CLUSTER', 'INFO').includes('cluster_state:ok'))) {
      if (Date.now() > until) throw new Error('TLS cluster not ok within 20 s');
      await sleep(100);
    }
  }, 60_000);
  afterAll(async () => {
    for (const n of nodes) await n.dispose();
  });

  it('reaches every master with TLS and credentials from `defaults` (discovered nodes included)', async () => {
    const c = await connected({ clusterNodes: [nodes[0]!.url], password: PASSWORD, tls: tlsFiles0() });
    expect(c.mode).toBe('cluster');
    expect(c.ok).toBe(true);
    const store = new RedisSessionStore({ connection: c });
    const ids: string[] = [];
    for (let i = 0; i < 12; i++) ids.push((await store.create({ label: `tls-${i}` })).id);
    for (const id of ids) expect((await store.get(id))?.label).toMatch(/^tls-/);
    const masters = await c.nodes();
    expect(masters).toHaveLength(3);
    const sizes = await Promise.all(masters.map((m) => m.call<number>(['DBSIZE'])));
    expect(sizes.filter((n) => n > 0).length).toBeGreaterThanOrEqual(2);
  });

  it('refuses a wrong password on a cluster too', async () => {
    const c = await connected({ clusterNodes: [nodes[0]!.url], password: 'wrong-cluster-pw', tls: tlsFiles0() });
    expect(c.ok).toBe(false);
    expect(c.refusal).toMatch(/refused the credentials of the default user/);
    expect(c.refusal).not.toContain('wrong-cluster-pw');
  });

  const tlsFiles0 = () => ({ ca: nodes[0]!.tls!.ca, cert: nodes[0]!.tls!.cert, key: nodes[0]!.tls!.key });

  function startTlsClusterNode(files?: RedisTlsFiles): Promise<RedisServer> {
    return freePort(true).then((port) =>
      startRedisServer({
        port,
        tls: files ? { files } : true,
        password: PASSWORD,
        extraArgs: [
          '--cluster-enabled',
          'yes',
          '--cluster-node-timeout',
          '2000',
          '--tls-cluster',
          'yes',
          '--masterauth',
          PASSWORD,
        ],
      }),
    );
  }
});
