import { ToolError } from '../../envelope/errors.js';
import { cancelled } from '../engine-errors.js';
import type { FileTags } from '../tags.js';
import type { SkippedFile, TagFile } from '../types.js';
import { addonError, type NativeAddon, type RunControl } from './addon.js';

// Tags through the native engine: crates/engine/src/tags.rs runs queries/tags with the
// tree-sitter crate and applies the rules of queries/tags/README.md, as src/engine/wasm/tags.ts
// does with web-tree-sitter. The files are read, parsed and tagged in parallel in Rust.

export interface TagsRunOptions {
  signal?: AbortSignal;
  /** Files larger than this are skipped (`too-large`); the engine's default when absent. */
  maxFileSize?: number;
  /** Rayon threads; default one per core. */
  threads?: number;
}

/** Both in the order of the request's files. */
export interface NativeTagsResult {
  files: FileTags[];
  /** Files that could not be read or tagged, with the reason an analysis would give. */
  skipped: SkippedFile[];
}

/** The addon's `tags` (crates/engine-node/src/lib.rs); an addon built before it lacks it. */
export interface TagsAddon {
  tags(request: string, control: RunControl): Promise<string>;
}

export function hasTags(addon: NativeAddon): addon is NativeAddon & TagsAddon {
  return typeof (addon as Partial<TagsAddon>).tags === 'function';
}

/** Tags of `files`, and the files skipped. */
export async function nativeTagsResult(
  addon: NativeAddon,
  files: readonly TagFile[],
  options: TagsRunOptions = {},
): Promise<NativeTagsResult> {
  const { signal } = options;
  if (signal?.aborted) throw cancelled(signal);
  if (!hasTags(addon))
    throw new ToolError(
      'INTERNAL',
      'native engine: this addon has no tags (rebuild it: node scripts/build-native.mjs)',
    );
  const request = {
    files: files.map((f) => ({ path: f.abs, rel: f.rel, language: f.language })),
    maxFileSize: options.maxFileSize,
    threads: options.threads,
  };
  const control = new addon.RunControl();
  const onAbort = (): void => control.cancel();
  signal?.addEventListener('abort', onAbort, { once: true });
  try {
    return JSON.parse(await addon.tags(JSON.stringify(request), control)) as NativeTagsResult;
  } catch (error) {
    if (signal?.aborted) throw cancelled(signal);
    const e = addonError(error);
    if (e.code === 'INVALID_ARGUMENT') throw new ToolError('INVALID_ARGUMENT', e.message);
    throw new ToolError('INTERNAL', `native engine: ${e.message}`, { code: e.code });
  } finally {
    signal?.removeEventListener('abort', onAbort);
  }
}

/** Tags of `files` in their order; files that cannot be read or tagged are left out. */
export async function nativeTags(
  addon: NativeAddon,
  files: readonly TagFile[],
  options: TagsRunOptions = {},
): Promise<FileTags[]> {
  return (await nativeTagsResult(addon, files, options)).files;
}
