import picomatch from 'picomatch';
import type { Language } from '../types.js';

/** Directories that hold dependencies, build output or VCS data: never analysed. */
export const DEFAULT_SKIPPED_DIRS: ReadonlySet<string> = new Set(['node_modules', 'vendor', 'target', 'dist', '.git']);

export interface PathFilter {
  /** Whether a directory may be entered (exclude globs only: include globs name files). */
  enterDir(relDir: string): boolean;
  acceptFile(relPath: string, language: Language): boolean;
}

/**
 * Globs are matched against the path relative to the root, with '/'. A glob without a
 * slash matches the base name anywhere ('*.test.ts'), like .gitignore patterns do.
 */
export function pathFilter(include?: string[], exclude?: string[], languages?: Language[]): PathFilter {
  const opts = { dot: true, basename: true };
  const included = include && include.length > 0 ? picomatch(include, opts) : undefined;
  const excluded = exclude && exclude.length > 0 ? picomatch(exclude, opts) : undefined;
  const langs = languages && languages.length > 0 ? new Set(languages) : undefined;
  return {
    enterDir: (relDir) => !excluded || !(excluded(relDir) || excluded(`${relDir}/`)),
    acceptFile: (relPath, language) =>
      (!langs || langs.has(language)) && (!included || included(relPath)) && (!excluded || !excluded(relPath)),
  };
}
