import { createRequire } from 'node:module';
import { Language as TsLanguage, Parser } from 'web-tree-sitter';
import type { Language } from '../types.js';

// Grammar .wasm files come from the official grammar packages (pinned in package.json to
// versions that also exist as crates, so the native engine parses with the same grammars).
const GRAMMAR_FILES: Record<Language, string> = {
  typescript: 'tree-sitter-typescript/tree-sitter-typescript.wasm',
  tsx: 'tree-sitter-typescript/tree-sitter-tsx.wasm',
  javascript: 'tree-sitter-javascript/tree-sitter-javascript.wasm',
  python: 'tree-sitter-python/tree-sitter-python.wasm',
  go: 'tree-sitter-go/tree-sitter-go.wasm',
  rust: 'tree-sitter-rust/tree-sitter-rust.wasm',
  java: 'tree-sitter-java/tree-sitter-java.wasm',
};

const require = createRequire(import.meta.url);

let initialised: Promise<void> | undefined;
const languages = new Map<Language, Promise<TsLanguage>>();
const parsers = new Map<Language, Parser>();

function init(): Promise<void> {
  initialised ??= Parser.init();
  return initialised;
}

export function grammarPath(language: Language): string {
  return require.resolve(GRAMMAR_FILES[language]);
}

async function loadLanguage(language: Language): Promise<TsLanguage> {
  await init();
  let loaded = languages.get(language);
  if (!loaded) {
    loaded = TsLanguage.load(grammarPath(language));
    languages.set(language, loaded);
  }
  return loaded;
}

/**
 * One parser per language per thread, reused across files: creating a parser and
 * setting its language is far more expensive than a parse of a small file.
 */
export async function parserFor(language: Language): Promise<Parser> {
  const existing = parsers.get(language);
  if (existing) return existing;
  const lang = await loadLanguage(language);
  const parser = new Parser();
  parser.setLanguage(lang);
  parsers.set(language, parser);
  return parser;
}
