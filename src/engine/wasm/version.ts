import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { findPackage, PACKAGE_ROOT, PACKAGE_VERSION } from '../../config/package-root.js';

const require = createRequire(import.meta.url);

const GRAMMAR_PACKAGES = [
  'web-tree-sitter',
  'tree-sitter-typescript',
  'tree-sitter-javascript',
  'tree-sitter-python',
  'tree-sitter-go',
  'tree-sitter-rust',
  'tree-sitter-java',
];

/** A package's version from its own package.json, found above its entry (some packages do not export it). */
function packageVersion(name: string): string {
  const found = findPackage(name, dirname(require.resolve(name)));
  return found ? String(found.json.version ?? '0') : 'unknown';
}

/**
 * The revision of the extraction rules, the same in both engines (crates/engine/src/lib.rs):
 * raise it when a rule changes a file's result, so no cache serves results of older rules.
 * 2: Python imports take their kind from where they run (METRICS.md).
 * 3: a TS/JS `require()` outside functions and instance fields is static (METRICS.md).
 */
const RULES_REVISION = 3;

/**
 * The engine version names this package, every grammar and the rules' revision: a grammar
 * upgrade changes results, so it must also change cache keys.
 */
export function wasmEngineVersion(): string {
  const grammars = GRAMMAR_PACKAGES.map(
    (p) => `${p === 'web-tree-sitter' ? 'wts' : p.replace('tree-sitter-', '')}@${packageVersion(p)}`,
  );
  return `${PACKAGE_VERSION}+${grammars.join(',')}+rules.${RULES_REVISION}`;
}

/**
 * Names this build of the WASM tags extraction: the engine version, the query files and the
 * code that runs them (tags.js and tags-query.js, or their .ts sources when run from sources),
 * hashed. Tags kept on disk under another build are never read, so an edit of a query or of the
 * rules after it needs no revision number.
 */
export function wasmTagsBuild(version: string): string {
  const hash = createHash('sha256').update(version);
  // From sources the .ts files; built, tsc's .js files in dist/ (the bundled command line is made
  // from them, so it names the same build as dist/).
  const fromSources = import.meta.url.endsWith('.ts');
  const here = join(PACKAGE_ROOT, fromSources ? 'src' : 'dist', 'engine', 'wasm');
  const ext = fromSources ? 'ts' : 'js';
  for (const name of ['tags', 'tags-query']) hash.update(readFileSync(join(here, `${name}.${ext}`)));
  const queries = join(PACKAGE_ROOT, 'queries', 'tags');
  for (const name of readdirSync(queries).sort())
    if (name.endsWith('.scm')) hash.update(name).update(readFileSync(join(queries, name)));
  return `${version}:${hash.digest('hex').slice(0, 16)}`;
}
