import { startNginx, upstreamOf, type Nginx } from './nginx.js';
import { startRedisServer, type RedisServer } from './redis-server.js';
import { startHttpServer, type ServerProcess } from './server-process.js';

// A fleet as an operator runs it: one real redis-server, N server processes on it
// (`serve --http --port 0 --store redis --redis-url …`) and a real nginx in front of them
// with plain round-robin (no stickiness). Clients talk to `fleet.url` only.

export interface FleetOptions {
  /** Server processes to start (default 2). */
  instances?: number;
  /** Extra `serve` flags for every instance (--root, --engine, …). */
  args?: string[];
  env?: NodeJS.ProcessEnv;
}

export interface Fleet {
  redis: RedisServer;
  nginx: Nginx;
  /** Every instance started, by index; a killed one stays in its place (its `exited` has resolved). */
  servers: ServerProcess[];
  /** The MCP endpoint through the proxy. */
  url: string;
  /** The proxy's base URL (/healthz, /readyz go to an instance too). */
  base: string;
  /** Start one more instance and reload nginx with it; resolves when nginx routes to it. */
  add(): Promise<ServerProcess>;
  /**
   * Kill instance i (default SIGKILL: a crash). It stays in nginx's upstream list, as after a
   * real crash: nginx passes requests that cannot connect to it on to the next instance.
   */
  kill(i: number, signal?: NodeJS.Signals): Promise<number | null>;
  /** The index of the instance listening on an upstream address (host:port), or -1. */
  instanceOf(upstream: string): number;
  /** Requests each instance answered (by index), from the access log; see Nginx.servedBy. */
  servedBy(options?: { since?: number; path?: string }): number[];
  dispose(): Promise<void>;
}

export async function startFleet(options: FleetOptions = {}): Promise<Fleet> {
  const redis = await startRedisServer();
  const servers: ServerProcess[] = [];
  let nginx: Nginx | undefined;
  const launch = () =>
    startHttpServer(['--store', 'redis', '--redis-url', redis.url, ...(options.args ?? [])], options.env);
  try {
    servers.push(...(await Promise.all(Array.from({ length: options.instances ?? 2 }, launch))));
    nginx = await startNginx(servers.map((s) => s.url));
  } catch (error) {
    await Promise.all(servers.map((s) => s.stop('SIGKILL')));
    await redis.dispose();
    throw error;
  }
  const proxy = nginx;
  const running = () => servers.filter((s) => s.child.exitCode === null && s.child.signalCode === null);
  const instanceOf = (upstream: string) => servers.findIndex((s) => upstreamOf(s.url) === upstream);
  return {
    redis,
    nginx: proxy,
    servers,
    url: `${proxy.base}/mcp`,
    base: proxy.base,
    async add() {
      const server = await launch();
      servers.push(server);
      await proxy.setUpstreams(running().map((s) => s.url));
      return server;
    },
    async kill(i, signal = 'SIGKILL') {
      const server = servers[i];
      if (!server) throw new Error(`no instance ${i} (the fleet has ${servers.length})`);
      return server.stop(signal);
    },
    instanceOf,
    servedBy(filter = {}) {
      const counts = servers.map(() => 0);
      for (const [upstream, n] of proxy.servedBy(filter)) {
        const i = instanceOf(upstream);
        if (i >= 0) counts[i]! += n;
      }
      return counts;
    },
    async dispose() {
      await proxy.dispose();
      await Promise.all(servers.map((s) => s.stop('SIGKILL')));
      await redis.dispose();
    },
  };
}
