#!/usr/bin/env node
// hotspots' run time on a generated history and on a real one.
//
// Generates (once, into bench/corpus/hotspots-history-C-F) a repository of C commits over F
// TypeScript files with `git fast-import` (a few seconds: no working tree is written per
// commit): one commit adds every file, then each commit changes one function in 1-3 files
// chosen with a skewed distribution (so there are hotspots), by one of 40 authors, dated over
// the last 300 days; about one commit in 200 renames a file. Then times, each in a fresh
// process: the numstat read alone (`git log` as hotspots runs it, output counted), and the
// command line's `hotspots` with an empty cache (analysis + history) and a warm one (history;
// the analysis from the disk tier), at detail summary and standard (per-function view).
// Wall time, CPU time (with git's) and peak RSS from GNU time. Needs `npm run build`, the native
// engine and /usr/bin/time.
//   node bench/hotspots-history.mjs [commits=20000] [files=5000] [--repo PATH ...]
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { mulberry32 } from './lib/prng.mjs';

const cli = resolve(import.meta.dirname, '../dist/bin/mcp-code-analysis.js');
const positional = process.argv.slice(2).filter((a, i, all) => !a.startsWith('--') && all[i - 1] !== '--repo');
const commits = Number(positional[0] ?? 20_000);
const files = Number(positional[1] ?? 5_000);
const extraRepos = process.argv.flatMap((a, i, all) => (all[i - 1] === '--repo' ? [resolve(a)] : []));
const GIT_ENV = { ...process.env, GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_NOSYSTEM: '1' };

const FUNCTIONS = 6;

function source(i, constants) {
  const fns = constants.map(
    (k, f) =>
      `export function f${i}_${f}(a: number, b: number): number {\n  if (a > ${k} && b < ${f}) {\n    for (let n = 0; n < a; n++) {\n      if (n % ${f + 2} === 0 || n === b) b += n;\n    }\n  }\n  return a > b ? a - ${k} : b;\n}\n`,
  );
  return `// module ${i}\n${fns.join('\n')}`;
}

async function generate(dir) {
  const rnd = mulberry32(42);
  execFileSync('git', ['init', '-q', '-b', 'main', dir], { env: GIT_ENV });
  const child = spawn('git', ['fast-import', '--quiet', '--done'], {
    cwd: dir,
    env: GIT_ENV,
    stdio: ['pipe', 'inherit', 'inherit'],
  });
  const exited = new Promise((ok, fail) =>
    child.on('close', (code) => (code === 0 ? ok() : fail(new Error(`fast-import exited ${code}`)))),
  );
  let buffered = [];
  let size = 0;
  const out = async (text) => {
    buffered.push(text);
    size += text.length;
    if (size < 1 << 20) return;
    const chunk = buffered.join('');
    buffered = [];
    size = 0;
    if (!child.stdin.write(chunk)) await new Promise((ok) => child.stdin.once('drain', ok));
  };
  const data = (text) => `data ${Buffer.byteLength(text)}\n${text}\n`;
  const paths = Array.from({ length: files }, (_, i) => `pkg${i % 50}/sub${i % 7}/mod${i}.ts`);
  const constants = Array.from({ length: files }, () => Array.from({ length: FUNCTIONS }, () => 1));
  const now = Math.floor(Date.now() / 1000) - 86_400;
  const span = 300 * 86_400;
  const when = (c) => now - span + Math.floor((span * c) / commits);
  const header = (c, author) =>
    `commit refs/heads/main\ncommitter ${author} <${author.toLowerCase().replace(' ', '.')}@example.com> ${when(c)} +0000\n${data(`change ${c}`)}`;
  let body = `${header(0, 'Author 0')}`;
  for (let i = 0; i < files; i++) body += `M 100644 inline ${paths[i]}\n${data(source(i, constants[i]))}`;
  await out(body);
  for (let c = 1; c < commits; c++) {
    const author = `Author ${Math.floor(rnd() * rnd() * 40)}`;
    let text = header(c, author); // fast-import chains a branch's commits itself
    const touched = new Set();
    const count = 1 + Math.floor(rnd() * 3);
    for (let k = 0; k < count; k++) touched.add(Math.floor(files * rnd() ** 3)); // skewed: low indexes change most
    for (const i of touched) {
      if (rnd() < 0.005) {
        const renamed = paths[i].replace(/mod(\d+)\.ts$/, `renamed${c}_$1.ts`);
        text += `R ${paths[i]} ${renamed}\n`;
        paths[i] = renamed;
      }
      constants[i][Math.floor(rnd() * FUNCTIONS)] += 1;
      text += `M 100644 inline ${paths[i]}\n${data(source(i, constants[i]))}`;
    }
    await out(text);
  }
  await out('done\n');
  child.stdin.end(buffered.join(''));
  await exited;
  execFileSync('git', ['reset', '-q', '--hard', 'main'], { cwd: dir, env: GIT_ENV });
}

