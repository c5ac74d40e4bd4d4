// The top self-time functions of a V8 .cpuprofile (node --cpu-prof), with their share of the
// samples, and the same grouped by package (node_modules/<name>) or our own file.
// Run: node bench/cpuprofile-top.mjs <file.cpuprofile | directory (newest profile)> [rows=30]
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

const [target = '.', rowsArg = '30'] = process.argv.slice(2);
const rows = Number(rowsArg);
const file = statSync(target).isDirectory()
  ? readdirSync(target)
      .filter((f) => f.endsWith('.cpuprofile'))
      .map((f) => join(target, f))
      .sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs)[0]
  : target;
if (!file) throw new Error(`no .cpuprofile in ${target}`);
const profile = JSON.parse(readFileSync(file, 'utf8'));

// Self time per node: the sampled ticks whose top frame is that node, weighted by timeDeltas.
const self = new Map();
profile.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
const total = [...self.values()].reduce((a, b) => a + b, 0);

const where = (cf) => {
  const url = cf.url.replace(/^file:\/\//, '');
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg) return pkg[1];
  if (!url) return `(${cf.functionName || 'native'})`;
  return url.startsWith('node:') ? url : url.replace(/^.*\/(dist|src)\//, '$1/');
};
const byFunction = new Map();
const byPlace = new Map();
for (const node of profile.nodes) {
  const us = self.get(node.id) ?? 0;
  if (!us) continue;
  const cf = node.callFrame;
  const place = where(cf);
  const key = `${cf.functionName || '(anonymous)'}  ${place}${cf.url ? `:${cf.lineNumber + 1}` : ''}`;
  byFunction.set(key, (byFunction.get(key) ?? 0) + us);
  byPlace.set(place, (byPlace.get(place) ?? 0) + us);
}
const show = (title, map, n) => {
  console.log(`\n${title}`);
  for (const [key, us] of [...map].sort((a, b) => b[1] - a[1]).slice(0, n)) {
    console.log(`${((100 * us) / total).toFixed(1).padStart(5)} %  ${(us / 1000).toFixed(0).padStart(6)} ms  ${key}`);
  }
};
console.log(`${file}: ${(total / 1e6).toFixed(1)} s sampled`);
show('self time by function', byFunction, rows);
show('self time by package or file', byPlace, 20);
