import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { languageOf } from '../../src/engine/languages.js';
import { checkSource } from '../../src/engine/read-source.js';
import { scanTsImportHeader } from '../../src/engine/scan/ts-import-header.js';
import type { Language, RawImport } from '../../src/engine/types.js';
import { analyzeFile } from '../../src/engine/wasm/analyze-file.js';
import { parseTxtar } from '../golden/txtar.js';

// The scan that reads a TS/JS module's imports without a parse must give, wherever it answers,
// exactly what the tree gives (the engines' imports-only pass), and decline what it cannot be
// sure of. Compared on every TS/JS file of this repository, on the golden inputs, on the
// installed dependencies (code no one here wrote: zod, vitest, vite, the SDK…), and on
// cases written for each rule.
const REPO = fileURLToPath(new URL('../..', import.meta.url));
const SCANNED: readonly Language[] = ['typescript', 'tsx', 'javascript'];

async function treeImports(source: string, language: Language): Promise<RawImport[]> {
  return (await analyzeFile('x', language, source, true)).imports;
}

function* walk(dir: string, skip: ReadonlySet<string> = new Set()): Generator<string> {
  for (const e of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const p = join(dir, e.name);
    if (e.isDirectory() && !skip.has(e.name)) yield* walk(p, skip);
    else if (e.isFile()) yield p;
  }
}

interface Sample {
  name: string;
  language: Language;
  source: string;
}

function* fileSamples(dir: string, every = 1, skip?: ReadonlySet<string>): Generator<Sample> {
  let n = 0;
  for (const path of walk(dir, skip)) {
    const language = languageOf(path);
    if (!language || !SCANNED.includes(language) || statSync(path).size > 128 * 1024) continue;
    if (n++ % every !== 0) continue;
    const read = checkSource(readFileSync(path), 1 << 20);
    if (read.ok) yield { name: relative(REPO, path), language, source: read.text };
  }
}

function* goldenSamples(): Generator<Sample> {
  for (const path of walk(join(REPO, 'test/golden'))) {
    if (!path.endsWith('.txtar')) continue;
    for (const [file, source] of parseTxtar(readFileSync(path, 'utf8'))) {
      const language = languageOf(file);
      if (language && SCANNED.includes(language)) yield { name: `${relative(REPO, path)}:${file}`, language, source };
    }
  }
}

/** Scans every sample; parses those it answers and lists where the two differ. */
async function compare(samples: Iterable<Sample>) {
  let files = 0;
  let answered = 0;
  const differ: string[] = [];
  for (const s of samples) {
    files++;
    const scanned = scanTsImportHeader(s.source, s.language);
    if (!scanned) continue;
    answered++;
    const parsed = await treeImports(s.source, s.language);
    if (JSON.stringify(parsed) !== JSON.stringify(scanned))
      differ.push(`${s.name}: tree ${JSON.stringify(parsed)} scan ${JSON.stringify(scanned)}`);
  }
  return { files, answered, differ };
}

describe('imports without a parse agree with the tree', () => {
  it("on this repository's own files, and answers for most of its TypeScript", async () => {
    const own = await compare(fileSamples(REPO, 1, new Set(['node_modules', 'dist', 'scratch', 'target', '.git'])));
    expect(own.differ).toEqual([]);
    const ts = await compare(fileSamples(join(REPO, 'src')));
    expect(ts.files).toBeGreaterThan(100);
    // The scan must be the common path on ES modules, or the dependency graph parses them all.
    expect(ts.answered / ts.files).toBeGreaterThan(0.8);
  });

  it('on every golden input', async () => {
    const golden = await compare(goldenSamples());
    expect(golden.files).toBeGreaterThan(20);
    expect(golden.differ).toEqual([]);
  });

  it('on the installed dependencies (a third of their TS/JS files)', async () => {
    const deps = await compare(fileSamples(join(REPO, 'node_modules'), 3));
    expect(deps.files).toBeGreaterThan(1000);
    expect(deps.answered).toBeGreaterThan(500);
    expect(deps.differ).toEqual([]);
  }, 120_000);
});

