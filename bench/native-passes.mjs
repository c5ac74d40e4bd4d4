#!/usr/bin/env node
// The native engine against its floor, per corpus, in one run: tree-sitter parse alone
// (`mca-analyze --parse-only`: the same walk, reads and UTF-16 parse, nothing computed),
// the full analysis, and the imports-only pass that the dependency graph needs
// (`--imports-only`); then the same full vs imports-only through Node (the napi addon, JSON
// across). Each CLI mode runs in its own process under /usr/bin/time; the best of --runs,
// the modes taking turns in each round.
// The machine may be shared: CPU seconds (user + sys) are printed beside wall seconds, and
// the ratios are given for both.
//
//   bash bench/corpus.sh && node bench/ts-corpus.mjs && node scripts/build-native.mjs
//   cargo build --release -p mca-engine --manifest-path crates/Cargo.toml
//   node bench/native-passes.mjs [--only django|go|effect|rxjs] [--threads 2] [--runs 3]
//
// A ratio parse-only / full of 70 % means the metrics, structure and import passes together
// cost 43 % of the parse; imports-only / full below 1 is what the dependency graph saves.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { register } from 'tsx/esm/api';
import { CORPORA } from './corpora.mjs';

register();
const ROOT = fileURLToPath(new URL('..', import.meta.url));
const CLI = `${ROOT}crates/target/release/mca-analyze`;
const { values } = parseArgs({
  options: { only: { type: 'string' }, threads: { type: 'string' }, runs: { type: 'string' } },
});
const threads = values.threads ?? '2';
const runs = Number(values.runs ?? 3);
const DEFAULT = ['django', 'go', 'effect'];

if (!existsSync(CLI)) {
  console.error(`${CLI} is missing: cargo build --release -p mca-engine --manifest-path crates/Cargo.toml`);
  process.exit(1);
}
const { loadNativeEngine, nativeAddonPath } = await import('../src/engine/native/loader.ts');
const load = loadNativeEngine(nativeAddonPath(), { threads: Number(threads) });
if (!load.ok) {
  console.error(`native engine: ${load.reason} (node scripts/build-native.mjs)`);
  process.exit(1);
}
const engine = load.engine;

/** One CLI run under /usr/bin/time: wall and CPU seconds, and the files it counted. */
function cli(mode, path) {
  const args = [...(mode ? [mode] : []), '--threads', threads, path];
  const r = spawnSync('/usr/bin/time', ['-f', 'TIME %e %U %S', CLI, ...args], { encoding: 'utf8' });
  const line = r.stderr.split('\n').find((l) => l.startsWith('TIME ')) ?? '';
  const [wall, user, sys] = line.split(' ').slice(1).map(Number);
  const files = Number(/files=(\d+)/.exec(r.stderr)?.[1]);
  if (r.status !== 0 || !line) throw new Error(`mca-analyze ${args.join(' ')} failed: ${r.stderr.slice(-300)}`);
  return { wall, cpu: user + sys, files };
}

/** One analysis through Node: wall and CPU seconds of this process (the rayon threads too). */
async function viaNode(path, importsOnly) {
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const result = await engine.analyze({ path, root: path, importsOnly });
  const wall = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  return { wall, cpu: (cpu.user + cpu.system) / 1e6, files: result.stats.filesAnalyzed };
}

/** The best wall and the best CPU time of each mode over `runs` rounds; the modes take turns
 *  within a round, so a burst of load elsewhere falls on all of them alike. */
async function bestOf(modes) {
  const best = {};
  for (let i = 0; i < runs; i++) {
    for (const [name, fn] of Object.entries(modes)) {
      const m = await fn();
      const b = best[name];
      best[name] = b ? { wall: Math.min(b.wall, m.wall), cpu: Math.min(b.cpu, m.cpu), files: m.files } : m;
    }
  }
  return best;
}

const pct = (a, b) => `${((100 * a) / b).toFixed(0)} %`;
const rows = [];
for (const [corpus, path] of Object.entries(CORPORA)) {
  if (values.only ? values.only !== corpus : !DEFAULT.includes(corpus)) continue;
  if (!existsSync(path)) {
    console.error(`${corpus}: corpus missing at ${path} (bench/corpus.sh, bench/ts-corpus.mjs)`);
    continue;
  }
  const m = await bestOf({
    parse: () => cli('--parse-only', path),
    full: () => cli('', path),
    imports: () => cli('--imports-only', path),
    nodeFull: () => viaNode(path, false),
    nodeImports: () => viaNode(path, true),
  });
  const row = { corpus, files: m.full.files, ...m };
  rows.push(row);
  console.error(`${corpus}: ${JSON.stringify(row)}`);
}

const s = (m) => `${m.wall.toFixed(2)} / ${m.cpu.toFixed(2)}`;
console.log(`native engine, ${threads} threads, best of ${runs}; seconds as wall / CPU; ratios as wall, CPU`);
console.log(
  '| corpus | files | parse only | full | parse/full | imports only | imports/full | Node full | Node imports only | imports/full |',
);
console.log('|---|---|---|---|---|---|---|---|---|---|');
for (const r of rows) {
  console.log(
    `| ${r.corpus} | ${r.files} | ${s(r.parse)} | ${s(r.full)} | ${pct(r.parse.wall, r.full.wall)}, ${pct(r.parse.cpu, r.full.cpu)} | ${s(r.imports)} | ${pct(r.imports.wall, r.full.wall)}, ${pct(r.imports.cpu, r.full.cpu)} | ${s(r.nodeFull)} | ${s(r.nodeImports)} | ${pct(r.nodeImports.wall, r.nodeFull.wall)}, ${pct(r.nodeImports.cpu, r.nodeFull.cpu)} |`,
  );
}
await engine.close();
