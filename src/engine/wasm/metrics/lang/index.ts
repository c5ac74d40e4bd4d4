import type { Language } from '../../../types.js';
import type { LangRules } from '../types.js';
import { goRules } from './go.js';
import { javaRules } from './java.js';
import { javascriptRules } from './javascript.js';
import { pythonRules } from './python.js';
import { rustRules } from './rust.js';
import { typescriptRules } from './typescript.js';

const RULES: Record<Language, LangRules> = {
  typescript: typescriptRules,
  tsx: typescriptRules,
  javascript: javascriptRules,
  python: pythonRules,
  go: goRules,
  rust: rustRules,
  java: javaRules,
};

export function rulesFor(language: Language): LangRules {
  return RULES[language];
}
