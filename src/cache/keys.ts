import { createHash } from 'node:crypto';

// A per-file cache key names everything the result depends on: the exact bytes, the
// engine that computed it (its version includes the grammar versions) and the options
// that change per-file results (the language above all: the same bytes parse differently
// as .js and as .ts). With all three in the key a hit is valid forever.

export type KeyOptions = Record<string, string | number | boolean | readonly string[] | undefined>;

export function contentHash(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** Flat options only; key order and undefined values do not change the hash. */
export function optionsHash(options: KeyOptions): string {
  const entries = Object.entries(options)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return createHash('sha256').update(JSON.stringify(entries)).digest('hex').slice(0, 16);
}

export function fileCacheKey(content: string, engineVersion: string, options: string): string {
  return `file:${engineVersion}:${options}:${content}`;
}
