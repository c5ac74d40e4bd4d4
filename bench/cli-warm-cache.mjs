#!/usr/bin/env node
// The command line's second run over an unchanged tree, next to its first (per-file results on
// disk), and a run after one file is touched. Each run is a fresh process with its own
// temporary cache directory. Needs `npm run build` and the corpora (bench/corpus.sh).
//   node bench/cli-warm-cache.mjs [go|django]
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync, utimesSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { CORPORA } from './corpora.mjs';

const cli = resolve(import.meta.dirname, '../dist/bin/mcp-code-analysis.js');
const name = process.argv[2] ?? 'go';
const root = CORPORA[name];
const cacheDir = mkdtempSync(join(tmpdir(), 'mca-bench-cache-'));
const run = () => {
  const t = performance.now();
  const out = JSON.parse(
    execFileSync(process.execPath, [cli, 'complexity', root, '--json', '--cache-dir', cacheDir], {
      maxBuffer: 1 << 30,
    }).toString(),
  );
  return { ms: performance.now() - t, cache: out.metadata.cache };
};
try {
  const cold = run();
  const warm = [run(), run()];
  const victim = join(root, name === 'go' ? 'fmt/print.go' : 'utils/text.py');
  const { atime } = statSync(victim);
  utimesSync(victim, atime, new Date());
  const touched = run();
  const best = Math.min(...warm.map((w) => w.ms));
  console.log(
    `${name}: cold ${cold.ms.toFixed(0)} ms ${JSON.stringify(cold.cache)}; warm ${warm.map((w) => w.ms.toFixed(0)).join(', ')} ms ${JSON.stringify(warm[1].cache)} (${(cold.ms / best).toFixed(1)}× faster); one file touched ${touched.ms.toFixed(0)} ms ${JSON.stringify(touched.cache)}`,
  );
} finally {
  rmSync(cacheDir, { recursive: true, force: true });
}
