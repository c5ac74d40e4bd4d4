import type { ImportFacts } from '../types.js';
import type { FileIndex } from './file-index.js';

/** Where one import leads. Paths are relative to the root, with '/'. */
export type Resolution =
  { kind: 'file'; targets: string[] } | { kind: 'external' | 'builtin'; name: string } | { kind: 'unresolved' };

export const UNRESOLVED: Resolution = { kind: 'unresolved' };

export function fileTargets(targets: string[]): Resolution {
  return targets.length > 0 ? { kind: 'file', targets } : UNRESOLVED;
}

export interface ResolveContext {
  root: string;
  index: FileIndex;
  files: readonly ImportFacts[];
}
