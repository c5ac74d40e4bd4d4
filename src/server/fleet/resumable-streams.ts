import type { JSONRPCMessage } from '@modelcontextprotocol/server';
import type { StreamInfo, StreamLog } from './stream-log.js';

// Resumable SSE streams of 2025-era calls (SEP-1699): every event of a call's stream is kept
// (in memory, or in Redis for a fleet) under an id `<stream>_<position>`, so a client whose
// connection broke reconnects with Last-Event-ID — on any instance — and gets what it missed,
// then the rest as it comes. If the instance producing the stream dies, the one following it
// for the client takes the call over (once: the claim decides) and runs it again.

/** How often a follower without news checks that the stream's owner is still alive. */
const OWNER_CHECK_MS = 1_000;
/** Longest wait for a wake-up message before reading the stream again anyway. */
const POLL_MS = 500;
const SAFE = /^[A-Za-z0-9-]{1,64}$/;

export interface FollowHooks {
  /** One event to write to the client. */
  send(eventId: string, json: string): void;
  /** The client went away. */
  signal: AbortSignal;
  /** This instance won the claim on a stream whose owner died: run its request again. */
  takeOver(stream: string, info: StreamInfo): void;
}

export class ResumableStreams {
  private readonly waiters = new Map<string, Set<() => void>>();

  constructor(
    readonly log: StreamLog,
    readonly instanceId: string,
    /** The reconnection delay suggested to clients (the SSE `retry` field). */
    readonly retryMs = 500,
  ) {
    log.onAppend((stream) => {
      for (const wake of this.waiters.get(stream) ?? []) wake();
    });
  }

  eventId(stream: string, seq: string): string {
    return `${stream}_${seq}`;
  }

  /** The stream and position an event id names; undefined when it is not one of ours. */
  parse(eventId: string): { stream: string; seq: string } | undefined {
    const cut = eventId.lastIndexOf('_');
    if (cut <= 0) return undefined;
    const stream = eventId.slice(0, cut);
    const seq = eventId.slice(cut + 1);
    return SAFE.test(stream) && /^[0-9]+(-[0-9]+)?$/.test(seq) ? { stream, seq } : undefined;
  }

  /** The id of the priming event: resuming from it replays the whole stream. */
  primingId(stream: string): string {
    return this.eventId(stream, this.log.start);
  }

  open(stream: string, info: StreamInfo): Promise<void> {
    return this.log.open(stream, info);
  }

  info(stream: string): Promise<StreamInfo | undefined> {
    return this.log.info(stream);
  }

  async append(stream: string, message: JSONRPCMessage): Promise<string> {
    return this.eventId(stream, await this.log.append(stream, JSON.stringify(message)));
  }

  async end(stream: string): Promise<void> {
    await this.log.append(stream, '');
  }

  /**
   * Sends the events after `seq`, then new ones as they are appended, until the stream ends
   * or the client goes away. While nothing comes, checks now and then that the owner lives.
   */
  async follow(stream: string, seq: string, hooks: FollowHooks): Promise<void> {
    let at = seq;
    let quietSince = Date.now();
    while (!hooks.signal.aborted) {
      const entries = await this.log.after(stream, at);
      for (const entry of entries) {
        if (entry.data === '') return;
        hooks.send(this.eventId(stream, entry.seq), entry.data);
        at = entry.seq;
      }
      if (entries.length > 0) {
        quietSince = Date.now();
        continue;
      }
      await this.wait(stream, hooks.signal);
      if (Date.now() - quietSince < OWNER_CHECK_MS) continue;
      quietSince = Date.now();
      const info = await this.log.info(stream);
      if (!info) return; // expired: nothing more will come
      if (
        info.owner !== this.instanceId &&
        !(await this.log.alive(info.owner)) &&
        (await this.log.claim(stream, info.owner, this.instanceId))
      ) {
        hooks.takeOver(stream, { ...info, owner: this.instanceId });
      }
    }
  }

  /** Until the stream is appended to, the client leaves, or POLL_MS. */
  private wait(stream: string, signal: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      let set = this.waiters.get(stream);
      if (!set) this.waiters.set(stream, (set = new Set()));
      const waiters = set;
      const done = () => {
        clearTimeout(timer);
        signal.removeEventListener('abort', done);
        waiters.delete(done);
        if (waiters.size === 0 && this.waiters.get(stream) === waiters) this.waiters.delete(stream);
        resolve();
      };
      const timer = setTimeout(done, POLL_MS);
      signal.addEventListener('abort', done, { once: true });
      waiters.add(done);
    });
  }
}
