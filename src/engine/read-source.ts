import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import type { SkipReason } from './types.js';

export type SourceRead = { ok: true; bytes: Buffer; text: string } | { ok: false; reason: SkipReason; detail?: string };

/** Git's heuristic: a NUL byte in the first 8 KiB means binary. */
const BINARY_PROBE = 8 * 1024;

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });

/**
 * Reads and decodes a source file, turning every way it can fail into a skip reason.
 * The size is checked again after reading: the file may have grown since discovery.
 */
export async function readSource(abs: string, maxSize: number): Promise<SourceRead> {
  let bytes: Buffer;
  try {
    bytes = await readFile(abs);
  } catch (error) {
    return unreadable(error);
  }
  return checkSource(bytes, maxSize);
}

/**
 * readSource on this thread: for a caller whose own work on the text blocks longer than the
 * read (the import header scan), where the thread pool's round trips of an asynchronous read
 * (open, stat, read, close) cost more than reading.
 */
export function readSourceSync(abs: string, maxSize: number): SourceRead {
  let bytes: Buffer;
  try {
    bytes = readFileSync(abs);
  } catch (error) {
    return unreadable(error);
  }
  return checkSource(bytes, maxSize);
}

function unreadable(error: unknown): SourceRead {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return { ok: false, reason: 'vanished' };
  return { ok: false, reason: 'unreadable', detail: String(code ?? error) };
}

export function checkSource(bytes: Buffer, maxSize: number): SourceRead {
  if (bytes.length > maxSize)
    return { ok: false, reason: 'too-large', detail: `${bytes.length} bytes > limit ${maxSize}` };
  if (bytes.subarray(0, BINARY_PROBE).includes(0)) return { ok: false, reason: 'binary' };
  try {
    return { ok: true, bytes, text: utf8.decode(bytes) };
  } catch {
    return { ok: false, reason: 'invalid-utf8' };
  }
}
