import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { freePort, redisCli, requireRedisBinaries, startRedisServer, type RedisServer } from './redis-server.js';

// A real Redis Cluster on loopback: 3 masters + 3 replicas (a replica per shard, so a test
// can run CLUSTER FAILOVER), created with redis-cli --cluster create.

export interface RedisClusterHandle {
  nodes: RedisServer[];
  /** Root node URLs for the client. */
  urls: string[];
  /** Manual failover of one shard: its replica becomes master; resolves when the cluster is ok. */
  failover(): Promise<{ oldMaster: number; newMaster: number }>;
  dispose(): Promise<void>;
}

export async function startRedisCluster(masters = 3, replicasPerMaster = 1): Promise<RedisClusterHandle> {
  requireRedisBinaries();
  const dir = mkdtempSync(join(tmpdir(), 'mca-cluster-'));
  const nodes: RedisServer[] = [];
  try {
    for (let i = 0; i < masters * (1 + replicasPerMaster); i++) {
      const nodeDir = join(dir, `n${i}`);
      spawnSync('mkdir', ['-p', nodeDir]);
      const port = await freePort(true);
      const extraArgs = [
        '--cluster-enabled',
        'yes',
        '--cluster-config-file',
        join(nodeDir, 'nodes.conf'),
        '--cluster-node-timeout',
        '2000',
      ];
      nodes.push(await startRedisServer({ port, dir: nodeDir, extraArgs }));
    }
    const addresses = nodes.map((n) => `127.0.0.1:${n.port}`);
    const created = spawnSync(
      'redis-cli',
      ['--cluster', 'create', ...addresses, '--cluster-replicas', String(replicasPerMaster), '--cluster-yes'],
      {
        encoding: 'utf8',
      },
    );
    if (created.status !== 0)
      throw new Error(`redis-cli --cluster create failed: ${created.stdout}\n${created.stderr}`);
    await waitFor(() => nodes.every((n) => clusterOk(n.port) && linked(n.port)), 20_000, 'cluster state ok');
  } catch (error) {
    for (const n of nodes) await n.dispose();
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  return {
    nodes,
    urls: nodes.slice(0, masters).map((n) => n.url),
    failover: () => failover(nodes),
    dispose: async () => {
      for (const n of nodes) await n.dispose();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

function clusterOk(port: number): boolean {
  return redisCli(port, 'CLUSTER', 'INFO').includes('cluster_state:ok');
}

/** Replicas have finished their first sync (so a manual failover will be accepted). */
function linked(port: number): boolean {
  const info = redisCli(port, 'INFO', 'replication');
  return info.includes('role:master') || info.includes('master_link_status:up');
}

async function failover(nodes: RedisServer[]): Promise<{ oldMaster: number; newMaster: number }> {
  const replica = nodes.find((n) => redisCli(n.port, 'INFO', 'replication').includes('role:slave'));
  if (!replica) throw new Error('no replica to fail over to');
  const masterPort = Number(/master_port:(\d+)/.exec(redisCli(replica.port, 'INFO', 'replication'))?.[1]);
  const answer = redisCli(replica.port, 'CLUSTER', 'FAILOVER');
  if (answer !== 'OK') throw new Error(`CLUSTER FAILOVER answered ${answer}`);
  await waitFor(
    () => redisCli(replica.port, 'INFO', 'replication').includes('role:master'),
    15_000,
    'replica promoted',
  );
  await waitFor(() => nodes.every((n) => clusterOk(n.port)), 15_000, 'cluster ok after failover');
  return { oldMaster: masterPort, newMaster: replica.port };
}

async function waitFor(check: () => boolean, ms: number, what: string): Promise<void> {
  const until = Date.now() + ms;
  while (!check()) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
