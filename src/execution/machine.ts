import { ToolError, toToolError } from '../envelope/errors.js';
import type { ExecutionState, StateTransition } from '../envelope/execution-record.js';

// One tool call = one Execution, a small state machine:
//
//   validating ──valid──▶ running ──work done──────────────▶ succeeded
//        │                 │  ▲ └─work failed, retryable, ──▶ retrying ──backoff over──┘
//        │                 │  │   attempts left, time left      │
//        └──invalid──▶ failed ◀──work failed, not retryable      │
//   running | retrying ──deadline──▶ timedOut      (any state but a final one) ──cancel──▶ cancelled
//
// Written by hand rather than as an XState actor: an actor per call (its creation, initial
// microsteps, the spawned work actor and the relay of its result) cost ~270 µs of a
// `server_info` call's ~790 µs of server CPU over HTTP, a third of every call, and XState's pure
// `initialTransition`/`transition` cost more still (200 µs against 110 µs in a loop): see
// docs/ARCHITECTURE.md. The states, their transitions as recorded in the execution record, the
// absolute deadline and the persisted form (plain JSON) are what the XState machine had.

export interface ExecutionInput {
  args: unknown;
  /** Epoch ms after which the call is timedOut, whatever state it is in. */
  deadline: number;
  maxRetries: number;
  backoffBaseMs: number;
}

export interface ExecutionContext extends ExecutionInput {
  attempts: number;
  output?: unknown;
  error?: ToolError;
  transitions: StateTransition[];
}

/** The outcome of validating a call's arguments: the parsed arguments or the error. */
export type Validation = { ok: true; args: unknown } | { ok: false; error: unknown };

export interface ExecutionHooks {
  /** Parses the call's arguments; asked once, on entering `validating`. */
  validate(): Validation;
  /**
   * One attempt at the work. `controller` is aborted when the attempt is abandoned (deadline,
   * cancel); its `signal` is made only when read (Node builds an AbortSignal lazily, and most
   * calls never look at it).
   */
  work(args: unknown, controller: AbortController, attempt: number): Promise<unknown>;
}

/** The persisted form: plain JSON, enough to know where a call was and until when it may run. */
export interface PersistedExecution {
  state: ExecutionState | 'retrying';
  context: Omit<ExecutionContext, 'error'> & { error?: { code: string; message: string } };
}

const FINAL: ReadonlySet<string> = new Set(['succeeded', 'failed', 'timedOut', 'cancelled']);

// Every call stamps three transitions or more, and calls arrive thousands a second: the ISO
// time is formatted once per millisecond.
let stampedMs = 0;
let stamp = '';
function isoNow(): string {
  const ms = Date.now();
  if (ms !== stampedMs) {
    stampedMs = ms;
    stamp = new Date(ms).toISOString();
  }
  return stamp;
}

export class Execution {
  private current: ExecutionState | 'retrying' = 'validating';
  readonly context: ExecutionContext;
  /** The attempt in flight: aborted when it is abandoned; its result is ignored once replaced. */
  private attempt: AbortController | undefined;
  private deadlineTimer: NodeJS.Timeout | undefined;
  private backoffTimer: NodeJS.Timeout | undefined;
  private settle!: () => void;
  /** Resolves once the execution is in a final state. */
  readonly done = new Promise<void>((resolve) => (this.settle = resolve));

  constructor(
    input: ExecutionInput,
    private readonly hooks: ExecutionHooks,
  ) {
    this.context = { ...input, attempts: 0, transitions: [] };
  }

  get state(): ExecutionState | 'retrying' {
    return this.current;
  }

  get final(): boolean {
    return FINAL.has(this.current);
  }

  /** Enters `validating` (and from there `running` or `failed`); once. */
  start(): this {
    // Started, or cancelled before it started: either has recorded a transition.
    if (this.context.transitions.length > 0) return this;
    this.mark('validating');
    const validation = this.hooks.validate();
    if (!validation.ok) return this.end('failed', toToolError(validation.error));
    this.context.args = validation.args;
    this.run();
    return this;
  }

  /** Ends a call that has not ended: the attempt in flight is aborted. Ignored after the end. */
  cancel(reason?: string): void {
    if (this.final) return;
    this.end('cancelled', new ToolError('CANCELLED', reason ?? 'The call was cancelled.'));
  }

  persisted(): PersistedExecution {
    const { error, ...rest } = this.context;
    return {
      state: this.current,
      context: { ...rest, ...(error ? { error: { code: error.code, message: error.message } } : {}) },
    };
  }

  private mark(state: ExecutionState | 'retrying'): void {
    this.current = state;
    this.context.transitions.push({ state, at: isoNow() });
  }

  private remainingMs(): number {
    return Math.max(0, this.context.deadline - Date.now());
  }

  private nextBackoffMs(): number {
    return this.context.backoffBaseMs * 2 ** (this.context.attempts - 1);
  }

  private run(): void {
    clearTimeout(this.backoffTimer);
    this.mark('running');
    this.context.attempts += 1;
    this.deadlineTimer ??= setTimeout(() => this.timeOut(), this.remainingMs());
    const controller = new AbortController();
    this.attempt = controller;
    let work: Promise<unknown>;
    try {
      work = this.hooks.work(this.context.args, controller, this.context.attempts);
    } catch (error) {
      work = Promise.reject(error);
    }
    work.then(
      (output) => {
        if (this.attempt !== controller || this.final) return;
        this.attempt = undefined;
        this.context.output = output;
        this.end('succeeded', undefined);
      },
      (error: unknown) => {
        if (this.attempt !== controller || this.final) return;
        this.attempt = undefined;
        this.failed(toToolError(error));
      },
    );
  }

  /** A failed attempt: again after a backoff when the code is retryable and time and attempts remain. */
  private failed(error: ToolError): void {
    const retryable = error.retryable && this.context.attempts <= this.context.maxRetries;
    if (!retryable) {
      this.end('failed', error);
      return;
    }
    const backoff = this.nextBackoffMs();
    // A retry that could only start at or past the deadline: the deadline is what ended the call.
    if (this.context.deadline - Date.now() <= backoff) return this.timeOut();
    this.context.error = error;
    this.mark('retrying');
    this.backoffTimer = setTimeout(() => this.run(), Math.min(backoff, this.remainingMs()));
  }

  private timeOut(): void {
    if (this.final) return;
    this.end('timedOut', new ToolError('TIMEOUT', 'The call ran past its deadline.'));
  }

  private end(state: 'succeeded' | 'failed' | 'timedOut' | 'cancelled', error: ToolError | undefined): this {
    clearTimeout(this.deadlineTimer);
    clearTimeout(this.backoffTimer);
    const attempt = this.attempt;
    this.attempt = undefined;
    if (error) this.context.error = error;
    else delete this.context.error;
    this.mark(state);
    attempt?.abort();
    this.settle();
    return this;
  }
}
