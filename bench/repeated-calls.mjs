// CPU per call of repeated calls on an unchanged tree, in-process (the built app, no transport):
// server_info (the fixed cost of any call) next to analyze_complexity, analyze_dependencies and
// find_references on this repository's src/, each repeated N times after a warm-up, in rounds
// that alternate the tools (so machine load falls on all of them alike). What a repeated call
// costs beyond server_info is the analysis layer: the walk (skipped while the tree's directories
// are watched), the snapshot lookup and the page. --no-watch measures it with a walk per call.
// Run: npm run build && node bench/repeated-calls.mjs [calls=2000] [rounds=3] [--no-watch]
import pino from 'pino';
import { fileURLToPath } from 'node:url';

const args = process.argv.slice(2);
const noWatch = args.includes('--no-watch');
const [calls = 2000, rounds = 3] = args.filter((a) => !a.startsWith('--')).map(Number);
const repo = fileURLToPath(new URL('..', import.meta.url));
const { loadConfig } = await import('../dist/config/config.js');
const { createApp } = await import('../dist/server/app.js');
const app = await createApp(
  loadConfig({ roots: [repo], logLevel: 'silent', noCache: true, noWatch }, {}),
  pino({ level: 'silent' }),
);

const CASES = [
  ['server_info', {}],
  ['analyze_complexity', { path: 'src' }],
  ['analyze_dependencies', { path: 'src' }],
  ['find_references', { path: 'src/navigation/symbol-index.ts', symbol: 'SymbolIndex' }],
];

async function call(name, callArgs) {
  const { envelope } = await app.service.run(app.registry.get(name), callArgs);
  if (envelope.status.code !== 'OK') throw new Error(`${name}: ${JSON.stringify(envelope.status)}`);
}

const cpu = new Map(CASES.map(([name]) => [name, []]));
for (const [name, callArgs] of CASES) for (let i = 0; i < 50; i++) await call(name, callArgs);
for (let r = 0; r < rounds; r++) {
  for (const [name, callArgs] of CASES) {
    const start = process.cpuUsage();
    for (let i = 0; i < calls; i++) await call(name, callArgs);
    const used = process.cpuUsage(start);
    cpu.get(name).push((used.user + used.system) / calls);
  }
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const base = median(cpu.get('server_info'));
console.log(`${calls} calls × ${rounds} rounds per tool, in-process, watching ${noWatch ? 'off' : 'on'}`);
for (const [name] of CASES) {
  const us = median(cpu.get(name));
  console.log(
    `${name.padEnd(22)} ${us.toFixed(0).padStart(6)} µs CPU/call (median of ${cpu
      .get(name)
      .map((x) => x.toFixed(0))
      .join(', ')})  ${(us / base).toFixed(2)}× server_info`,
  );
}
console.log(
  'treeWatch',
  JSON.stringify((await app.service.run(app.registry.get('server_info'), {})).envelope.data.features.treeWatch),
);
await app.close();
