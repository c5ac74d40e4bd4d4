import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { z } from 'zod';
import { describeIssues, sessionSchema } from './session-schema.js';
import type { Session, SessionPage } from './types.js';

// The memory store's snapshot file: { "version": 1, "sessions": Session[] }. Written
// atomically (temp file + rename) so a crash mid-write never leaves half a file.

export const SNAPSHOT_VERSION = 1;

export interface SessionSnapshot {
  version: typeof SNAPSHOT_VERSION;
  sessions: Session[];
}

export interface SnapshotRead {
  sessions: Session[];
  /** Sessions in the file that failed validation (index in the array, and why); the rest load. */
  rejected: Array<{ index: number; reason: string }>;
}

const envelope = z.object({ version: z.literal(SNAPSHOT_VERSION), sessions: z.array(z.unknown()) });

/** A missing file is an empty snapshot (first start); a malformed one throws. */
export async function readSnapshot(path: string): Promise<SnapshotRead> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { sessions: [], rejected: [] };
    throw error;
  }
  const parsed = envelope.safeParse(JSON.parse(text));
  if (!parsed.success) throw new Error(`${path} is not a session snapshot: ${describeIssues(parsed.error)}`);
  const out: SnapshotRead = { sessions: [], rejected: [] };
  parsed.data.sessions.forEach((raw, index) => {
    const s = sessionSchema.safeParse(raw);
    if (s.success) out.sessions.push(s.data as Session);
    else out.rejected.push({ index, reason: describeIssues(s.error) });
  });
  return out;
}

export async function writeSnapshot(path: string, sessions: Session[]): Promise<void> {
  const snapshot: SessionSnapshot = { version: SNAPSHOT_VERSION, sessions };
  await mkdir(dirname(path), { recursive: true });
  const tmp = `${path}.${process.pid}.tmp`;
  await writeFile(tmp, JSON.stringify(snapshot), 'utf8');
  await rename(tmp, path);
}

/** A snapshot file as a migration source: pages like SessionStore.list. */
export function snapshotSource(path: string): { list(o?: { cursor?: string; limit?: number }): Promise<SessionPage> } {
  let loaded: Promise<Session[]> | undefined;
  return {
    async list(options = {}) {
      const sessions = await (loaded ??= readSnapshot(path).then((r) => r.sessions));
      const start = options.cursor ? Number(options.cursor) : 0;
      const end = start + Math.max(1, options.limit ?? 50);
      return { sessions: sessions.slice(start, end), ...(end < sessions.length ? { nextCursor: String(end) } : {}) };
    },
  };
}

/** A snapshot file as a migration sink: imported sessions replace same-id ones; written on flush. */
export function snapshotSink(path: string): { restore(s: Session[]): Promise<number>; flush(): Promise<void> } {
  const incoming = new Map<string, Session>();
  return {
    async restore(sessions) {
      for (const s of sessions) incoming.set(s.id, s);
      return sessions.length;
    },
    async flush() {
      const existing = (await readSnapshot(path)).sessions.filter((s) => !incoming.has(s.id));
      await writeSnapshot(path, [...existing, ...incoming.values()]);
    },
  };
}
