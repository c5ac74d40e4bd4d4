#!/usr/bin/env node
// The `mcp-code-analysis` command as installed (dist/bin/mcp-code-analysis.js): starts the bundled
// command line (mcp-code-analysis.cjs beside it, made by scripts/bundle-cli.mjs) with V8's
// compiled code of an earlier run of the same command, kept in the user's cache directory.
//
// Why: Node 20 has no compile cache of its own (module.enableCompileCache is Node 22), and
// compiling the program again on every run cost more than the analysis of a small tree. V8
// checks a cache against its own version and flags and rejects one that does not fit; the
// bundle's size and mtime in the file name keep a cache from ever meeting another build.
// One cache per command: each records the functions its own runs compiled.
//
// The bundle has no import(): in code from a cache, Node 20 would not find the loader for it
// (bundle-cli.mjs turns each into require()). Only Node's built-ins here: whatever this module
// imported would be loaded without the cache.
// Anything that goes wrong with the cache (unreadable, rejected, unwritable) only costs the
// compile; MCA_COMPILE_CACHE=off starts the bundle without one.
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import Module, { createRequire } from 'node:module';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import vm from 'node:vm';

const bundle = join(dirname(fileURLToPath(import.meta.url)), 'mcp-code-analysis.cjs');
const debug = process.env.MCA_COMPILE_CACHE_DEBUG === '1';
const say = (what: string) => debug && process.stderr.write(`mcp-code-analysis: compile cache ${what}\n`);

function cacheDir(): string {
  const base =
    process.env.MCA_CACHE_DIR || join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'mcp-code-analysis');
  return join(base, 'compile-cache', `node-${process.versions.v8}-${process.arch}`);
}

/** The command's first word (`deps`, `serve` …): its cache holds what its runs compile. */
function commandName(): string {
  const word = process.argv.slice(2).find((a) => !a.startsWith('-')) ?? 'none';
  return /^[a-z_-]{1,32}$/.test(word) ? word : 'other';
}

function run(): void {
  const built = statSync(bundle, { throwIfNoEntry: false });
  if (!built) {
    process.stderr.write(`mcp-code-analysis: ${bundle} is missing: build it with \`npm run build\`.\n`);
    process.exitCode = 2;
    return;
  }
  if (process.env.MCA_COMPILE_CACHE === 'off') {
    createRequire(import.meta.url)(bundle);
    return;
  }
  const { size, mtimeMs } = built;
  const build = `${size}-${Math.trunc(mtimeMs)}`;
  const dir = cacheDir();
  const file = join(dir, `${build}.${commandName()}.v8`);
  let cachedData: Buffer | undefined;
  try {
    cachedData = readFileSync(file);
  } catch {
    // none yet
  }
  // ASCII (bundle-cli.mjs makes it so): latin1 reads it as it is, without decoding UTF-8. A
  // comment instead of the #! line keeps line numbers; the wrapper is Node's own for CommonJS.
  const source = readFileSync(bundle, 'latin1').replace(/^#!/, '//');
  const script = new vm.Script(Module.wrap(source), {
    filename: bundle,
    ...(cachedData ? { cachedData } : {}),
  });
  const usable = cachedData !== undefined && !script.cachedDataRejected;
  say(usable ? 'used' : cachedData ? 'rejected' : 'missing');
  // Written at exit, so it holds every function this run compiled, not only the top level.
  if (!usable) process.once('exit', () => save(script, dir, file, build));
  const module = new Module(bundle);
  module.filename = bundle;
  const wrapper = script.runInThisContext() as (...args: unknown[]) => void;
  wrapper.call(module.exports, module.exports, createRequire(bundle), module, bundle, dirname(bundle));
}

/** Written beside and renamed: a concurrent run reads a whole file or none. Other builds' caches go. */
function save(script: vm.Script, dir: string, file: string, build: string): void {
  try {
    mkdirSync(dir, { recursive: true });
    const tmp = `${file}.${process.pid}.tmp`;
    writeFileSync(tmp, script.createCachedData());
    renameSync(tmp, file);
    for (const name of readdirSync(dir)) if (!name.startsWith(`${build}.`)) rmSync(join(dir, name), { force: true });
    say('written');
  } catch {
    // a read-only or full cache directory: the next run compiles again
  }
}

run();
