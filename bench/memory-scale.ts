// Peak memory of a whole analysis as the tree grows: the command line's `complexity` (native
// engine, no disk cache) on the Go standard library once and on three copies of it side by
// side (runs alternate; the median of each), then on a generated tree of 100,000 files.
// Peak RSS comes from GNU time (/usr/bin/time -f %M), so what is measured is the process as a
// person runs it. Copies and the generated tree go under the bench cache (a few hundred MB).
// Needs: npm run build; bash bench/corpus.sh; /usr/bin/time (Debian package `time`).
// Run: npx tsx bench/memory-scale.ts [runs] [generatedFiles]
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CORPORA, TS_CORPUS_DIR } from './corpora.mjs';
import { generatedRepo } from '../test/helpers/generated-repo.js';

const runs = Number(process.argv[2] ?? 3);
const generatedFiles = Number(process.argv[3] ?? 100_000);
const repo = fileURLToPath(new URL('..', import.meta.url));
if (!existsSync('/usr/bin/time')) throw new Error('needs GNU time: apt-get install time');
if (!existsSync(CORPORA.go)) throw new Error(`missing ${CORPORA.go}: run bash bench/corpus.sh`);

function peak(dir: string): { mb: number; seconds: number } {
  const r = spawnSync(
    '/usr/bin/time',
    [
      '-f',
      '%M %e',
      process.execPath,
      join(repo, 'dist/bin/mcp-code-analysis.js'),
      'complexity',
      dir,
      '--no-cache',
      '--engine',
      'native',
    ],
    {
      encoding: 'utf8',
      maxBuffer: 1 << 30,
    },
  );
  if (r.status !== 0) throw new Error(`complexity ${dir} failed: ${r.stderr.slice(-500)}`);
  const [kb, seconds] = r.stderr.trim().split('\n').pop()!.split(' ').map(Number);
  return { mb: kb! / 1024, seconds: seconds! };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

const three = join(TS_CORPUS_DIR, 'go-stdlib-x3');
if (!existsSync(three)) {
  for (const copy of ['a', 'b', 'c']) cpSync(CORPORA.go, join(`${three}.tmp`, copy), { recursive: true });
  renameSync(`${three}.tmp`, three);
}
const one: number[] = [];
const triple: number[] = [];
for (let i = 0; i < runs; i++) {
  one.push(peak(CORPORA.go).mb);
  triple.push(peak(three).mb);
}
const [m1, m3] = [median(one), median(triple)];
console.log(`Go stdlib x1: peak RSS ${m1.toFixed(0)} MB (runs ${one.map((x) => x.toFixed(0)).join(', ')})`);
console.log(
  `Go stdlib x3: peak RSS ${m3.toFixed(0)} MB (runs ${triple.map((x) => x.toFixed(0)).join(', ')})  ratio ${(m3 / m1).toFixed(2)}x`,
);

if (generatedFiles > 0) {
  const target = join(TS_CORPUS_DIR, `generated-${generatedFiles}`);
  if (!existsSync(target)) {
    mkdirSync(TS_CORPUS_DIR, { recursive: true });
    // generatedRepo writes 4/5 TypeScript files and 1/5 Python twins, plus one huge file.
    const made = generatedRepo(Math.round((generatedFiles * 4) / 5));
    cpSync(made.dir, target, { recursive: true });
    rmSync(made.dir, { recursive: true, force: true });
  }
  const { mb, seconds } = peak(target);
  console.log(`generated tree (${generatedFiles} files): peak RSS ${mb.toFixed(0)} MB in ${seconds.toFixed(0)} s`);
}
rmSync(`${three}.tmp`, { recursive: true, force: true });
