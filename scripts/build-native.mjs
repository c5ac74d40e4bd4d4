#!/usr/bin/env node
// Builds the native engine (crates/engine-node) in release mode and puts the addon where the
// loader looks for it: crates/engine-node/mca-engine.node. Run by `npm install`. Without
// cargo, or when the build fails, it says so in one line and exits 0: the server then runs
// the portable WASM engine (and `--engine native` reports why it cannot).
//
//   MCA_SKIP_NATIVE_BUILD=1   skip the build
//   CARGO_BUILD_JOBS=N        parallel compile jobs (default 2: a small machine is shared)
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, renameSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const MANIFEST = join(ROOT, 'crates', 'Cargo.toml');
const TARGET = join(ROOT, 'crates', 'engine-node', 'mca-engine.node');
const say = (line) => console.log(`mcp-code-analysis: ${line}`);

function findCargo() {
  for (const candidate of [process.env.CARGO, 'cargo', join(homedir(), '.cargo', 'bin', 'cargo')]) {
    if (!candidate) continue;
    const probe = spawnSync(candidate, ['--version'], { encoding: 'utf8' });
    if (probe.status === 0) return candidate;
  }
  return undefined;
}

/** The cdylib cargo produces, by platform. */
function builtLibrary() {
  const dir = join(ROOT, 'crates', 'target', 'release');
  const name =
    { darwin: 'libmca_engine_node.dylib', win32: 'mca_engine_node.dll' }[process.platform] ?? 'libmca_engine_node.so';
  return join(dir, name);
}

function main() {
  if (process.env.MCA_SKIP_NATIVE_BUILD === '1')
    return say('native engine build skipped (MCA_SKIP_NATIVE_BUILD=1); the WASM engine will be used');
  if (!existsSync(MANIFEST)) return say('no crates/ here; the WASM engine will be used');
  const cargo = findCargo();
  if (!cargo) return say('cargo not found: native engine not built; the WASM engine will be used');
  const started = Date.now();
  const jobs = process.env.CARGO_BUILD_JOBS ?? '2';
  const build = spawnSync(
    cargo,
    ['build', '--release', '--manifest-path', MANIFEST, '-p', 'mca-engine-node', '-j', jobs],
    { stdio: ['ignore', 'inherit', 'inherit'] },
  );
  const lib = builtLibrary();
  if (build.status !== 0 || !existsSync(lib)) {
    return say(`native engine build failed (cargo exit ${build.status}); the WASM engine will be used`);
  }
  // Copy then rename: a server that has the old addon loaded keeps its mapping intact.
  copyFileSync(lib, `${TARGET}.tmp`);
  renameSync(`${TARGET}.tmp`, TARGET);
  say(`native engine built in ${((Date.now() - started) / 1000).toFixed(1)} s → ${TARGET}`);
}

main();
