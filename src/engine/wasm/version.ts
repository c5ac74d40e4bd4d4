import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

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

/** Finds a package's own package.json by walking up from its entry (some packages do not export it). */
function packageVersion(name: string): string {
  let dir = dirname(require.resolve(name));
  for (;;) {
    try {
      const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name?: string; version?: string };
      if (pkg.name === name) return pkg.version ?? '0';
    } catch {
      // not this directory
    }
    const parent = dirname(dir);
    if (parent === dir) return 'unknown';
    dir = parent;
  }
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
 * upgrade changes results, so it must also change cache keys. Same place from src/ and dist/.
 */
export function wasmEngineVersion(): string {
  const own = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as {
    version: string;
  };
  const grammars = GRAMMAR_PACKAGES.map(
    (p) => `${p === 'web-tree-sitter' ? 'wts' : p.replace('tree-sitter-', '')}@${packageVersion(p)}`,
  );
  return `${own.version}+${grammars.join(',')}+rules.${RULES_REVISION}`;
}

/**
 * Names this build of the WASM tags extraction: the engine version, the query files and the
 * code that runs them (tags.js and tags-query.js beside this module, or their .ts sources when
 * run from sources), hashed. Tags kept on disk under another build are never read, so an edit
 * of a query or of the rules after it needs no revision number.
 */
export function wasmTagsBuild(version: string): string {
  const hash = createHash('sha256').update(version);
  const here = fileURLToPath(new URL('.', import.meta.url));
  const ext = fileURLToPath(import.meta.url).endsWith('.ts') ? 'ts' : 'js';
  for (const name of ['tags', 'tags-query']) hash.update(readFileSync(join(here, `${name}.${ext}`)));
  const queries = fileURLToPath(new URL('../../../queries/tags/', import.meta.url));
  for (const name of readdirSync(queries).sort())
    if (name.endsWith('.scm')) hash.update(name).update(readFileSync(join(queries, name)));
  return `${version}:${hash.digest('hex').slice(0, 16)}`;
}
