import { assign, fromPromise, setup } from 'xstate';
import { ToolError, toToolError } from '../envelope/errors.js';
import type { ExecutionState, StateTransition } from '../envelope/execution-record.js';

// One tool call = one actor of this machine:
//   validating → running → succeeded | failed | timedOut | cancelled
// with bounded, backed-off retries (running → retrying → running) for retryable failures.
// The deadline is absolute and lives in context (timers are not persisted; a restored
// snapshot recomputes the remaining time from it).
// Validation is synchronous (a schema parse), so it is the validating state's eventless
// transition, not an invoked actor: an actor per call costs more than a trivial tool's whole
// work. The injected `validation` (the call's parse, made once) decides running or failed.

export interface ExecutionInput {
  /**
   * Identifies the call to the injected actors (which keep per-call callbacks outside the context, so it stays plain
   * JSON).
   */
  callId: string;
  args: unknown;
  /** Epoch ms after which the call is timedOut, whatever state it is in. */
  deadline: number;
  maxRetries: number;
  backoffBaseMs: number;
}

export interface ExecutionContext extends ExecutionInput {
  attempts: number;
  /** Set by the validating state. */
  valid?: boolean;
  output?: unknown;
  error?: ToolError;
  transitions: StateTransition[];
}

export type ExecutionEvent = { type: 'execution.cancel'; reason?: string };

/** The outcome of validating a call's arguments: the parsed arguments or the error. */
export type Validation = { ok: true; args: unknown } | { ok: false; error: unknown };
export type WorkInput = { callId: string; args: unknown; attempt: number };

const notProvided = (what: string) =>
  fromPromise<unknown, never>(async () => {
    throw new Error(`execution machine: the ${what} actor must be provided`);
  });

/** Replaced with .provide({ actions: { validate } }) as validateWith(callId => the call's validation). */
const validationNotProvided = (): Validation => ({
  ok: false,
  error: new Error('execution machine: the validate action must be provided'),
});

/**
 * The validate action: records the call's validation in context (the parsed arguments, or the
 * error). `validationOf` is asked once per call; the eventless transition then reads the context.
 */
export const validateWith = (validationOf: (callId: string) => Validation) =>
  assign<ExecutionContext, ExecutionEvent, undefined, ExecutionEvent, never>(({ context }) => {
    const validation = validationOf(context.callId);
    return validation.ok
      ? { args: validation.args, valid: true }
      : { valid: false, error: toToolError(validation.error) };
  });

const nextBackoff = (context: ExecutionContext) => context.backoffBaseMs * 2 ** (context.attempts - 1);

const retryable = (context: ExecutionContext, event: unknown) =>
  toToolError((event as { error?: unknown }).error).retryable && context.attempts <= context.maxRetries;

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

/** The transitions so far, plus entering state now. */
const entered = (context: ExecutionContext, state: ExecutionState | 'retrying'): StateTransition[] => [
  ...context.transitions,
  { state, at: isoNow() },
];

const mark = (state: ExecutionState | 'retrying') => ({ type: 'mark', params: { state } }) as const;

export const executionMachine = setup({
  types: {
    context: {} as ExecutionContext,
    input: {} as ExecutionInput,
    events: {} as ExecutionEvent,
  },
  actors: {
    work: notProvided('work') as unknown as ReturnType<typeof fromPromise<unknown, WorkInput>>,
  },
  actions: {
    mark: assign({
      transitions: ({ context }, params: { state: ExecutionState | 'retrying' }) => entered(context, params.state),
    }),
    recordError: assign({ error: ({ event }) => toToolError((event as { error?: unknown }).error) }),
    validate: validateWith(validationNotProvided),
  },
  delays: {
    untilDeadline: ({ context }) => Math.max(0, context.deadline - Date.now()),
    // Exponential backoff, never past the deadline: the deadline transition must win.
    backoff: ({ context }) => Math.min(nextBackoff(context), Math.max(0, context.deadline - Date.now())),
  },
  guards: {
    canRetry: ({ context, event }) => retryable(context, event) && context.deadline - Date.now() > nextBackoff(context),
    // A retry that could only start at or past the deadline: the deadline is what ended the call.
    outOfTime: ({ context, event }) => retryable(context, event),
  },
}).createMachine({
  id: 'execution',
  initial: 'validating',
  context: ({ input }) => ({ ...input, attempts: 0, transitions: [] }),
  on: {
    'execution.cancel': {
      target: '.cancelled',
      actions: assign({ error: ({ event }) => new ToolError('CANCELLED', event.reason ?? 'The call was cancelled.') }),
    },
  },
  states: {
    validating: {
      entry: [mark('validating'), 'validate'],
      always: [{ guard: ({ context }) => context.valid === true, target: 'running' }, { target: 'failed' }],
    },
    running: {
      // One assign, not two: each assign copies the snapshot.
      entry: assign(({ context }) => ({ transitions: entered(context, 'running'), attempts: context.attempts + 1 })),
      invoke: {
        src: 'work',
        input: ({ context }) => ({ callId: context.callId, args: context.args, attempt: context.attempts }),
        onDone: { target: 'succeeded', actions: assign({ output: ({ event }) => event.output }) },
        onError: [
          { guard: 'canRetry', target: 'retrying', actions: 'recordError' },
          { guard: 'outOfTime', target: 'timedOut' },
          { target: 'failed', actions: 'recordError' },
        ],
      },
      after: { untilDeadline: 'timedOut' },
    },
    retrying: {
      entry: mark('retrying'),
      after: { backoff: 'running', untilDeadline: 'timedOut' },
    },
    succeeded: {
      type: 'final',
      entry: assign(({ context }) => ({ transitions: entered(context, 'succeeded'), error: undefined })),
    },
    failed: { type: 'final', entry: mark('failed') },
    timedOut: {
      type: 'final',
      entry: [mark('timedOut'), assign({ error: () => new ToolError('TIMEOUT', 'The call ran past its deadline.') })],
    },
    cancelled: { type: 'final', entry: mark('cancelled') },
  },
});

export type ExecutionMachine = typeof executionMachine;
