#!/usr/bin/env node
// How large is what an agent's client receives? Each analysis tool, called with only `path`
// (with --max-tokens also with maxTokens 24000, at the default and at full detail), on the
// corpora and on this repository: characters of the text block, of the structured content
// and of the whole result (both), through the same function that answers tools/call. Needs `npm run build`; corpora
// from bench/corpus.sh and
// bench/ts-corpus.mjs (a missing corpus is reported and left out).
//   node bench/response-sizes.mjs [--max-tokens]
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import pino from 'pino';
import { CORPORA } from './corpora.mjs';

const dist = resolve(import.meta.dirname, '../dist');
const { loadConfig } = await import(`${dist}/config/config.js`);
const { createApp } = await import(`${dist}/server/app.js`);
const callResult = await import(`${dist}/registry/call-result.js`).catch(() => undefined);
const { toCallToolResult } = await import(`${dist}/envelope/envelope.js`).catch(() => ({}));
const { CHARS_PER_TOKEN = 4 } = await import(`${dist}/tools/shared/budget.js`).catch(() => ({}));

const trees = {
  django: CORPORA.django,
  go: CORPORA.go,
  effect: CORPORA.effect,
  'this repository': resolve(import.meta.dirname, '..'),
};
const tools = ['analyze_complexity', 'analyze_structure', 'analyze_dependencies'];
const variants = process.argv.includes('--max-tokens')
  ? [{}, { maxTokens: 24000 }, { detail: 'full', maxTokens: 24000 }]
  : [{}];

const rows = [];
for (const [name, root] of Object.entries(trees)) {
  if (!existsSync(root)) {
    console.error(`${name}: ${root} is missing (bench/corpus.sh, bench/ts-corpus.mjs); left out`);
    continue;
  }
  const app = await createApp(loadConfig({ roots: [root], logLevel: 'silent' }, {}), pino({ level: 'silent' }));
  try {
    for (const tool of tools) {
      for (const extra of variants) {
        const def = app.registry.get(tool);
        const { envelope } = await app.service.run(def, { path: '.', ...extra });
        if (!envelope.status.success)
          throw new Error(`${tool} on ${name}: ${envelope.status.code} ${envelope.status.message}`);
        const result = callResult ? callResult.toolCallResult(def, envelope) : toCallToolResult(envelope);
        const text = result.content.map((c) => c.text).join('').length;
        const structured = JSON.stringify(result.structuredContent).length;
        rows.push({
          corpus: name,
          tool,
          args: JSON.stringify({ path: '.', ...extra }),
          text,
          structured,
          whole: text + structured,
          estimatedTokens: Math.ceil(text / CHARS_PER_TOKEN),
        });
      }
    }
  } finally {
    await app.close();
  }
}
console.table(rows);
