import type { Node } from 'web-tree-sitter';
import type { Language, RawImport } from '../../types.js';
import { extractGoImports } from './go.js';
import { extractJavaImports } from './java.js';
import { extractPythonImports } from './python.js';
import { extractRustImports } from './rust.js';
import { extractTsImports } from './typescript.js';

export interface ExtractedImports {
  imports: RawImport[];
  /** Go: the package clause; Java: the package declaration. */
  packageName?: string;
}

/** The imports of one parsed file, in source order, before any resolution. */
export function extractImports(root: Node, language: Language, _source: string): ExtractedImports {
  switch (language) {
    case 'typescript':
    case 'tsx':
    case 'javascript':
      return { imports: extractTsImports(root) };
    case 'python':
      return { imports: extractPythonImports(root) };
    case 'go':
      return extractGoImports(root);
    case 'rust':
      return { imports: extractRustImports(root) };
    case 'java':
      return extractJavaImports(root);
  }
}
