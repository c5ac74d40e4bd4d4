#!/usr/bin/env node
// Throughput of the WASM engine on real corpora: a full analyze (cold cache, then warm),
// then dependency resolution. Runs the built package (dist/), so the worker pool starts
// the compiled worker.js as it does in production.
//
//   bash bench/corpus.sh && npm run build && node bench/engine-throughput.mjs [--threads N] [--only django|go]
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { parseArgs } from 'node:util';

const CORPORA = {
  django: '/usr/lib/python3/dist-packages/django',
  go: '/usr/share/go-1.19/src',
};

const { values } = parseArgs({ options: { threads: { type: 'string' }, only: { type: 'string' } } });
const dist = new URL('../dist/engine/wasm/engine.js', import.meta.url);
if (!existsSync(dist)) {
  console.error('dist/ is missing: run `npm run build` first');
  process.exit(1);
}
const { WasmEngine } = await import(dist.href);

const mb = (bytes) => bytes / (1024 * 1024);
const rssMb = () => process.resourceUsage().maxRSS / 1024;

async function timed(fn) {
  const start = performance.now();
  const value = await fn();
  return { value, seconds: (performance.now() - start) / 1000 };
}

async function benchCorpus(name, root, threads) {
  const engine = new WasmEngine(threads === undefined ? {} : { threads });
  try {
    const cold = await timed(() => engine.analyze({ path: root, root }));
    const warm = await timed(() => engine.analyze({ path: root, root }));
    const deps = await timed(() => engine.dependencies(cold.value, root, { includeExternal: true }));
    const { stats } = cold.value;
    const row = (label, t, files, bytes) => ({
      corpus: name,
      phase: label,
      seconds: +t.seconds.toFixed(2),
      filesPerSec: Math.round(files / t.seconds),
      mbPerSec: +(mb(bytes) / t.seconds).toFixed(2),
    });
    return {
      rows: [
        row('analyze cold', cold, stats.filesAnalyzed, stats.bytes),
        row('analyze warm', warm, warm.value.stats.filesAnalyzed, warm.value.stats.bytes),
        row('dependencies', deps, stats.filesAnalyzed, stats.bytes),
      ],
      detail: {
        files: stats.filesAnalyzed,
        mb: +mb(stats.bytes).toFixed(1),
        skipped: cold.value.skipped.length,
        warmCacheHits: warm.value.stats.cacheHits,
        parseErrorFiles: cold.value.files.filter((f) => f.parseErrors.count > 0).length,
        edges: deps.value.edges.length,
        fileEdges: deps.value.edges.filter((e) => e.target === 'file').length,
        unresolved: deps.value.unresolved.length,
        cycles: deps.value.cycles.length,
      },
    };
  } finally {
    await engine.close();
  }
}

const threads = values.threads === undefined ? undefined : Number(values.threads);
const results = {
  date: new Date().toISOString(),
  node: process.version,
  cores: availableParallelism(),
  threads: threads ?? 'default',
  corpora: {},
};
const rows = [];
for (const [name, root] of Object.entries(CORPORA)) {
  if (values.only && values.only !== name) continue;
  if (!existsSync(root)) {
    console.error(`${name}: ${root} is missing (bash bench/corpus.sh)`);
    continue;
  }
  const r = await benchCorpus(name, root, threads);
  rows.push(...r.rows);
  results.corpora[name] = r.detail;
  console.error(`${name}: ${JSON.stringify(r.detail)}`);
}
results.rows = rows;
results.peakRssMb = Math.round(rssMb());
console.table(rows);
console.log(
  `peak RSS: ${results.peakRssMb} MiB (main process incl. worker threads), cores: ${results.cores}, threads: ${results.threads}`,
);
mkdirSync(new URL('./results/', import.meta.url), { recursive: true });
writeFileSync(
  new URL(`./results/engine-throughput-${Date.now()}.json`, import.meta.url),
  `${JSON.stringify(results, null, 2)}\n`,
);
