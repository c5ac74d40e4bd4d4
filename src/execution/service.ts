import * as crypto from 'node:crypto';
import type { Logger } from 'pino';
import { errorEnvelope, successEnvelope, type Envelope } from '../envelope/envelope.js';
import { ToolError, toToolError } from '../envelope/errors.js';
import type { AnyTool, CallerProtocol, ToolOutcome } from '../tools/define.js';
import type { ToolDeps } from '../tools/deps.js';
import { Execution } from './machine.js';
import type { ExecutionRecord, ExecutionState } from '../envelope/execution-record.js';
import { runWithSession } from './stateful.js';
import type { TraceContext } from './trace.js';
import { validateArguments } from './validate.js';
import { keepLeaseAlive, type ExecutionRecordStore, type Stoppable } from '../session/execution-record-store.js';

export interface RunOptions {
  /** The client's cancellation (the MCP handler's AbortSignal). */
  signal?: AbortSignal;
  onProgress?: (done: number, total: number | undefined, message: string | undefined) => void;
  /** The calling MCP client's protocol version and era, handed to the tool's context. */
  client?: CallerProtocol;
  /** The caller's W3C trace context (SEP-414): in the call's logs and its execution record. */
  trace?: TraceContext;
}

export interface RunResult {
  envelope: Envelope;
  record: ExecutionRecord;
}

export interface ExecutionServiceOptions {
  deps: ToolDeps;
  log: Logger;
  defaultTimeoutMs: number;
  backoffBaseMs?: number;
  /** Observers of every finished record (metrics, tests). */
  onRecord?: (record: ExecutionRecord) => void | Promise<void>;
  /**
   * Where records of running and finished executions live, so any instance can answer for
   * them. A running execution holds a lease renewed while it runs; if this process dies, a
   * sweeper on any instance closes the record as failed.
   */
  records?: { store: ExecutionRecordStore; instanceId: string; leaseMs: number };
}

// One-shot hashing (Node 20.12 and later) makes no Hash object; thousands of calls a second notice.
const sha256Hex: (text: string) => string =
  typeof crypto.hash === 'function'
    ? (text) => crypto.hash('sha256', text, 'hex')
    : (text) => crypto.createHash('sha256').update(text).digest('hex');

function hashArgs(args: unknown): string {
  return sha256Hex(JSON.stringify(args ?? {})).slice(0, 32);
}

function sessionIdOf(args: unknown): string | undefined {
  const id = (args as { sessionId?: unknown } | null)?.sessionId;
  return typeof id === 'string' ? id : undefined;
}

/** Runs every tool call through its own Execution (the execution machine) and answers with an envelope. */
export class ExecutionService {
  private readonly inFlight = new Map<string, { cancel(reason: string): void; done: Promise<unknown> }>();

  constructor(private readonly options: ExecutionServiceOptions) {}

  get activeCount(): number {
    return this.inFlight.size;
  }

  async run(tool: AnyTool, rawArgs: unknown, runOptions: RunOptions = {}): Promise<RunResult> {
    const executionId = crypto.randomUUID();
    const started = Date.now();
    const argsHash = hashArgs(rawArgs);
    const { deps } = this.options;
    const trace = runOptions.trace;
    // Every line this call logs names the execution (and the caller's trace). A child logger
    // costs more than a trivial tool call: made only when something logs.
    let callLog: Logger | undefined;
    const logFor = () => (callLog ??= this.options.log.child({ tool: tool.name, executionId, ...(trace ?? {}) }));
    let outcome: ToolOutcome<unknown> | undefined;

    const progress = (done: number, total?: number, message?: string) => runOptions.onProgress?.(done, total, message);
    const execution = new Execution(
      {
        args: rawArgs,
        deadline: started + (tool.timeoutMs ?? this.options.defaultTimeoutMs),
        maxRetries: tool.maxRetries ?? 2,
        backoffBaseMs: this.options.backoffBaseMs ?? 50,
      },
      {
        validate: () => {
          try {
            return { ok: true, args: validateArguments(tool.inputSchema, rawArgs, tool.maxArgumentBytes) };
          } catch (error) {
            return { ok: false, error };
          }
        },
        work: async (args, controller) => {
          const sessionId = sessionIdOf(args);
          const ctx = {
            deps,
            executionId,
            // Read by the few tools that watch for cancellation; Node makes the signal on first read.
            get signal() {
              return controller.signal;
            },
            progress,
            ...(sessionId ? { sessionId } : {}),
            ...(runOptions.client ? { client: runOptions.client } : {}),
            get log() {
              return logFor();
            },
          };
          outcome = await runWithSession(tool, args, ctx);
          return outcome;
        },
      },
    );
    const cancel = (reason: string) => execution.cancel(reason);
    const onAbort = () => cancel('The client cancelled the call.');
    runOptions.signal?.addEventListener('abort', onAbort, { once: true });
    this.inFlight.set(executionId, { cancel, done: execution.done });
    let lease: Stoppable | undefined;
    try {
      execution.start();
      if (runOptions.signal?.aborted) onAbort();
      if (!execution.final)
        lease = await this.startRecord(tool, rawArgs, argsHash, executionId, started, execution, trace);
      await execution.done;
    } finally {
      lease?.stop();
      runOptions.signal?.removeEventListener('abort', onAbort);
      this.inFlight.delete(executionId);
    }

    const context = execution.context;
    const state = execution.state as ExecutionState;
    const sessionId = sessionIdOf(context.args) ?? sessionIdOf(rawArgs);
    const record = this.record(tool, argsHash, executionId, started, state, context, sessionId, trace);
    const metadata = {
      tool: tool.name,
      toolVersion: tool.version,
      durationMs: record.durationMs ?? 0,
      timestamp: record.endedAt ?? new Date().toISOString(),
      attempts: context.attempts,
      ...(outcome?.engine ? { engine: outcome.engine } : {}),
      ...(outcome?.cache ? { cache: outcome.cache } : {}),
    };
    const envContext = { executionId, ...(sessionId ? { sessionId } : {}) };
    const envelope =
      state === 'succeeded'
        ? successEnvelope(outcome?.data ?? null, metadata, envContext)
        : errorEnvelope(
            context.error ?? new ToolError('INTERNAL', `Execution ended in state ${state}.`),
            metadata,
            envContext,
          );
    if (state === 'failed' && envelope.status.code === 'INTERNAL')
      logFor().error({ err: context.error?.cause }, 'tool failed');
    await this.publish(tool, record, logFor);
    return { envelope, record };
  }