describe('what the scan answers', () => {
  const answered: [string, Language, string, RawImport[]][] = [
    [
      'every kind of header statement',
      'typescript',
      [
        '#!/usr/bin/env node',
        '/** A module. */',
        "import a from 'a'",
        'import b, { c, d as e } from "b";',
        "import * as ns from 'ns'",
        "import 'side-effect';",
        "import type { T } from 't'",
        "import { type U, type V as W } from 'u'",
        "import X, { type Y } from 'x'",
        "import {} from 'empty'",
        "export * from 're'",
        "export * as all from 'all'",
        "export { f, g as h } from 'f'",
        "export type { Z } from 'z'",
        "export { type Q } from 'q'",
        'export const after = 1;',
      ].join('\n'),
      [
        { specifier: 'a', kind: 'static', line: 3 },
        { specifier: 'b', kind: 'static', line: 4 },
        { specifier: 'ns', kind: 'static', line: 5 },
        { specifier: 'side-effect', kind: 'static', line: 6 },
        { specifier: 't', kind: 'type', line: 7 },
        { specifier: 'u', kind: 'type', line: 8 },
        { specifier: 'x', kind: 'static', line: 9 },
        { specifier: 'empty', kind: 'static', line: 10 },
        { specifier: 're', kind: 'reexport', line: 11 },
        { specifier: 'all', kind: 'reexport', line: 12 },
        { specifier: 'f', kind: 'reexport', line: 13 },
        { specifier: 'z', kind: 'type', line: 14 },
        { specifier: 'q', kind: 'type', line: 15 },
      ],
    ],
    [
      'comments between tokens, CRLF lines, a multi-line statement',
      'typescript',
      "// head\r\n/* a\r\n   b */ import {\r\n  a, // why\r\n  b,\r\n} /* c */ from './a.js'\r\nconst x = 1\r\n",
      [{ specifier: './a.js', kind: 'static', line: 3 }],
    ],
    [
      'imports in comments, strings, templates and regular expressions of the rest',
      'typescript',
      [
        "import { x } from './x.js'",
        '/**',
        ' * @example',
        ' * import { x } from "./x.js"',
        ' */',
        'export const s = \'import("y")\' + "require(\'z\')"',
        'export const t = `import ${x + `require`} from "w"`',
        "export const r = /import|require\\/'/g.test(s) ? (1 + 2) / 2 : [1][0] / 2",
        'export const o = { from: 1 }.from / 2',
      ].join('\n'),
      [{ specifier: './x.js', kind: 'static', line: 1 }],
    ],
    ['a module without imports', 'typescript', 'export const n = 1\n', []],
    ['an empty file', 'javascript', '', []],
    ['a file of comments only', 'javascript', '// import x\n/* require("y") */\n', []],
    [
      'JavaScript with an ES header',
      'javascript',
      "import a from './a.js'\nexport default a\n",
      [{ specifier: './a.js', kind: 'static', line: 1 }],
    ],
  ];
  it.each(answered)('%s', async (_name, language, source, expected) => {
    expect(scanTsImportHeader(source, language)).toEqual(expected);
    expect(await treeImports(source, language)).toEqual(expected);
  });
});

describe('what the scan leaves to a parse', () => {
  const declined: [string, Language, string][] = [
    ['require()', 'javascript', "const a = require('a')\n"],
    ['import() in the code', 'typescript', "import a from 'a'\nexport const b = () => import('b')\n"],
    ['an import after code', 'typescript', "const x = 1\nimport a from 'a'\n"],
    ['import = require()', 'typescript', "import fs = require('fs')\n"],
    ['import attributes', 'typescript', "import data from './d.json' with { type: 'json' }\n"],
    ['export type * (the grammar has no type token there)', 'typescript', "export type * from './t.js'\n"],
    ['a default import named type', 'typescript', "import type from './t.js'\n"],
    ['a named import called type', 'typescript', "import { type } from './t.js'\n"],
    ['an escape in a specifier', 'typescript', "import a from './\\u0061.js'\n"],
    ['a lone carriage return in the header', 'typescript', "import a from 'a'\rimport b from 'b'\n"],
    ['a `/` after a condition', 'typescript', 'if (x) /import/.test(y)\n'],
    ['a `/` after a block', 'typescript', '{ }\n/x/.test(y)\n'],
    ['an unterminated string', 'typescript', "export const s = 'abc\nimport a from 'a'\n"],
    ['from before a quote in TSX', 'tsx', "export const P = () => <p>from 'x'</p>\n"],
    ['a language the scan does not read', 'python', 'import os\n'],
  ];
  it.each(declined)('%s', (_name, language, source) => {
    expect(scanTsImportHeader(source, language)).toBeUndefined();
  });
});