/** Runs a command under GNU time: wall and CPU (user + system, its children included) and peak RSS. */
function time(label, args, cwd) {
  const stats = join(tmpdir(), `mca-bench-time-${process.pid}`);
  const stdout = execFileSync('/usr/bin/time', ['-o', stats, '-f', '%e %U %S %M', ...args], {
    cwd,
    env: GIT_ENV,
    maxBuffer: 1 << 30,
  });
  const [wall, user, sys, rssKb] = readFileSync(stats, 'utf8').trim().split('\n').at(-1).split(' ').map(Number);
  rmSync(stats, { force: true });
  return { label, ms: wall * 1000, cpuMs: (user + sys) * 1000, rssMb: rssKb / 1024, stdout };
}

const fmt = (r) => `${r.ms.toFixed(0)} ms (CPU ${r.cpuMs.toFixed(0)} ms, peak RSS ${r.rssMb.toFixed(0)} MB)`;

async function measure(repo) {
  const numstat = time(
    'git log --numstat (as hotspots reads it)',
    [
      'git',
      'log',
      '--no-merges',
      '-M',
      '--numstat',
      '-z',
      '--relative',
      '--since=1970-01-02T00:00:00Z',
      '--format=C%x09%aN',
      'HEAD',
      '--',
      '.',
    ],
    repo,
  );
  const commitCount = execFileSync('git', ['rev-list', '--count', '--no-merges', 'HEAD'], { cwd: repo })
    .toString()
    .trim();
  const fileCount = execFileSync('git', ['ls-files'], { cwd: repo, maxBuffer: 1 << 30 })
    .toString()
    .split('\n')
    .filter(Boolean).length;
  console.log(
    `\n${repo}: ${commitCount} non-merge commits, ${fileCount} files; numstat output ${(numstat.stdout.length / 1e6).toFixed(1)} MB in ${fmt(numstat)}`,
  );
  const cache = mkdtempSync(join(tmpdir(), 'mca-bench-hotspots-'));
  try {
    const hotspots = (detail) => [
      process.execPath,
      cli,
      'hotspots',
      repo,
      '--since',
      '1970-01-02',
      '--engine',
      'native',
      '--json',
      '--detail',
      detail,
      '--limit',
      '50',
      '--cache-dir',
      cache,
    ];
    const cold = time('cold', hotspots('summary'), repo);
    const answer = JSON.parse(cold.stdout.toString());
    if (!answer.status.success) throw new Error(JSON.stringify(answer.status));
    const warm = [time('warm', hotspots('summary'), repo), time('warm', hotspots('summary'), repo)];
    const standard = [
      time('warm standard', hotspots('standard'), repo),
      time('warm standard', hotspots('standard'), repo),
    ];
    const best = (runs) => fmt(runs.reduce((a, b) => (b.ms < a.ms ? b : a)));
    const top = answer.data.files
      .slice(0, 3)
      .map((f) => `${f.path} (${f.commits} commits, cog ${f.complexity}, score ${f.score})`);
    console.log(
      `  hotspots --detail summary, empty cache: ${fmt(cold)} (${answer.data.summary.commits} commits, ${answer.data.summary.filesChanged} files listed)`,
    );
    console.log(`  hotspots --detail summary, warm analysis cache: best of 2 ${best(warm)}`);
    console.log(
      `  hotspots --detail standard (per-function view of 5 files, 50 commits each), warm: best of 2 ${best(standard)}`,
    );
    console.log(`  top: ${top.join('; ')}`);
  } finally {
    rmSync(cache, { recursive: true, force: true });
  }
}

const corpus = resolve(import.meta.dirname, 'corpus');
const generated = join(corpus, `hotspots-history-${commits}-${files}`);
if (!existsSync(join(generated, '.git'))) {
  mkdirSync(corpus, { recursive: true });
  const t = performance.now();
  await generate(generated);
  console.log(
    `generated ${commits} commits over ${files} files in ${((performance.now() - t) / 1000).toFixed(1)} s: ${generated}`,
  );
}
for (const repo of [generated, resolve(import.meta.dirname, '..'), ...extraRepos]) await measure(repo);