  /** Cancel every call in flight (shutdown past its grace period). */
  cancelAll(reason: string): void {
    for (const entry of this.inFlight.values()) entry.cancel(reason);
  }

  /** Resolves when no call is in flight, or after timeoutMs; true when drained. */
  async drain(timeoutMs: number): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    while (this.inFlight.size > 0 && Date.now() < deadline) {
      await Promise.race([
        Promise.all([...this.inFlight.values()].map((e) => e.done)),
        new Promise((r) => setTimeout(r, 50)),
      ]);
    }
    return this.inFlight.size === 0;
  }

  private record(
    tool: AnyTool,
    argsHash: string,
    executionId: string,
    started: number,
    state: ExecutionState,
    context: Execution['context'],
    sessionId: string | undefined,
    trace: TraceContext | undefined,
  ): ExecutionRecord {
    const ended = Date.now();
    return {
      executionId,
      tool: tool.name,
      argsHash,
      ...(sessionId ? { sessionId } : {}),
      ...(trace ? { traceparent: trace.traceparent } : {}),
      state,
      transitions: context.transitions,
      attempts: context.attempts,
      startedAt: new Date(started).toISOString(),
      endedAt: new Date(ended).toISOString(),
      durationMs: ended - started,
      outcome: context.error ? { code: context.error.code, message: context.error.message } : { code: 'OK' },
    };
  }

  /** The running record with its lease; a store outage must not fail the call itself. */
  private async startRecord(
    tool: AnyTool,
    rawArgs: unknown,
    argsHash: string,
    executionId: string,
    started: number,
    execution: Execution,
    trace: TraceContext | undefined,
  ): Promise<Stoppable | undefined> {
    const records = this.options.records;
    if (!records) return undefined;
    const context = execution.context;
    const sessionId = sessionIdOf(rawArgs);
    const running: ExecutionRecord = {
      executionId,
      tool: tool.name,
      argsHash,
      ...(sessionId ? { sessionId } : {}),
      ...(trace ? { traceparent: trace.traceparent } : {}),
      state: 'running',
      transitions: context.transitions,
      attempts: context.attempts,
      startedAt: new Date(started).toISOString(),
    };
    try {
      await records.store.start(running, {
        owner: records.instanceId,
        leaseMs: records.leaseMs,
        snapshot: execution.persisted(),
      });
      return keepLeaseAlive(records.store, executionId, {
        owner: records.instanceId,
        leaseMs: records.leaseMs,
        currentSnapshot: () => execution.persisted(),
      });
    } catch (error) {
      this.options.log.warn(
        { err: error, executionId, ...(trace ?? {}) },
        'could not store the running execution record',
      );
      return undefined;
    }
  }

  /** Session history (for tools that ran in a session), the record store and observers; never fails the call. */
  private async publish(tool: AnyTool, record: ExecutionRecord, log: () => Logger): Promise<void> {
    const { deps } = this.options;
    if (this.options.records) {
      await this.options.records.store
        .finish(record)
        .catch((error: unknown) => log().warn({ err: error }, 'could not store the execution record'));
    }
    try {
      if (record.sessionId && tool.category !== 'session')
        await deps.sessions.appendHistory(record.sessionId, [record]);
    } catch (error) {
      if (toToolError(error).code !== 'SESSION_NOT_FOUND') log().warn({ err: error }, 'could not append history');
    }
    try {
      await this.options.onRecord?.(record);
    } catch (error) {
      log().warn({ err: error }, 'execution record observer failed');
    }
  }
}
