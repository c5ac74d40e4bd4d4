// Navigation index build against analyze_complexity on the same tree, cold, in fresh processes:
// each run is a new node process with the built app in-process, --no-cache (no disk tier), one
// call of analyze_complexity on the tree, or one call of find_symbol (which builds the index: the
// imports-only analysis, the dependency graph, every file's tags and the symbol index). Runs
// alternate (complexity, index, complexity, …) so both see the same machine load; the medians
// and their ratio are printed. Each run also reports the heap the call left in use (after a full
// GC, minus the heap before the call: the index and the snapshot it rests on, or the complexity
// snapshot), the process's peak RSS and its CPU time (every thread, start-up included: on a
// shared machine the CPU seconds move less than the wall time).
// --addons a.node,b.node (native engine): each round runs both calls with each addon in turn
// (MCA_NATIVE_ADDON), so two builds of the engine are compared under the same load.
// Run: npm run build && node bench/nav-build.mjs [runs=3] [--engine native|wasm] [--only go|effect|django]
//      [--addons a.node,b.node]
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { fileURLToPath } from 'node:url';

const args = process.argv.slice(2);
const flag = (name) => {
  const i = args.indexOf(name);
  return i < 0 ? undefined : args.splice(i, 2)[1];
};
const engine = flag('--engine') ?? 'native';
const only = flag('--only');
const addons = flag('--addons')?.split(',') ?? [undefined];
const runs = Number(args[0] ?? 3);

const TREES = {
  go: '/usr/share/go-1.19/src',
  effect: `${homedir()}/.cache/mca-bench-corpus/effect/src`,
  django: '/usr/lib/python3/dist-packages/django',
};

const CHILD = `
const dist = process.argv[1];
const [root, mode, engine] = process.argv.slice(2);
const { default: pino } = await import('pino');
const { loadConfig } = await import(dist + '/config/config.js');
const { createApp } = await import(dist + '/server/app.js');
const app = await createApp(loadConfig({ roots: [root], engine, noCache: true, logLevel: 'silent' }, {}), pino({ level: 'silent' }));
const [name, callArgs] = mode === 'index' ? ['find_symbol', { query: 'New', limit: 5 }] : ['analyze_complexity', { path: '.' }];
global.gc(); global.gc();
const heapBefore = process.memoryUsage().heapUsed;
const t = performance.now();
const result = await app.service.run(app.registry.get(name), callArgs);
const ms = performance.now() - t;
if (result.envelope.status.code !== 'OK') throw new Error(JSON.stringify(result.envelope.status));
global.gc(); global.gc();
const heapMb = (process.memoryUsage().heapUsed - heapBefore) / 1048576;
const { maxRSS, userCPUTime, systemCPUTime } = process.resourceUsage();
process.stdout.write(JSON.stringify({ ms, heapMb, rssMb: maxRSS / 1024, cpuS: (userCPUTime + systemCPUTime) / 1e6 }));
await app.close();
process.exit(0);
`;

const dist = fileURLToPath(new URL('../dist', import.meta.url));
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function once(root, mode, addon) {
  const out = execFileSync(
    process.execPath,
    ['--expose-gc', '--input-type=module', '-e', CHILD, dist, root, mode, engine],
    {
      cwd: fileURLToPath(new URL('..', import.meta.url)),
      maxBuffer: 1 << 20,
      env: addon ? { ...process.env, MCA_NATIVE_ADDON: addon } : process.env,
    },
  );
  return JSON.parse(out.toString());
}

for (const [name, root] of Object.entries(TREES)) {
  if (only && only !== name) continue;
  if (!existsSync(root)) {
    console.log(`${name}: ${root} missing (bash bench/corpus.sh / node bench/ts-corpus.mjs)`);
    continue;
  }
  const results = new Map(addons.map((a) => [a, { complexity: [], index: [] }]));
  for (let i = 0; i < runs; i++)
    for (const addon of addons)
      for (const mode of ['complexity', 'index']) results.get(addon)[mode].push(once(root, mode, addon));
  for (const addon of addons) {
    const row = (mode) => {
      const r = results.get(addon)[mode];
      return `${mode.padEnd(10)} median ${median(r.map((x) => x.ms))
        .toFixed(0)
        .padStart(
          6,
        )} ms (${r.map((x) => x.ms.toFixed(0)).join(', ')})  heap kept ${median(r.map((x) => x.heapMb)).toFixed(1)} MB  peak RSS ${median(r.map((x) => x.rssMb)).toFixed(0)} MB  CPU ${median(r.map((x) => x.cpuS)).toFixed(1)} s`;
    };
    const { complexity, index } = results.get(addon);
    console.log(
      `${name} (${root}, ${engine} engine${addon ? `, addon ${addon}` : ''}, ${runs} runs each, alternating)`,
    );
    console.log(`  ${row('complexity')}`);
    console.log(`  ${row('index')}`);
    const ratio = median(index.map((x) => x.ms)) / median(complexity.map((x) => x.ms));
    const cpu = median(index.map((x) => x.cpuS)) / median(complexity.map((x) => x.cpuS));
    console.log(`  index build / analyze_complexity: ${ratio.toFixed(2)}× (CPU ${cpu.toFixed(2)}×)`);
  }
}
