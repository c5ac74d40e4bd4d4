import { discoverFiles } from '../../engine/discovery.js';
import type { Language } from '../../engine/types.js';
import { ToolError } from '../../envelope/errors.js';
import type { BatchJob, BatchSplit } from '../../batch/types.js';
import type { ToolContext } from '../define.js';

/** The tools a directory analysis can be cut for: their whole result is made of per-file results. */
export const SPLITTABLE_TOOLS = ['analyze_complexity', 'analyze_structure', 'analyze_dependencies'] as const;

export interface SplitRequest {
  tool: (typeof SPLITTABLE_TOOLS)[number];
  path: string;
  filesPerJob?: number | undefined;
  args?: Record<string, unknown> | undefined;
}

/** picomatch treats these as glob syntax; a file's own path must match only itself. */
function escapeGlob(path: string): string {
  return path.replace(/[\\*?[\]{}()!+@|^$]/g, '\\$&');
}

/** The deepest directory (from the root, '' for the root) holding every one of these files. */
function commonDir(files: readonly string[]): string {
  let parts = files[0]!.split('/').slice(0, -1);
  for (const file of files) {
    const dirs = file.split('/').slice(0, -1);
    let same = 0;
    while (same < parts.length && same < dirs.length && parts[same] === dirs[same]) same++;
    parts = parts.slice(0, same);
  }
  return parts.join('/');
}

/**
 * A directory analysis cut into jobs of `filesPerJob` files each (files in path order, so a
 * chunk's files are neighbours): every job runs the same tool on the deepest directory that
 * holds its files, its `include` naming them exactly (paths from the root, as discovery
 * matches them). A file directly under the root has no slash in its glob, which then matches
 * that name in every directory: such a chunk may analyse a few more files, never fewer.
 */
export async function splitJobs(
  request: SplitRequest,
  ctx: ToolContext,
): Promise<{ jobs: BatchJob[]; split: BatchSplit }> {
  const target = await ctx.deps.roots.resolve(request.path);
  if (!target.isDirectory)
    throw new ToolError('INVALID_ARGUMENT', `split.path ${request.path} is a file; split cuts a directory.`, {
      path: request.path,
    });
  const args = request.args ?? {};
  const found = await discoverFiles({
    path: target.absolute,
    root: target.root,
    ...(Array.isArray(args.include) ? { include: args.include as string[] } : {}),
    ...(Array.isArray(args.exclude) ? { exclude: args.exclude as string[] } : {}),
    ...(Array.isArray(args.languages) ? { languages: args.languages as Language[] } : {}),
    maxFileSize: ctx.deps.config.maxFileSize,
    signal: ctx.signal,
  });
  const files = found.files.map((f) => f.rel);
  if (files.length === 0)
    throw new ToolError('INVALID_ARGUMENT', `split.path ${request.path} holds no file to analyse.`, {
      path: request.path,
    });
  const per = request.filesPerJob ?? 50;
  const jobs: BatchJob[] = [];
  const { include: _include, cursor: _cursor, ...rest } = args;
  const firstRoot = ctx.deps.roots.dirs[0] === target.root;
  for (let i = 0; i < files.length; i += per) {
    const chunk = files.slice(i, i + per);
    // The chunk's own subtree, not the whole path: each job walks only the directory holding its files.
    const dir = commonDir(chunk);
    const path = firstRoot ? dir || '.' : dir ? `${target.root}/${dir}` : target.root;
    jobs.push({ tool: request.tool, args: { ...rest, path, include: chunk.map(escapeGlob) } });
  }
  return { jobs, split: { tool: request.tool, args: { ...args, path: request.path }, files: files.length } };
}
