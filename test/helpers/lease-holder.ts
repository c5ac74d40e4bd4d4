// A separate process that starts an execution and keeps its lease alive until killed:
// the test kills it with SIGKILL to play an instance that dies mid-execution.
import { RedisConnection } from '../../src/redis/connection.js';
import { keepLeaseAlive } from '../../src/session/execution-record-store.js';
import { RedisExecutionRecordStore } from '../../src/session/execution-records-redis.js';

const [url, executionId, leaseMs] = process.argv.slice(2) as [string, string, string];
const connection = new RedisConnection({ url });
await connection.connect(5000);
const store = new RedisExecutionRecordStore({ connection });
const at = new Date().toISOString();
await store.start(
  {
    executionId,
    tool: 'analyze_project',
    argsHash: 'h',
    state: 'running',
    transitions: [{ state: 'running', at }],
    attempts: 1,
    startedAt: at,
  },
  { owner: `pid-${process.pid}`, leaseMs: Number(leaseMs), snapshot: { value: 'running' } },
);
keepLeaseAlive(store, executionId, { owner: `pid-${process.pid}`, leaseMs: Number(leaseMs) });
process.stdout.write('started\n');
setInterval(() => {}, 1 << 30);
