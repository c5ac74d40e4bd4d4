// Per-phase speed of the WASM engine's per-file work, on fixed samples of real corpora:
// parse, metrics (computeMetrics), structure (extractSymbols), imports (extractImports),
// parse errors (collectParseErrors). Single thread, no pool, no cache: only the per-file
// code. Each phase is timed over the whole sample; a run is repeated and the median kept.
// Time is this process's CPU time (user + system), not wall time: on a shared machine the
// wall clock mostly measures the neighbours (--wall to use it anyway).
//
//   npx tsx bench/wasm-metrics-speed.ts [--runs 5] [--only django|go|ts] [--src scratch/orig-src]
//
// --src points at another copy of src/ (e.g. the code before a change) for an A/B run.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';

type Lang = 'typescript' | 'python' | 'go';
const REPO = resolve(dirname(new URL(import.meta.url).pathname), '..');

// Fixed samples: sorted files of a few directories, capped at ~1 MB each.
const SAMPLES: Record<string, { lang: Lang; dirs: string[]; ext: RegExp }> = {
  django: {
    lang: 'python',
    dirs: ['/usr/lib/python3/dist-packages/django/db', '/usr/lib/python3/dist-packages/django/forms'],
    ext: /\.py$/,
  },
  go: { lang: 'go', dirs: ['/usr/share/go-1.19/src/net/http'], ext: /\.go$/ },
  ts: { lang: 'typescript', dirs: [join(REPO, 'src')], ext: /\.ts$/ },
};
const CAP = 1_100_000;

function files(dir: string, ext: RegExp, out: string[] = []): string[] {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return out;
  }
  for (const e of entries.sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const p = join(dir, e.name);
    if (e.isDirectory()) files(p, ext, out);
    else if (ext.test(e.name)) out.push(p);
  }
  return out;
}

function load(name: string): { lang: Lang; sources: string[]; bytes: number } {
  const s = SAMPLES[name]!;
  const sources: string[] = [];
  let bytes = 0;
  for (const f of s.dirs.flatMap((d) => files(d, s.ext))) {
    if (bytes >= CAP) break;
    bytes += statSync(f).size;
    sources.push(readFileSync(f, 'utf8'));
  }
  return { lang: s.lang, sources, bytes };
}

const { values } = parseArgs({
  options: {
    wall: { type: 'boolean', default: false },
    runs: { type: 'string', default: '5' },
    only: { type: 'string' },
    src: { type: 'string', default: 'src' },
  },
});
const base = resolve(REPO, values.src);
const imp = async <T>(rel: string): Promise<T> => (await import(pathToFileURL(join(base, rel)).href)) as T;
const { parserFor } = await imp<any>('engine/wasm/parsers.ts');
const { computeMetrics } = await imp<any>('engine/wasm/metrics/index.ts');
const { extractSymbols } = await imp<any>('engine/wasm/structure/index.ts');
const { extractImports } = await imp<any>('engine/wasm/imports/index.ts');
const { collectParseErrors } = await imp<any>('engine/wasm/parse-errors.ts');

const cpuMs = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
const now = values.wall ? (): number => performance.now() : cpuMs;
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const runs = Number(values.runs);
const names = values.only ? [values.only] : Object.keys(SAMPLES);
console.log(`src=${values.src} runs=${runs} (MB/s of ${values.wall ? 'wall' : 'CPU'} time, median; ms in parentheses)`);
for (const name of names) {
  const { lang, sources, bytes } = load(name);
  const parser = await parserFor(lang);
  const phases = {
    parse: [] as number[],
    metrics: [] as number[],
    structure: [] as number[],
    imports: [] as number[],
    errors: [] as number[],
  };
  for (let r = 0; r < runs; r++) {
    let t = now();
    const trees = sources.map((s) => parser.parse(s));
    phases.parse.push(now() - t);
    const timed = (key: keyof typeof phases, fn: (root: unknown, src: string) => unknown): void => {
      t = now();
      trees.forEach((tree, i) => fn(tree.rootNode, sources[i]!));
      phases[key].push(now() - t);
    };
    timed('metrics', (root, src) => computeMetrics(root, lang, src));
    timed('structure', (root, src) => extractSymbols(root, lang, src));
    timed('imports', (root, src) => extractImports(root, lang, src));
    timed('errors', (root) => collectParseErrors(root));
    for (const tree of trees) tree.delete();
  }
  const mb = bytes / (1024 * 1024);
  const cells = Object.entries(phases).map(
    ([k, xs]) => `${k} ${(mb / (median(xs) / 1000)).toFixed(2)} (${median(xs).toFixed(0)})`,
  );
  console.log(`${name.padEnd(7)} ${sources.length} files ${mb.toFixed(2)} MB | ${cells.join(' | ')}`);
}
