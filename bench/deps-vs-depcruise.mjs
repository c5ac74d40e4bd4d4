#!/usr/bin/env node
// The dependency graph of a TypeScript tree: our `deps` command (native engine, imports-only
// pass, no cache) against dependency-cruiser (no cache: its cache is opt-in), both as a person
// runs them — a fresh process each, startup included. Runs alternate, best of N each, in one
// run so that the ratio holds on a noisy machine.
// Needs: npm run build; node bench/ts-corpus.mjs. dependency-cruiser (with typescript, which it
// needs for .ts) is installed on first use into ~/.cache/mca-bench-tools (not a dependency).
// Ours runs as installed (the bundled command, dist/bin/) and, for comparison in the same run,
// from tsc's unbundled output (dist/cli/main.js).
// Run: node bench/deps-vs-depcruise.mjs [runs]
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { TS_CORPUS_DIR } from './corpora.mjs';

const runs = Number(process.argv[2] ?? 3);
const repo = fileURLToPath(new URL('..', import.meta.url));
const tools = join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'mca-bench-tools');
// 17.x: the last line that runs on Node 20 (18.x needs Node 22).
const depcruise = join(tools, 'node_modules', '.bin', 'depcruise');
if (!existsSync(depcruise)) {
  mkdirSync(tools, { recursive: true });
  execFileSync(
    'npm',
    ['install', '--prefix', tools, '--no-save', '--silent', 'dependency-cruiser@17.3.9', 'typescript@5.9.3'],
    { stdio: 'inherit' },
  );
}

function timed(cmd, args, cwd) {
  const t = process.hrtime.bigint();
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8', maxBuffer: 1 << 30, stdio: ['ignore', 'pipe', 'pipe'] });
  const ms = Number(process.hrtime.bigint() - t) / 1e6;
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed: ${r.stderr.slice(0, 500)}`);
  return { ms, out: r.stdout };
}

for (const name of ['rxjs', 'effect']) {
  const dir = join(TS_CORPUS_DIR, name);
  if (!existsSync(join(dir, 'src'))) throw new Error(`missing ${dir}/src: run node bench/ts-corpus.mjs`);
  const ours = [];
  const unbundled = [];
  const theirs = [];
  let edges = {};
  const oursArgs = ['deps', 'src', '--no-cache', '--json', '--engine', 'native', '--detail', 'summary'];
  for (let i = 0; i < runs; i++) {
    const a = timed(process.execPath, [join(repo, 'dist/bin/mcp-code-analysis.js'), ...oursArgs], dir);
    ours.push(a.ms);
    const b = timed(depcruise, ['--no-config', '--output-type', 'json', 'src'], dir);
    theirs.push(b.ms);
    unbundled.push(timed(process.execPath, [join(repo, 'dist/cli/main.js'), ...oursArgs], dir).ms);
    if (i === 0) {
      const o = JSON.parse(a.out).data.summary;
      const d = JSON.parse(b.out).summary;
      edges = {
        ours: `${o.files} files, ${o.edges} edges, ${o.cycles} cycles`,
        theirs: `${d.totalCruised} modules, ${d.totalDependenciesCruised} dependencies`,
      };
    }
  }
  const best = (xs) => Math.min(...xs);
  console.log(
    `${name.padEnd(7)} ours ${(best(ours) / 1000).toFixed(2)} s (unbundled ${(best(unbundled) / 1000).toFixed(2)} s)  dependency-cruiser ${(best(theirs) / 1000).toFixed(2)} s  ratio ${(best(theirs) / best(ours)).toFixed(1)}x (unbundled ${(best(theirs) / best(unbundled)).toFixed(1)}x)   (${edges.ours} | ${edges.theirs})`,
  );
}
