// The Redis layer's public surface: the rest of the server imports from here, never from 'redis'.
export { CircuitBreaker, type BreakerOptions, type BreakerState } from './breaker.js';
export { RedisConnection, type RedisConnectionOptions, type RedisLogger, type RedisNode } from './connection.js';
export { isUnavailableError, storeUnavailable } from './errors.js';
export type { RedisHealth } from './health.js';
export { KEY_PREFIX, sessionKeys, executionKeys, cacheKey } from './keys.js';
