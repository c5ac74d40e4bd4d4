import type { JSONRPCRequest, RequestId } from '@modelcontextprotocol/server';

// Where the events of resumable SSE streams are kept: in this process (memory store) or in
// Redis (the fleet), behind one small interface. An entry's data is the JSON text of one
// JSON-RPC message; an empty entry marks the end of the stream.

export interface StreamInfo {
  /** The transport session (Mcp-Session-Id) the stream belongs to: only it may resume it. */
  session: string;
  /** The instance producing the events; another one takes over if it dies. */
  owner: string;
  /** The requests the stream answers. */
  ids: RequestId[];
  /** The request itself when it can be run again elsewhere (one request, bounded size). */
  request?: JSONRPCRequest;
}

export interface StreamEntry {
  seq: string;
  data: string;
}

export interface StreamLog {
  /** The position before the first entry. */
  readonly start: string;
  open(stream: string, info: StreamInfo): Promise<void>;
  info(stream: string): Promise<StreamInfo | undefined>;
  /** Appends one entry (empty data: the end) and returns its position. */
  append(stream: string, data: string): Promise<string>;
  /** The entries after position `seq`, oldest first. */
  after(stream: string, seq: string): Promise<StreamEntry[]>;
  /** Takes over for `owner` a stream whose owner `lost` died; false when another instance was first. */
  claim(stream: string, lost: string, owner: string): Promise<boolean>;
  /** Whether an instance is still running (renewing its liveness). */
  alive(owner: string): Promise<boolean>;
  /** Called with a stream's id when an entry was appended to it (on any instance). */
  onAppend(listener: (stream: string) => void): void;
}

interface MemoryStream {
  info: StreamInfo;
  entries: StreamEntry[];
  next: number;
  expires: number;
}

/** One process: streams in memory, bounded in number, entries and age. */
export class MemoryStreamLog implements StreamLog {
  readonly start = '0';
  private readonly streams = new Map<string, MemoryStream>();
  private readonly listeners: ((stream: string) => void)[] = [];

  constructor(
    private readonly ttlMs = 15 * 60 * 1000,
    private readonly maxStreams = 10_000,
    private readonly maxEntries = 10_000,
  ) {}

  async open(stream: string, info: StreamInfo): Promise<void> {
    const now = Date.now();
    // Oldest first (insertion order): drop the expired ones and make room.
    for (const [id, s] of this.streams) {
      if (s.expires > now && this.streams.size < this.maxStreams) break;
      this.streams.delete(id);
    }
    this.streams.set(stream, { info, entries: [], next: 1, expires: now + this.ttlMs });
  }

  async info(stream: string): Promise<StreamInfo | undefined> {
    const s = this.live(stream);
    return s?.info;
  }

  async append(stream: string, data: string): Promise<string> {
    const s = this.live(stream);
    if (!s) throw new Error(`no stream ${stream}`);
    const seq = String(s.next++);
    s.entries.push({ seq, data });
    // Progress events of a very long call: the oldest go first; the answer, last, stays.
    if (s.entries.length > this.maxEntries) s.entries.splice(0, s.entries.length - this.maxEntries);
    s.expires = Date.now() + this.ttlMs;
    for (const listener of this.listeners) listener(stream);
    return seq;
  }

  async after(stream: string, seq: string): Promise<StreamEntry[]> {
    const s = this.live(stream);
    if (!s) return [];
    const n = Number(seq);
    return s.entries.filter((e) => Number(e.seq) > n);
  }

  async claim(stream: string, lost: string, owner: string): Promise<boolean> {
    const s = this.live(stream);
    if (!s || s.info.owner !== lost) return false;
    s.info = { ...s.info, owner };
    return true;
  }

  /** In one process the owner is this process. */
  async alive(): Promise<boolean> {
    return true;
  }

  onAppend(listener: (stream: string) => void): void {
    this.listeners.push(listener);
  }

  private live(stream: string): MemoryStream | undefined {
    const s = this.streams.get(stream);
    if (s && s.expires <= Date.now()) {
      this.streams.delete(stream);
      return undefined;
    }
    return s;
  }
}
