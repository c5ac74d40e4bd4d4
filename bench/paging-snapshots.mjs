#!/usr/bin/env node
// What a later page costs next to the first: analyze_complexity (detail standard) of a corpus,
// page 1 then pages 2..6, each through the execution service as a client's call would go; and
// 16 identical concurrent cold calls against one. Wall time per call and the ratio.
// Needs `npm run build` and the corpora (bench/corpus.sh).   node bench/paging-snapshots.mjs [go|django]
import { resolve } from 'node:path';
import pino from 'pino';
import { CORPORA } from './corpora.mjs';

const dist = resolve(import.meta.dirname, '../dist');
const { loadConfig } = await import(`${dist}/config/config.js`);
const { createApp } = await import(`${dist}/server/app.js`);
const name = process.argv[2] ?? 'go';
const root = CORPORA[name];

async function withApp(body) {
  const app = await createApp(loadConfig({ roots: [root], logLevel: 'silent' }, {}), pino({ level: 'silent' }));
  try {
    return await body(app, (args) => app.service.run(app.registry.get('analyze_complexity'), args));
  } finally {
    await app.close();
  }
}

const time = async (f) => {
  const t = performance.now();
  const r = await f();
  return [performance.now() - t, r];
};

await withApp(async (app, call) => {
  const args = { path: '.', detail: 'standard' };
  const [first, page1] = await time(() => call(args));
  console.log(
    `${name}: engine ${page1.envelope.metadata.engine}, page 1 ${first.toFixed(0)} ms (${page1.envelope.data.files.length} of ${page1.envelope.data.total} files)`,
  );
  let cursor = page1.envelope.data.nextCursor;
  const later = [];
  for (let i = 2; i <= 6 && cursor; i++) {
    const [ms, r] = await time(() => call({ ...args, cursor }));
    later.push(ms);
    cursor = r.envelope.data.nextCursor;
  }
  const mean = later.reduce((a, b) => a + b, 0) / later.length;
  console.log(
    `pages 2..${later.length + 1}: ${later.map((ms) => ms.toFixed(0)).join(', ')} ms; mean ${mean.toFixed(0)} ms = ${((100 * mean) / first).toFixed(1)}% of page 1`,
  );
});

for (const n of [1, 16]) {
  await withApp(async (_app, call) => {
    const [ms] = await time(() => Promise.all(Array.from({ length: n }, () => call({ path: '.', detail: 'summary' }))));
    console.log(`${n} identical cold call${n > 1 ? 's' : ''} at once: ${ms.toFixed(0)} ms`);
  });
}
