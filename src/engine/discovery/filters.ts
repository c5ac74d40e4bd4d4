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
  const included = matcher(include);
  const excluded = matcher(exclude);
  const langs = languages && languages.length > 0 ? new Set(languages) : undefined;
  return {
    enterDir: (relDir) => !excluded || !(excluded(relDir) || excluded(`${relDir}/`)),
    acceptFile: (relPath, language) =>
      (!langs || langs.has(language)) && (!included || included(relPath)) && (!excluded || !excluded(relPath)),
  };
}

/** picomatch's `basename` option breaks globs that have a slash, so the two kinds compile apart. */
function matcher(globs: string[] | undefined): ((path: string) => boolean) | undefined {
  if (!globs || globs.length === 0) return undefined;
  const bare = globs.filter((g) => !g.includes('/'));
  const pathed = globs.filter((g) => g.includes('/'));
  const byName = bare.length > 0 ? picomatch(bare, { dot: true, basename: true }) : undefined;
  const byPath = pathed.length > 0 ? picomatch(pathed, { dot: true }) : undefined;
  return (path) => (byName?.(path) ?? false) || (byPath?.(path) ?? false);
}
