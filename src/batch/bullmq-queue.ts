import { Queue, Worker, type ConnectionOptions, type Job } from 'bullmq';
import { Cluster, Redis, type RedisOptions } from 'ioredis';
import type { RedisConnection } from '../redis/connection.js';
import { withDeadline } from '../redis/deadline.js';
import { BATCH_CANCEL_CHANNEL, BATCH_QUEUE_PREFIX } from '../redis/keys.js';
import type { RedisTarget } from '../redis/target.js';
import { MERGE_INDEX, type JobQueue, type QueuedJob } from './types.js';

const QUEUE_NAME = 'batch';
/** Jobs added per command: 10,000 jobs go in ten round trips, not one giant reply. */
const ADD_SLICE = 1000;
/** How long closing may wait for Redis. */
const CLOSE_MS = 2000;

export interface BullMqQueueOptions {
  /** Jobs this instance runs at once. */
  concurrency: number;
  /**
   * How long a running job's lock lives without renewal (BullMQ renews it at half): a job whose
   * instance died is taken over by another once its lock is gone and a stalled check ran.
   */
  lockMs: number;
}

/**
 * The batch queue on BullMQ: jobs survive instances, every instance's worker takes them, a
 * job whose worker died is taken over (BullMQ's stalled-job check) and the job id
 * `<batch>-<index>` makes adding one twice a no-op. BullMQ runs on its own ioredis
 * connections (a worker blocks on one); they are built from the same target as ours, TLS
 * and credentials included. Cancellations go out on pub/sub through our connection.
 */
export class BullMqJobQueue implements JobQueue {
  private producer: Queue | undefined;
  private infoRefused: Promise<boolean> | undefined;
  private worker: Worker | undefined;
  private readonly cancelListeners: ((batchId: string) => void)[] = [];
  private readonly clients: (Redis | Cluster)[] = [];

  /** Connects nothing yet: a process that never submits nor works opens no BullMQ connection. */
  constructor(
    private readonly connection: RedisConnection,
    private readonly options: BullMqQueueOptions,
  ) {}

  private async queue(): Promise<Queue> {
    if (!this.producer) {
      const restricted = await this.restricted();
      // A submit while Redis is away fails at once (STORE_UNAVAILABLE) instead of waiting in ioredis's offline queue.
      this.producer ??= new Queue(QUEUE_NAME, {
        connection: this.client({ enableOfflineQueue: false }, restricted),
        prefix: BATCH_QUEUE_PREFIX,
        skipVersionCheck: restricted,
      });
      this.producer.on('error', () => undefined);
    }
    return this.producer;
  }

  /**
   * Whether our user may not run INFO (an ACL user confined to our keys, `-@dangerous`):
   * BullMQ and ioredis read the server version and readiness with it, so they are told to
   * skip that (the README asks for Redis 7 anyway). Asked once, on our own connection.
   */
  private restricted(): Promise<boolean> {
    this.infoRefused ??= this.connection.call<string>(undefined, ['INFO', 'server']).then(
      () => false,
      (error: unknown) => {
        if (/NOPERM/.test(String((error as { cause?: unknown })?.cause ?? error))) return true;
        this.infoRefused = undefined; // Redis away: ask again next time.
        return false;
      },
    );
    return this.infoRefused;
  }

  async add(jobs: readonly QueuedJob[], priority: number): Promise<void> {
    for (let i = 0; i < jobs.length; i += ADD_SLICE) {
      await (
        await this.queue()
      ).addBulk(
        jobs.slice(i, i + ADD_SLICE).map((job) => ({
          name: job.index === MERGE_INDEX ? 'merge' : 'job',
          data: job,
          opts: {
            jobId: `${job.batchId}-${job.index === MERGE_INDEX ? 'merge' : job.index}`,
            priority,
            // Our own store keeps the results; BullMQ's copies would only fill Redis.
            removeOnComplete: true,
            removeOnFail: { age: 3600 },
            // The execution machine retries retryable codes itself: BullMQ's attempts are for
            // jobs interrupted by an instance's shutdown, which the handler throws back.
            attempts: 3,
            backoff: { type: 'fixed', delay: 1000 },
          },
        })),
      );
    }
  }

  async work(handle: (job: QueuedJob) => Promise<void>): Promise<void> {
    // Only a worker runs jobs, so only a worker needs to hear that a batch was cancelled.
    await this.connection.subscribe(
      BATCH_CANCEL_CHANNEL,
      (batchId) => {
        for (const listener of this.cancelListeners) listener(batchId);
      },
      () => undefined,
    );
    const restricted = await this.restricted();
    this.worker = new Worker(QUEUE_NAME, (job: Job<QueuedJob>) => handle(job.data), {
      connection: this.client({ maxRetriesPerRequest: null }, restricted),
      skipVersionCheck: restricted,
      prefix: BATCH_QUEUE_PREFIX,
      concurrency: this.options.concurrency,
      lockDuration: this.options.lockMs,
      stalledInterval: Math.max(1000, Math.floor(this.options.lockMs / 2)),
      maxStalledCount: 2,
    });
    this.worker.on('error', () => undefined);
  }

  async announceCancel(batchId: string): Promise<void> {
    await this.connection.call(undefined, ['PUBLISH', BATCH_CANCEL_CHANNEL, batchId]);
  }

  onCancel(listener: (batchId: string) => void): void {
    this.cancelListeners.push(listener);
  }

  /** Stops taking jobs; resolves when the running ones are done. */
  async stopWorking(): Promise<void> {
    await this.worker?.close();
  }

  /**
   * Closes BullMQ's connections. Running jobs were drained before (stopWorking, then the
   * service's drain); with Redis away BullMQ's own close would wait for it, so it gets a deadline.
   */
  async close(): Promise<void> {
    await withDeadline(Promise.allSettled([this.worker?.close(true), this.producer?.close()]), CLOSE_MS).catch(
      () => undefined,
    );
    for (const client of this.clients) client.disconnect();
  }

  /** An ioredis client for BullMQ, on the same nodes, TLS and credentials as our connection. */
  private client(extra: Partial<RedisOptions> = {}, restricted = false): ConnectionOptions {
    const t: RedisTarget = this.connection.target;
    const options: RedisOptions = {
      ...(t.username !== undefined ? { username: t.username } : {}),
      ...(t.password !== undefined ? { password: t.password } : {}),
      ...(t.tls ? { tls: { ...(t.ca ? { ca: t.ca } : {}), ...(t.cert ? { cert: t.cert, key: t.key } : {}) } } : {}),
      ...(restricted ? { enableReadyCheck: false } : {}),
      ...extra,
    };
    const client =
      this.connection.mode === 'cluster'
        ? new Cluster(t.nodes, { redisOptions: options })
        : new Redis({ ...t.nodes[0], ...(t.database !== undefined ? { db: t.database } : {}), ...options });
    client.on('error', () => undefined);
    this.clients.push(client);
    return client;
  }
}
