import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The nearest directory at or above `from` (a file or directory path) whose package.json names
 * the package `name`, with that package.json; undefined when there is none.
 */
export function findPackage(name: string, from: string): { dir: string; json: Record<string, unknown> } | undefined {
  for (let dir = from; ;) {
    try {
      const json = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as Record<string, unknown>;
      if (json.name === name) return { dir, json };
    } catch {
      // not this directory
    }
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

const own = findPackage('mcp-code-analysis', dirname(fileURLToPath(import.meta.url)));
if (!own) throw new Error(`mcp-code-analysis: no package.json of this package above ${import.meta.url}`);

/**
 * This package's root (package.json, queries/, crates/, dist/), found by walking up from this
 * module rather than by a fixed number of `..`: the same code runs from src/ (tsx, vitest), from
 * dist/ (tsc's output) and from the bundled command line in dist/bin/, at different depths.
 */
export const PACKAGE_ROOT: string = own.dir;

/** This package's version (package.json). */
export const PACKAGE_VERSION: string = String(own.json.version ?? '0');
