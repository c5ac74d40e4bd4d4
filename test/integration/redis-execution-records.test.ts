import { afterAll, beforeAll } from 'vitest';
import { RedisConnection } from '../../src/redis/connection.js';
import { RedisExecutionRecordStore } from '../../src/session/execution-records-redis.js';
import { executionRecordStoreContract } from '../contract/execution-record-store.contract.js';
import { startRedisServer, type RedisServer } from '../helpers/redis-server.js';

let server: RedisServer;
const connections: RedisConnection[] = [];
beforeAll(async () => {
  server = await startRedisServer();
});
afterAll(async () => {
  for (const c of connections) await c.close();
  await server?.dispose();
});

async function instance(): Promise<RedisExecutionRecordStore> {
  const connection = new RedisConnection({ url: server.url });
  connections.push(connection);
  await connection.connect(2000);
  return new RedisExecutionRecordStore({ connection });
}

// Two instances on one Redis: the sweep test runs both sweepers at once.
executionRecordStoreContract('redis', async () => [await instance(), await instance()]);
