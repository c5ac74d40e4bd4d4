// The imports of TS/JS modules without a parse (src/engine/scan/ts-import-header.ts) against
// the tree's (the WASM engine's imports-only pass, in this thread), on every TS/JS file of the
// given directories (default: the effect and rxjs sources, this repository's src/ and test/, and
// node_modules): files the scan answers, where it differs from the tree (must be none), and the
// scan's own speed.
// Run: node bench/ts-corpus.mjs; npx tsx bench/import-scan.mts [dir …]
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { languageOf } from '../src/engine/languages.js';
import { checkSource } from '../src/engine/read-source.js';
import { scanTsImportHeader } from '../src/engine/scan/ts-import-header.js';
import { analyzeFile } from '../src/engine/wasm/analyze-file.js';
import { CORPORA } from './corpora.mjs';

const REPO = fileURLToPath(new URL('..', import.meta.url));
const dirs = process.argv.slice(2);
if (dirs.length === 0)
  dirs.push(CORPORA.effect, CORPORA.rxjs, ...['src', 'test', 'node_modules'].map((d) => join(REPO, d)));

function* walk(dir: string): Generator<string> {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) yield* walk(p);
    else if (e.isFile()) yield p;
  }
}

type Row = { files: number; answered: number; differ: number; bytes: number; scanMs: number };
const rows: Record<string, Row> = {};
for (const dir of dirs) {
  for (const file of walk(dir)) {
    const language = languageOf(file);
    if (language !== 'typescript' && language !== 'tsx' && language !== 'javascript') continue;
    if (statSync(file).size > 1024 * 1024) continue;
    const read = checkSource(readFileSync(file), 1024 * 1024);
    if (!read.ok) continue;
    const row = (rows[language] ??= { files: 0, answered: 0, differ: 0, bytes: 0, scanMs: 0 });
    row.files++;
    row.bytes += read.bytes.length;
    const started = performance.now();
    const scanned = scanTsImportHeader(read.text, language);
    row.scanMs += performance.now() - started;
    if (!scanned) continue;
    row.answered++;
    const tree = (await analyzeFile(file, language, read.text, true)).imports;
    if (JSON.stringify(tree) !== JSON.stringify(scanned)) {
      row.differ++;
      console.log(`DIFFERS ${file}\n  tree ${JSON.stringify(tree)}\n  scan ${JSON.stringify(scanned)}`);
    }
  }
}
for (const [language, r] of Object.entries(rows))
  console.log(
    `${language.padEnd(11)} ${r.answered} of ${r.files} files answered by the scan, ${r.differ} differ from the tree; ` +
      `scan ${(r.bytes / 1e6 / (r.scanMs / 1000)).toFixed(0)} MB/s (${(r.bytes / 1e6).toFixed(1)} MB)`,
  );
