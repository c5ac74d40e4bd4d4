import type { LangRules } from '../types.js';
import { javascriptRules } from './javascript.js';

// TypeScript and TSX (tree-sitter-typescript 0.23.2) share the JavaScript node types for
// code; they add declarations that count as statements. Bodiless signatures
// (method_signature, abstract_method_signature, function_signature) are not functions:
// they are not in functionTypes.
export const typescriptRules: LangRules = {
  ...javascriptRules,
  statements: new Set([
    ...javascriptRules.statements,
    'abstract_class_declaration',
    'type_alias_declaration',
    'interface_declaration',
    'enum_declaration',
    'internal_module',
    'module',
    'ambient_declaration',
    'import_alias',
    'function_signature',
  ]),
};
