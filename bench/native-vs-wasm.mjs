#!/usr/bin/env node
// Side-by-side throughput on the same corpora, same run, 2 threads each (the machine has 2
// cores): the native engine (through Node, and the Rust CLI alone), the WASM engine,
// tree-sitter parse alone (the floor), lizard and rust-code-analysis-cli when installed.
// Each tool runs in its own process under /usr/bin/time for wall, CPU and peak RSS.
//
//   bash bench/corpus.sh && node bench/ts-corpus.mjs && npm run build && node bench/native-vs-wasm.mjs [--only name]
// Writes bench/results/native-vs-wasm.json and prints a Markdown table.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { CORPORA } from './corpora.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const CLI = `${ROOT}crates/target/release/mca-analyze`;
const { values } = parseArgs({ options: { only: { type: 'string' }, threads: { type: 'string' } } });
const threads = values.threads ?? '2';

if (!existsSync(CLI))
  execFileSync(
    'cargo',
    ['build', '--release', '-j', '2', '--manifest-path', `${ROOT}crates/Cargo.toml`, '-p', 'mca-engine'],
    { stdio: 'inherit' },
  );
const has = (cmd) => spawnSync('sh', ['-c', `command -v ${cmd}`]).status === 0;

/** Runs a command under /usr/bin/time: wall and CPU seconds, peak RSS in MB, stdout. */
function measure(cmd, args, okStatus = [0]) {
  const r = spawnSync('/usr/bin/time', ['-f', 'TIME %e %U %S %M', cmd, ...args], {
    encoding: 'utf8',
    maxBuffer: 1 << 30,
    cwd: ROOT,
  });
  const line =
    r.stderr
      .split('\n')
      .reverse()
      .find((l) => l.startsWith('TIME ')) ?? '';
  const [wall, user, sys, rssKb] = line.split(' ').slice(1).map(Number);
  return {
    ok: okStatus.includes(r.status ?? -1) && line !== '',
    wall,
    cpu: user + sys,
    rssMb: rssKb / 1024,
    stdout: r.stdout,
    stderr: r.stderr,
  };
}

function tools(path) {
  const list = [
    ['native (Node)', 'node', ['bench/engine-run.mjs', 'native', path, '--threads', threads]],
    ['native (Rust CLI)', CLI, ['--threads', threads, path]],
    ['tree-sitter parse only', CLI, ['--parse-only', '--threads', threads, path]],
    ['wasm (Node)', 'node', ['bench/engine-run.mjs', 'wasm', path, '--threads', threads]],
  ];
  if (has('lizard')) list.push(['lizard -t 2', 'lizard', ['-t', threads, path]]);
  if (has('rust-code-analysis-cli'))
    list.push([
      'rust-code-analysis-cli -m -O json',
      'rust-code-analysis-cli',
      ['-m', '-O', 'json', '-j', threads, '-p', path],
    ]);
  return list;
}

const rows = [];
for (const [corpus, path] of Object.entries(CORPORA)) {
  if (values.only && values.only !== corpus) continue;
  if (!existsSync(path)) {
    console.error(`${corpus}: missing at ${path}`);
    continue;
  }
  let size;
  for (const [tool, cmd, args] of tools(path)) {
    // lizard exits 1 when it has warnings to report (functions over its thresholds).
    const m = measure(cmd, args, cmd === 'lizard' ? [0, 1] : [0]);
    if (tool === 'native (Node)' && m.ok) size = JSON.parse(m.stdout.trim().split('\n').pop());
    const extra = tool.endsWith('(Node)') && m.ok ? JSON.parse(m.stdout.trim().split('\n').pop()) : undefined;
    rows.push({
      corpus,
      tool,
      ok: m.ok,
      wall: m.wall,
      cpu: m.cpu,
      rssMb: m.rssMb,
      files: size?.files,
      mb: size ? size.bytes / 1e6 : undefined,
      deps: extra?.depsSeconds,
    });
    console.error(
      `${corpus} ${tool}: ${m.ok ? `${m.wall}s wall, ${m.cpu.toFixed(1)}s cpu, ${m.rssMb.toFixed(0)} MB` : `failed: ${m.stderr.slice(-300)}`}`,
    );
  }
}

mkdirSync(`${ROOT}bench/results`, { recursive: true });
writeFileSync(`${ROOT}bench/results/native-vs-wasm.json`, `${JSON.stringify(rows, null, 2)}\n`);
const fmt = (x, d = 0) => (x === undefined || Number.isNaN(x) ? '–' : x.toFixed(d));
console.log('| corpus | tool | files | wall s | files/s | MB/s | CPU s | files/CPU-s | peak RSS MB | deps graph s |');
console.log('|---|---|---|---|---|---|---|---|---|---|');
for (const r of rows) {
  const files = rows.find((x) => x.corpus === r.corpus && x.files)?.files;
  const mb = rows.find((x) => x.corpus === r.corpus && x.mb)?.mb;
  console.log(
    `| ${r.corpus} | ${r.tool}${r.ok ? '' : ' (failed)'} | ${files ?? '–'} | ${fmt(r.wall, 2)} | ${fmt(files / r.wall)} | ${fmt(mb / r.wall, 2)} | ${fmt(r.cpu, 1)} | ${fmt(files / r.cpu)} | ${fmt(r.rssMb)} | ${fmt(r.deps, 2)} |`,
  );
}
