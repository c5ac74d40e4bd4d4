import type { Language } from './types.js';

// File extensions per language (METRICS.md). `.d.ts` is TypeScript too.
export const EXTENSIONS: Record<Language, readonly string[]> = {
  typescript: ['.ts', '.mts', '.cts'],
  tsx: ['.tsx'],
  javascript: ['.js', '.mjs', '.cjs', '.jsx'],
  python: ['.py'],
  go: ['.go'],
  rust: ['.rs'],
  java: ['.java'],
};

const BY_EXTENSION = new Map<string, Language>(
  Object.entries(EXTENSIONS).flatMap(([lang, exts]) => exts.map((e) => [e, lang as Language] as const)),
);

export function languageOf(path: string): Language | undefined {
  const dot = path.lastIndexOf('.');
  if (dot < 0 || dot < path.lastIndexOf('/')) return undefined;
  return BY_EXTENSION.get(path.slice(dot).toLowerCase());
}
