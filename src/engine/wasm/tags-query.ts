import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../../config/package-root.js';
import type { Language } from '../types.js';

// Query text of a language: its queries/tags/<language>.scm after the files it inherits
// (queries/tags/README.md, "Inheritance"). queries/ sits at the package root; the published
// package carries it ("files" in package.json).

const QUERY_DIR = join(PACKAGE_ROOT, 'queries', 'tags');
const INHERITS = /^; inherits: ([a-z,]+)$/;

function readQueryFile(name: string): string {
  return readFileSync(join(QUERY_DIR, `${name}.scm`), 'utf8');
}

function resolve(name: string, seen: Set<string>, parts: string[]): void {
  if (seen.has(name)) return;
  seen.add(name);
  const text = readQueryFile(name);
  const newline = text.indexOf('\n');
  const firstLine = newline < 0 ? text : text.slice(0, newline);
  const inherits = INHERITS.exec(firstLine);
  if (inherits) for (const parent of inherits[1]!.split(',')) resolve(parent, seen, parts);
  parts.push(`${text}\n`);
}

export function tagsQuerySource(language: Language): string {
  const parts: string[] = [];
  resolve(language, new Set(), parts);
  return parts.join('');
}
