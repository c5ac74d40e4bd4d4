import { afterAll, beforeAll } from 'vitest';
import { RedisSessionStore } from '../../src/session/redis-store.js';
import { sessionStoreContract } from '../contract/session-store.contract.js';
import { startRedisServer, type RedisServer } from '../helpers/redis-server.js';

let server: RedisServer;
beforeAll(async () => {
  server = await startRedisServer();
});
afterAll(async () => {
  await server?.dispose();
});

sessionStoreContract('redis (standalone)', () => RedisSessionStore.connect({ url: server.url }));
