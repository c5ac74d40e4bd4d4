// Bundles the command line into dist/bin/, the `mcp-code-analysis` command (run by `npm run
// build`, after tsc, from tsc's output):
//   mcp-code-analysis.cjs  the whole command line (dist/cli/main.js and all it imports), one file
//   mcp-code-analysis.js   the launcher (dist/cli/launch.js): runs the .cjs with V8's compiled code
//                          of an earlier run (see src/cli/launch.ts)
//   worker.js              the WASM engine's worker thread, beside what starts it
// Why: Node 20 has no compile cache, and loading ~300 separate ES modules (ours and zod's) took
// ~0.35 s of every run, more than the whole dependency graph of a small tree. One CommonJS file
// is what V8's code cache (vm.Script cachedData) can serve; ES modules it cannot.
//
// Packages loaded only on demand (--store redis, batches on BullMQ, metrics, the flags file
// watcher) stay plain packages outside the bundle: they cost nothing at start-up and keep the
// files they read beside their own code. web-tree-sitter and the grammars stay out because they
// find their .wasm files beside their own modules. The native addon is loaded by path.
import { build } from 'esbuild';
import { chmodSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const ON_DEMAND = ['bullmq', 'ioredis', 'redis', 'prom-client', 'chokidar', 'web-tree-sitter'];
const { dependencies } = JSON.parse(readFileSync(`${ROOT}package.json`, 'utf8'));
const grammars = Object.keys(dependencies).filter((name) => name.startsWith('tree-sitter-'));
for (const name of ON_DEMAND)
  if (!(name in dependencies)) throw new Error(`bundle-cli: ${name} is no longer a dependency; update ON_DEMAND`);

const common = {
  absWorkingDir: ROOT,
  outdir: 'dist/bin',
  bundle: true,
  platform: 'node',
  target: 'node20',
  external: [...ON_DEMAND, ...grammars].flatMap((name) => [name, `${name}/*`]),
  sourcemap: 'linked',
  legalComments: 'none',
  logLevel: 'warning',
};

rmSync(`${ROOT}dist/bin`, { recursive: true, force: true });
await Promise.all([
  build({
    ...common,
    entryPoints: { 'mcp-code-analysis': 'dist/cli/main.js' },
    format: 'cjs',
    outExtension: { '.js': '.cjs' },
    // Our modules find files from their own URL (config/package-root.ts, engine/wasm/worker-entry.ts):
    // in one CommonJS file that is the bundle's.
    define: { 'import.meta.url': '__mcaModuleUrl' },
    // import() becomes require(): code compiled from V8's cache under vm.Script has no loader for
    // import() on Node 20 ("A dynamic import callback was not specified").
    supported: { 'dynamic-import': false },
    banner: { js: "const __mcaModuleUrl = require('node:url').pathToFileURL(__filename).href;" },
  }),
  build({ ...common, entryPoints: { 'mcp-code-analysis': 'dist/cli/launch.js' }, format: 'esm' }),
  build({
    ...common,
    entryPoints: { worker: 'dist/engine/wasm/worker.js' },
    format: 'esm',
    // CommonJS packages inside an ES module bundle call require() for Node's built-ins.
    banner: {
      js: "import { createRequire as __mcaCreateRequire } from 'node:module';\nconst require = __mcaCreateRequire(import.meta.url);",
    },
  }),
]);
const cjs = `${ROOT}dist/bin/mcp-code-analysis.cjs`;
const text = readFileSync(cjs, 'utf8');
if (/\bimport\(["'`]/.test(text))
  throw new Error('bundle-cli: an import() is left in mcp-code-analysis.cjs (see supported above)');
// esbuild escapes what is not ASCII in code but keeps comments as they are (the rest of the
// printable-ASCII check catches control characters there). An ASCII file is
// read as latin1 (launch.ts): three times faster than decoding UTF-8, and V8 keeps it one byte
// per character. A \u escape means the same character in a string, a regular expression or an
// identifier, and is only text in a comment.
writeFileSync(
  cjs,
  text.replace(/[^\t\n\r\x20-\x7e]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`),
);
chmodSync(`${ROOT}dist/bin/mcp-code-analysis.js`, 0o755);
