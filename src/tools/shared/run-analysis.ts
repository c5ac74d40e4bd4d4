import type { TierUse } from '../../analysis/file-tiers.js';
import type { Snapshot } from '../../analysis/snapshots.js';
import { languageOf } from '../../engine/languages.js';
import type { FileTags } from '../../engine/tags.js';
import type { FileHead } from '../../analysis/file-heads.js';
import type { AnalyzeOptions, Engine, FileAnalysis, Language } from '../../engine/types.js';
import { ToolError } from '../../envelope/errors.js';
import type { ResolvedPath } from '../../security/roots.js';
import type { ToolContext } from '../define.js';
import { decodeCursor, type Paging } from './paging.js';

export interface AnalysisRequest {
  path: string;
  include?: string[];
  exclude?: string[];
  languages?: string[];
  cursor?: string;
  /** Only what the dependency graph reads (no metrics, no structure): analyze_dependencies. */
  importsOnly?: boolean;
  /** Each freshly analysed file's tags too, from the same parse (the navigation index). */
  onTags?: (tags: FileTags) => void;
}

export interface AnalysisRun {
  target: ResolvedPath;
  engine: Engine;
  /** The immutable whole result later pages slice (its id goes into their cursors). */
  snapshot: Snapshot;
  /** The full results of some of the snapshot's files (those a page shows), in that order. */
  details(heads: readonly FileHead[]): Promise<FileAnalysis[]>;
  /**
   * The page a tool's arguments ask for, built once per snapshot: `args` are the call's arguments
   * (the cursor's offset stands for the cursor). Calls in a session build afresh (their answer
   * depends on the session's state).
   */
  page<T>(tool: string, args: object, build: () => Promise<T>): Promise<T>;
  /** Where the asked page starts; its next cursor names the snapshot. */
  paging: Paging;
  cache: TierUse;
}

/**
 * The common front of every analysis tool: check the path against the roots, run the
 * analysis (or reuse the snapshot a cursor names) with the call's signal and progress, and
 * turn a single unanalysable file into the error that says why (rather than an empty result).
 */
export async function runAnalysis(request: AnalysisRequest, ctx: ToolContext): Promise<AnalysisRun> {
  const target = await ctx.deps.roots.resolve(request.path);
  if (!target.isDirectory && !languageOf(target.absolute)) {
    throw new ToolError('UNSUPPORTED_LANGUAGE', `${request.path} is not a file of a supported language.`, {
      path: request.path,
    });
  }
  const cursor = decodeCursor(request.cursor);
  const engine = await ctx.deps.engines.get();
  const options: AnalyzeOptions = {
    path: target.absolute,
    root: target.root,
    ...(request.include ? { include: request.include } : {}),
    ...(request.exclude ? { exclude: request.exclude } : {}),
    ...(request.languages ? { languages: request.languages as Language[] } : {}),
    maxFileSize: ctx.deps.config.maxFileSize,
    ...(request.importsOnly ? { importsOnly: true } : {}),
    ...(request.onTags ? { onTags: request.onTags } : {}),
    signal: ctx.signal,
    onProgress: (p) => ctx.progress(p.filesDone, p.filesTotal, p.currentPath),
  };
  const run = await ctx.deps.analyses.run(engine, options, cursor.position);
  const { snapshot } = run;
  if (!target.isDirectory && snapshot.files.length === 0) {
    const skip = snapshot.skipped[0];
    if (skip?.reason === 'too-large')
      throw new ToolError('FILE_TOO_LARGE', `${request.path} is larger than ${ctx.deps.config.maxFileSize} bytes.`, {
        path: request.path,
      });
    if (skip?.reason === 'vanished')
      throw new ToolError('PATH_NOT_FOUND', `${request.path} vanished while it was read.`, { path: request.path });
    if (skip)
      throw new ToolError(
        'INVALID_ARGUMENT',
        `${request.path} cannot be analysed: ${skip.reason}${skip.detail ? ` (${skip.detail})` : ''}.`,
        { skipped: skip },
      );
  }
  const paging = { start: cursor.start, position: { snapshot: snapshot.id, signature: snapshot.signature } };
  const details = (heads: readonly FileHead[]) => ctx.deps.analyses.details(engine, options, heads);
  const page = <T>(tool: string, args: object, build: () => Promise<T>): Promise<T> => {
    if (ctx.sessionId) return build();
    const { cursor: _cursor, sessionId: _session, ...rest } = args as Record<string, unknown>;
    return ctx.deps.analyses.page(snapshot, JSON.stringify([tool, paging.start, rest]), build);
  };
  // A page sliced from a snapshot read no file: it reports no cache use of its own.
  return { target, engine, snapshot, details, page, paging, cache: run.cache };
}

/** The full result of the one file a single-file run analysed. */
export async function singleFile(run: AnalysisRun, path: string): Promise<FileAnalysis> {
  const [file] = await run.details(run.snapshot.files.slice(0, 1));
  if (!file) throw new ToolError('PATH_NOT_FOUND', `${path} vanished while it was read.`, { path });
  return file;
}
