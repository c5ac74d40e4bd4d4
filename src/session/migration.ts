import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import { describeIssues, sessionSchema } from './session-schema.js';
import type { Session, SessionPage } from './types.js';

// Moving sessions between stores as JSON lines, one session per line. Every line is
// validated; a bad line is reported (line number and reason) and the others still move.

export interface SessionSource {
  list(options?: { cursor?: string; limit?: number }): Promise<SessionPage>;
}

/** Memory store, Redis store, or snapshotSink(); flush (if any) runs once at the end. */
export interface SessionSink {
  restore(sessions: Session[]): number | Promise<number>;
  flush?(): Promise<void>;
}

export interface LineIssue {
  line: number;
  reason: string;
}

export interface ImportReport {
  /** Non-blank lines read. */
  read: number;
  /** Valid, live sessions (with dryRun: that would be imported). */
  valid: number;
  /** Sessions the sink accepted (0 with dryRun). */
  imported: number;
  dryRun: boolean;
  rejected: LineIssue[];
  /** Valid but already expired: not imported. */
  expired: LineIssue[];
}

export type ParsedLine = { line: number; session: Session } | { line: number; reason: string };

/** Every session of a source as JSON lines; returns how many were written. */
export async function exportSessions(source: SessionSource, out: Writable, pageSize = 200): Promise<number> {
  let cursor: string | undefined;
  let count = 0;
  for (;;) {
    const page = await source.list({ limit: pageSize, ...(cursor ? { cursor } : {}) });
    for (const s of page.sessions) {
      if (!out.write(`${JSON.stringify(s)}\n`)) await new Promise((r) => out.once('drain', r));
      count++;
    }
    cursor = page.nextCursor;
    if (!cursor) return count;
  }
}

/** Parses and validates JSON lines; duplicate ids after the first are rejected. */
export async function* parseSessionLines(input: Readable | AsyncIterable<string>): AsyncGenerator<ParsedLine> {
  const lines = 'pipe' in input ? createInterface({ input, crlfDelay: Infinity }) : input;
  const firstSeen = new Map<string, number>();
  let line = 0;
  for await (const text of lines) {
    line++;
    if (!text.trim()) continue;
    let raw: unknown;
    try {
      raw = JSON.parse(text);
    } catch (error) {
      yield { line, reason: `invalid JSON: ${(error as Error).message}` };
      continue;
    }
    const parsed = sessionSchema.safeParse(raw);
    if (!parsed.success) {
      yield { line, reason: `invalid session: ${describeIssues(parsed.error)}` };
      continue;
    }
    const first = firstSeen.get(parsed.data.id);
    if (first !== undefined) {
      yield { line, reason: `duplicate session id ${parsed.data.id} (first on line ${first})` };
      continue;
    }
    firstSeen.set(parsed.data.id, line);
    yield { line, session: parsed.data as Session };
  }
}

/** Validates every line and restores the valid, live sessions into the sink in batches. */
export async function importSessions(
  input: Readable | AsyncIterable<string>,
  sink: SessionSink,
  options: { dryRun?: boolean; batchSize?: number; now?: () => number } = {},
): Promise<ImportReport> {
  const dryRun = options.dryRun ?? false;
  const now = options.now ?? Date.now;
  const report: ImportReport = { read: 0, valid: 0, imported: 0, dryRun, rejected: [], expired: [] };
  let batch: Session[] = [];
  const flushBatch = async () => {
    if (!dryRun && batch.length) report.imported += await sink.restore(batch);
    batch = [];
  };
  for await (const parsed of parseSessionLines(input)) {
    report.read++;
    if ('reason' in parsed) {
      report.rejected.push(parsed);
    } else if (Date.parse(parsed.session.expiresAt) <= now()) {
      report.expired.push({ line: parsed.line, reason: `expired at ${parsed.session.expiresAt}` });
    } else {
      report.valid++;
      batch.push(parsed.session);
      if (batch.length >= (options.batchSize ?? 100)) await flushBatch();
    }
  }
  await flushBatch();
  if (!dryRun) await sink.flush?.();
  return report;
}
