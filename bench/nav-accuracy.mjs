#!/usr/bin/env node
// find_references against real type checkers on code no one here wrote (issue 12):
//   TypeScript: exported top-level symbols sampled from the effect sources, truth = the
//     TypeScript language service's findReferences at the symbol's name;
//   Python: top-level functions/classes sampled from Django, truth = jedi's get_references
//     (bench/nav-accuracy-jedi.py, jedi's 30-file search cap lifted).
// Ours = find_references { path, symbol } through the built server over stdio, all pages.
// --methods samples class methods instead (effect: methods of classes, found with the compiler
// API; Django: functions defined directly in a class body) and asks both sides by position, at
// the method's name: find_references { path, line, column } (column in code points) against
// findReferences / get_references there; what receiver types (tags rule 9) are measured on.
// Compared as sets of (path, line, column); recall and precision micro- and per-symbol-averaged,
// for every reference we list and for confidence = 1 only; misses and false positives by category.
//
//   node bench/nav-accuracy.mjs [--engine native|wasm] [--limit N] [--only ts|py] [--seed S]
//                               [--methods] [--cli PATH] [--truth-cache FILE]
//                               [--jedi-timeout SECONDS] [--examples N] [--json]
// Needs `npm run build`, the effect corpus (node bench/ts-corpus.mjs) and python3 with jedi.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { CORPORA } from './corpora.mjs';
import { allReferences, CLI, startNavServer } from './lib/nav-server.mjs';
import {
  classMethods,
  exportedDeclarations,
  languageService,
  memberOwner,
  offsetOf,
  treeSitterErrorRegions,
  tsFiles,
  tsPlace,
  utf16Column,
} from './lib/ts-references.mjs';
import { mulberry32 } from './lib/prng.mjs';

const HELP = `Usage: node bench/nav-accuracy.mjs [options]

find_references vs the TypeScript language service (effect) and jedi (Django):
recall and precision, index build time, p50 of warm calls, misses by category.

Options:
  --engine <native|wasm>   engine of the server under test (default native)
  --limit <n>              symbols sampled per language (default 100)
  --only <ts|py>           one language only
  --seed <n>               sampling seed (default 12)
  --methods                sample class methods instead of top-level symbols and ask both
                           sides by position (path, line, column of the method's name)
  --cli <path>             the built CLI of the server under test (default this checkout's
                           dist/bin/mcp-code-analysis.js), e.g. another worktree's, to compare commits
  --truth-cache <file>     keep the truth (language service / jedi references) of a sample in
                           this JSON file and reuse it when language, mode, seed, limit and the
                           candidates are the same (jedi takes minutes)
  --jedi-timeout <s>       jedi's time per symbol before it is skipped (default 30)
  --examples <n>           examples listed per category (default 3)
  --json                   print the whole result as JSON instead of the report
  --save <file>            also write the whole result as JSON to this file
  --help                   this text
`;

function parseArgs(argv) {
  const opts = {
    engine: 'native',
    limit: 100,
    only: undefined,
    seed: 12,
    jediTimeout: 30,
    examples: 3,
    json: false,
    save: undefined,
    methods: false,
    cli: CLI,
    truthCache: undefined,
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${a} needs a value`);
      return v;
    };
    if (a === '--help' || a === '-h') opts.help = true;
    else if (a === '--json') opts.json = true;
    else if (a === '--methods') opts.methods = true;
    else if (a === '--save') opts.save = value();
    else if (a === '--cli') opts.cli = value();
    else if (a === '--truth-cache') opts.truthCache = value();
    else if (a === '--engine') opts.engine = value();
    else if (a === '--limit') opts.limit = Number(value());
    else if (a === '--only') opts.only = value();
    else if (a === '--seed') opts.seed = Number(value());
    else if (a === '--jedi-timeout') opts.jediTimeout = Number(value());
    else if (a === '--examples') opts.examples = Number(value());
    else throw new Error(`unknown argument ${a} (see --help)`);
  }
  if (!['native', 'wasm'].includes(opts.engine)) throw new Error('--engine is native or wasm');
  if (opts.only && !['ts', 'py'].includes(opts.only)) throw new Error('--only is ts or py');
  if (!(opts.limit >= 1)) throw new Error('--limit is a positive number');
  return opts;
}

/** n items drawn without replacement (a partial Fisher–Yates shuffle), in drawing order. */
function sample(items, n, seed) {
  const a = items.slice();
  const rand = mulberry32(seed);
  const k = Math.min(n, a.length);
  for (let i = 0; i < k; i++) {
    const j = i + Math.floor(rand() * (a.length - i));
    [a[i], a[j]] = [a[j], a[i]];
  }
  return a.slice(0, k);
}

/**
 * The truth of a sample from the --truth-cache file when it was computed for the same key
 * (language, mode, seed, limit, candidates), else compute() and store it there.
 */
async function cachedTruth(opts, lang, key, compute, log) {
  if (!opts.truthCache) return compute();
  let cache = {};
  try {
    cache = JSON.parse(readFileSync(opts.truthCache, 'utf8'));
  } catch {
    // No cache yet (or unreadable): computed and written below.
  }
  const id = JSON.stringify(key);
  if (cache[lang]?.key === id) {
    log(`  truth of ${lang} from ${opts.truthCache}`);
    return cache[lang].truth;
  }
  const truth = await compute();
  try {
    cache = JSON.parse(readFileSync(opts.truthCache, 'utf8'));
  } catch {
    cache = {};
  }
  cache[lang] = { key: id, truth };
  writeFileSync(opts.truthCache, JSON.stringify(cache));
  return truth;
}

const keyOf = (r) => `${r.path}:${r.line}:${r.column}`;
const pct = (x) => (x === undefined || Number.isNaN(x) ? '   n/a' : `${(100 * x).toFixed(1).padStart(5)}%`);
const mean = (xs) => (xs.length ? xs.reduce((s, x) => s + x, 0) / xs.length : NaN);
const quantile = (xs, q) => {
  if (!xs.length) return NaN;
  const s = xs.slice().sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))];
};

/** Set comparison of one symbol: the hits, misses (in truth only) and false positives (ours only). */
function compare(truth, ours) {
  const t = new Map(truth.map((r) => [keyOf(r), r]));
  const o = new Map(ours.map((r) => [keyOf(r), r]));
  const hits = [...o.keys()].filter((k) => t.has(k)).length;
  return {
    truth: t.size,
    ours: o.size,
    hits,
    misses: [...t.entries()].filter(([k]) => !o.has(k)).map(([, r]) => r),
    falsePositives: [...o.entries()].filter(([k]) => !t.has(k)).map(([, r]) => r),
  };
}

/** Micro (summed) and per-symbol mean recall/precision over the compared symbols. */
function metrics(rows) {
  const sum = (f) => rows.reduce((s, r) => s + f(r), 0);
  const truth = sum((r) => r.truth);
  const ours = sum((r) => r.ours);
  const hits = sum((r) => r.hits);
  return {
    symbols: rows.length,
    truthRefs: truth,
    ourRefs: ours,
    hits,
    recall: truth ? hits / truth : NaN,
    precision: ours ? hits / ours : NaN,
    meanRecall: mean(rows.filter((r) => r.truth > 0).map((r) => r.hits / r.truth)),
    // A symbol we answer nothing for has no precision; it counts in recall (as 0).
    meanPrecision: mean(rows.filter((r) => r.ours > 0).map((r) => r.hits / r.ours)),
    perfect: rows.filter((r) => r.hits === r.truth && r.hits === r.ours).length,
  };
}

/** Misses and false positives grouped by category (a function of the place), with examples. */
function categorise(symbolRows, pick, placeOf, examples, side) {
  const cats = new Map();
  for (const row of symbolRows)
    for (const r of pick(row)) {
      const cat = row.error
        ? `our call failed: ${row.error.split(':')[0]}${placeOf.failureNote?.(row) ?? ''}`
        : r.path === row.symbol.path && r.line === row.symbol.line && r.column === row.symbol.column
          ? 'the definition itself'
          : placeOf(row, r, side);
      const c = cats.get(cat) ?? { category: cat, count: 0, symbols: new Set(), examples: [] };
      c.count++;
      c.symbols.add(row.symbol.name + '@' + row.symbol.path);
      if (c.examples.length < examples && !c.examples.some((e) => e.symbol === row.symbol.name))
        c.examples.push({ symbol: row.symbol.name, defined: `${row.symbol.path}:${row.symbol.line}`, ...r });
      cats.set(cat, c);
    }
  return [...cats.values()]
    .map((c) => ({ ...c, symbols: c.symbols.size }))
    .sort((a, b) => b.count - a.count || (a.category < b.category ? -1 : 1));
}

/** A line of a file, trimmed to 140 characters; or with `before` its text before that column (UTF-16, 1-based). */
function lineOf(root, path, line, before) {
  try {
    const text = readFileSync(`${root}/${path}`, 'utf8').split('\n')[line - 1] ?? '';
    return before === undefined ? text.trim().slice(0, 140) : text.slice(0, before - 1);
  } catch {
    return '';
  }
}

/**
 * Our side for a sample: one server, find_references per symbol, all pages: { path, symbol },
 * or with --methods by position, { path, line, column } of the name.
 */
async function ours(root, opts, symbols, log) {
  const server = await startNavServer(root, opts.engine, opts.cli);
  const out = [];
  try {
    for (const [i, s] of symbols.entries()) {
      let r;
      try {
        const at = opts.methods ? { line: s.line, column: s.column } : { symbol: s.name };
        r = await allReferences(server, { path: s.path, ...at, limit: 1000, maxTokens: 24000 });
      } catch (e) {
        r = { error: `THROWN: ${e.message}`.slice(0, 300), ms: 0 };
      }
      out.push(r);
      log(
        `  ours ${i + 1}/${symbols.length} ${s.container ? `${s.container}.` : ''}${s.name} (${s.path}): ${r.error ?? `${r.references.length} refs`} ${r.ms.toFixed(0)} ms`,
      );
    }
  } finally {
    if (out.some((r) => r.error?.startsWith('THROWN'))) log(`server stderr tail:\n${server.stderr().slice(-2000)}`);
    await server.close();
  }
  return out;
}

function timing(results) {
  const ok = results.filter((r) => !r.error);
  const later = ok.slice(1).map((r) => r.firstPageMs);
  return {
    firstCallMs: ok[0]?.firstPageMs ?? NaN,
    laterP50Ms: quantile(later, 0.5),
    laterP90Ms: quantile(later, 0.9),
    laterMaxMs: later.length ? Math.max(...later) : NaN,
    laterCalls: later.length,
    multiPage: ok.filter((r) => r.pages > 1).length,
  };
}

function summarise(lang, rows, truthSkips, ourErrors, time, placeOf, examples) {
  const compared = rows.filter((r) => r.all);
  const confident = rows.filter((r) => r.confident);
  return {
    language: lang,
    sampled: rows.length + truthSkips.length,
    truthSkipped: truthSkips,
    ourErrors,
    timing: time,
    all: metrics(compared.map((r) => r.all)),
    confident: metrics(confident.map((r) => r.confident)),
    allCodeTruth: metrics(compared.map((r) => r.allCode)),
    confidentCodeTruth: metrics(confident.map((r) => r.confidentCode)),
    misses: categorise(compared, (row) => row.all.misses, placeOf, examples, 'miss'),
    falsePositives: categorise(compared, (row) => row.all.falsePositives, placeOf, examples, 'fp'),
    falsePositivesConfident: categorise(compared, (row) => row.confident.falsePositives, placeOf, examples, 'fp'),
    // Truth references we give below confidence 1 only (or not at all): what recall at confidence 1 lacks.
    missesConfident: categorise(
      confident,
      (row) => row.confident.misses,
      (row, r, side) => {
        const found = !row.all.misses.some((m) => keyOf(m) === keyOf(r));
        return `${found ? 'candidate only' : 'not found'}: ${placeOf(row, r, side)}`;
      },
      examples,
      'miss',
    ),
    perSymbol: compared.map((r) => ({
      name: r.symbol.name,
      kind: r.symbol.kind,
      ...(r.symbol.container ? { container: r.symbol.container } : {}),
      ...(r.resolvedElsewhere !== undefined ? { resolvedElsewhere: r.resolvedElsewhere } : {}),
      path: r.symbol.path,
      line: r.symbol.line,
      truth: r.all.truth,
      ours: r.all.ours,
      hits: r.all.hits,
      oursConfident: r.confident.ours,
      hitsConfident: r.confident.hits,
      resolvedTo: r.resolvedTo,
    })),
  };
}

/** Rows of a language: the truth and our answer per symbol, compared (ours: all, and confidence 1). */
function rowsOf(symbols, truths, oursResults, isCode = () => true) {
  const rows = [];
  const ourErrors = [];
  symbols.forEach((symbol, i) => {
    const o = oursResults[i];
    if (o.error) {
      ourErrors.push({ name: symbol.name, path: symbol.path, error: o.error });
      // Nothing answered: every truth reference is a miss, precision has nothing to count.
      const code = truths[i].filter((r) => isCode(r));
      rows.push({
        symbol,
        error: o.error,
        all: compare(truths[i], []),
        confident: compare(truths[i], []),
        allCode: compare(code, []),
        confidentCode: compare(code, []),
      });
      return;
    }
    const refs = o.references.map((r) => ({
      path: r.path,
      line: r.line,
      column: r.column,
      kind: r.kind,
      confidence: r.confidence,
    }));
    rows.push({
      symbol,
      // By position (--methods: the symbols have a container), the symbol find_references took
      // the position for: elsewhere is a bug of ours.
      resolvedElsewhere:
        symbol.container === undefined
          ? undefined
          : !o.symbol ||
            o.symbol.name !== symbol.name ||
            o.symbol.path !== symbol.path ||
            o.symbol.column !== symbol.column ||
            o.symbol.startLine > symbol.line,
      resolvedTo: o.symbol
        ? `${o.symbol.kind} ${o.symbol.name} ${o.symbol.path}:${o.symbol.startLine}:${o.symbol.column}`
        : undefined,
      all: compare(truths[i], refs),
      confident: compare(
        truths[i],
        refs.filter((r) => r.confidence >= 1),
      ),
      allCode: compare(
        truths[i].filter((r) => isCode(r)),
        refs,
      ),
      confidentCode: compare(
        truths[i].filter((r) => isCode(r)),
        refs.filter((r) => r.confidence >= 1),
      ),
    });
  });
  return { rows, ourErrors };
}

// ---------------------------------------------------------------- TypeScript

async function typescript(opts, log) {
  const root = CORPORA.effect;
  if (!existsSync(root)) {
    log('effect corpus missing: node bench/ts-corpus.mjs');
    spawnSync(process.execPath, [fileURLToPath(new URL('./ts-corpus.mjs', import.meta.url))], { stdio: 'inherit' });
  }
  const files = tsFiles(root);
  const decls = opts.methods ? classMethods(root, files) : exportedDeclarations(root, files);
  const symbols = sample(decls, opts.limit, opts.seed);
  log(
    `TypeScript: ${files.length} files, ${decls.length} ${opts.methods ? 'class methods' : 'exported top-level declarations'}, ${symbols.length} sampled`,
  );

  const t0 = performance.now();
  const ls = languageService(root, files, 'effect');
  // With --methods, columns in code points like ours (the default mode keeps tsc's UTF-16 ones).
  const truths = await cachedTruth(
    opts,
    'ts',
    { methods: opts.methods, seed: opts.seed, limit: opts.limit, candidates: decls.length, files: files.length },
    () =>
      symbols.map((s, i) => {
        const refs = ls.references(s.path, s.pos, { codePoints: opts.methods });
        log(`  truth ${i + 1}/${symbols.length} ${s.name}: ${refs.length} refs`);
        return refs;
      }),
    log,
  );
  const truthMs = performance.now() - t0;
  const unresolved = ls.unresolvedImports();
  const tsErrors = await treeSitterErrorRegions(root, files);
  // tsc's column of a place: the same in the default mode, from code points with --methods.
  const col = (path, line, column) =>
    opts.methods ? (utf16Column(ls.program(), root, path, line, column) ?? column) : column;
  const inError = (path, line, column) => {
    const off = offsetOf(ls.program(), root, path, line, col(path, line, column));
    return off !== undefined && tsErrors.inError(path, off);
  };
  const TYPE_KINDS = new Set(['interface', 'type']);
  const VALUE_PLACES = new Set([
    'value reference',
    'call',
    'member access obj.name',
    'namespace member X.name (import * as X)',
  ]);
  const placeOf = (row, r, side) => {
    const column = col(r.path, r.line, r.column);
    let place = tsPlace(ls.program(), root, r.path, r.line, column);
    if (
      opts.methods &&
      place === 'member access obj.name' &&
      /\bthis\s*\.\s*$/.test(lineOf(root, r.path, r.line, column))
    )
      place = 'member access this.name';
    // A method's other declarations the LS links to it: an interface's signature it implements,
    // a base class's method it overrides, an object literal's member typed by the interface.
    if (opts.methods && ['method name', 'property name'].includes(place)) {
      const owner = memberOwner(ls.program(), root, r.path, r.line, column);
      if (owner) place = `${place} in ${owner === 'interface' ? 'an' : 'a'} ${owner}`;
    }
    if (side === 'fp') {
      // What the checker binds the name to instead (a local, a type parameter, a namespace import…).
      const off = offsetOf(ls.program(), root, r.path, r.line, column);
      const def = off === undefined ? undefined : ls.service.getDefinitionAtPosition(`${root}/${r.path}`, off)?.[0];
      if (TYPE_KINDS.has(row.symbol.kind) && VALUE_PLACES.has(place))
        place = `${place} of a same-named value (type and value merged; the LS keeps meanings apart)`;
      else if (def && opts.methods)
        // A method's false positive: a same-named member the checker binds to another type.
        place = `${place} -> binds to ${def.kind || 'unknown'} of ${def.fileName.endsWith('.d.ts') ? 'a lib .d.ts type' : def.containerName === row.symbol.container ? 'a same-named type' : 'another type'}`;
      else if (def)
        place = `${place} -> binds to ${def.kind || 'unknown'}${def.fileName.endsWith('.d.ts') ? ' (lib .d.ts)' : ''}`;
      else place = `${place} -> binds to nothing the checker knows`;
    }
    return inError(r.path, r.line, r.column) ? `${place}, inside a tree-sitter ERROR node` : place;
  };
  placeOf.failureNote = (row) =>
    inError(row.symbol.path, row.symbol.line, row.symbol.column) ? ' (definition inside a tree-sitter ERROR node)' : '';
  if (unresolved.length)
    log(`  language service: ${unresolved.length} unresolved imports, e.g. ${unresolved.slice(0, 3).join('; ')}`);

  return {
    root,
    candidates: decls.length,
    symbols,
    truths,
    truthMs,
    unresolvedImports: unresolved.length,
    placeOf,
    isCode: (r) => tsPlace(ls.program(), root, r.path, r.line, col(r.path, r.line, r.column)) !== 'comment / JSDoc',
    treeSitter: {
      filesWithErrors: tsErrors.filesWithErrors,
      rootErrors: tsErrors.rootErrors,
      sampledDefinitionsInError: symbols.filter((s) => inError(s.path, s.line, s.column)).length,
      truthRefsInError: truths.flat().filter((r) => inError(r.path, r.line, r.column)).length,
    },
    truthSkips: [],
  };
}

// ---------------------------------------------------------------- Python

const JEDI = fileURLToPath(new URL('./nav-accuracy-jedi.py', import.meta.url));

function pythonSymbols(opts) {
  const root = CORPORA.django;
  const listed = spawnSync('python3', [JEDI, 'list', root, ...(opts.methods ? ['--methods'] : [])], {
    encoding: 'utf8',
    maxBuffer: 64 << 20,
  });
  if (listed.status !== 0) throw new Error(`nav-accuracy-jedi.py list: ${listed.stderr}`);
  const all = JSON.parse(listed.stdout);
  return { root, all, symbols: sample(all, opts.limit, opts.seed) };
}

/** jedi over the symbols in a child process; resolves to one result per symbol ({ refs } or { error }). */
function jediReferences(root, symbols, timeoutS, log) {
  const child = spawn('python3', [JEDI, 'refs', root, String(timeoutS)], { stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d) => (stderr = (stderr + d).slice(-4000)));
  const results = new Array(symbols.length);
  let done = 0;
  createInterface({ input: child.stdout }).on('line', (line) => {
    const r = JSON.parse(line);
    results[r.id] = r;
    done++;
    const s = symbols[r.id];
    log(`  jedi ${done}/${symbols.length} ${s.name}: ${r.error ?? `${r.refs.length} refs`} ${r.ms} ms`);
  });
  for (const [id, s] of symbols.entries())
    child.stdin.write(JSON.stringify({ id, path: s.path, line: s.line, column: s.column }) + '\n');
  child.stdin.end();
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0 && done < symbols.length) reject(new Error(`jedi helper exited ${code}: ${stderr}`));
      else resolve(results.map((r) => r ?? { error: 'no answer' }));
    });
  });
}

function pyPlace(root, methods) {
  const cache = new Map();
  const linesOf = (path) => {
    if (!cache.has(path)) {
      try {
        cache.set(path, readFileSync(`${root}/${path}`, 'utf8').split('\n'));
      } catch {
        cache.set(path, []);
      }
    }
    return cache.get(path);
  };
  return (row, r) => {
    const lines = linesOf(r.path);
    const text = lines[r.line - 1] ?? '';
    const before = text.slice(0, r.column - 1);
    const name = row.symbol.name;
    if (text.slice(r.column - 1, r.column - 1 + name.length) !== name) return 'not at the name (position mismatch)';
    if (/^\s*#/.test(text) || before.includes('#')) return 'comment';
    if (/^\s*(def|class|async\s+def)\s+$/.test(before))
      return r.path === row.symbol.path && r.line === row.symbol.line ? 'the definition' : 'a same-named definition';
    let inImport = /^\s*(from\s+\S+\s+)?import\b/.test(text);
    for (let i = r.line - 2; !inImport && i >= 0 && i > r.line - 40; i--) {
      if (/\)/.test(lines[i])) break;
      if (/^\s*from\s+\S+\s+import\s*\(/.test(lines[i])) inImport = true;
    }
    if (inImport) return /^\s*(from|import)\s+[\w.]*$/.test(before) ? 'import (module path)' : 'import';
    if (methods && /\b(self|cls)\s*\.\s*$/.test(before))
      return `attribute access ${/cls\s*\.\s*$/.test(before) ? 'cls' : 'self'}.name`;
    if (methods && /\bsuper\(\)\s*\.\s*$/.test(before)) return 'attribute access super().name';
    if (/\.\s*$/.test(before)) return 'attribute access x.name';
    if (/["']/.test(before) && /["']/.test(text.slice(r.column - 1 + name.length))) return 'string / docstring';
    if (/^\s*(@)/.test(before)) return 'decorator';
    return 'name use';
  };
}

// ---------------------------------------------------------------- report

function report(result, opts) {
  const out = [];
  const w = (s = '') => out.push(s);
  w(
    `find_references accuracy${opts.methods ? ' on class methods, by position' : ''} (engine ${result.engine}, seed ${opts.seed}, ${new Date(result.at).toISOString()})`,
  );
  if (opts.methods && opts.cli !== CLI) w(`server under test: ${opts.cli}`);
  for (const lang of result.languages) {
    w();
    w(
      `== ${lang.language === 'ts' ? 'TypeScript: effect vs the TypeScript language service' : 'Python: Django vs jedi'}`,
    );
    w(
      `corpus ${lang.root}; ${lang.candidates} candidate ${opts.methods ? 'methods' : 'symbols'}, ${lang.sampled} sampled`,
    );
    if (opts.methods) {
      const elsewhere = lang.perSymbol.filter((s) => s.resolvedElsewhere);
      w(
        `positions resolved to another symbol than the method: ${elsewhere.length}${elsewhere.length ? ` (${elsewhere.map((s) => `${s.container}.${s.name} ${s.path}:${s.line} -> ${s.resolvedTo ?? 'nothing'}`).join('; ')})` : ''}`,
      );
    }
    if (lang.unresolvedImports)
      w(`truth setup: ${lang.unresolvedImports} imports the language service did not resolve`);
    if (lang.treeSitter)
      w(
        `tree-sitter-typescript: ${lang.treeSitter.filesWithErrors} files with ERROR nodes, ${lang.treeSitter.rootErrors.length} whose root is ERROR (${lang.treeSitter.rootErrors.join(', ')}); ${lang.treeSitter.sampledDefinitionsInError} sampled definitions and ${lang.treeSitter.truthRefsInError} truth references inside ERROR nodes`,
      );
    if (lang.truthSkipped.length)
      w(
        `truth skipped: ${lang.truthSkipped.length} (${lang.truthSkipped.map((s) => `${s.name} ${s.path}: ${s.error}`).join('; ')})`,
      );
    if (lang.ourErrors.length) {
      w(`our errors: ${lang.ourErrors.length} (counted as answering nothing)`);
      for (const e of lang.ourErrors.slice(0, 10)) w(`  ${e.name} ${e.path}: ${e.error}`);
    }
    w(`truth took ${(lang.truthMs / 1000).toFixed(1)} s`);
    w(
      `our timing: first call (index build) ${lang.timing.firstCallMs.toFixed(0)} ms; later calls p50 ${lang.timing.laterP50Ms.toFixed(1)} ms, p90 ${lang.timing.laterP90Ms.toFixed(1)} ms, max ${lang.timing.laterMaxMs.toFixed(0)} ms (${lang.timing.laterCalls} calls, first page each)`,
    );
    w();
    w(
      '                      symbols  truth refs  our refs   hits  recall  precision  mean recall  mean precision  exact',
    );
    for (const [label, m] of [
      ['all (with candidates)', lang.all],
      ['confidence = 1', lang.confident],
      ...(lang.language === 'ts'
        ? [
            ['all, truth w/o JSDoc', lang.allCodeTruth],
            ['conf 1, truth w/o JSDoc', lang.confidentCodeTruth],
          ]
        : []),
    ])
      w(
        `${label.padEnd(22)}${String(m.symbols).padStart(7)}${String(m.truthRefs).padStart(12)}${String(m.ourRefs).padStart(10)}${String(m.hits).padStart(7)}  ${pct(m.recall)}     ${pct(m.precision)}       ${pct(m.meanRecall)}          ${pct(m.meanPrecision)}  ${String(m.perfect).padStart(5)}`,
      );
    const target = lang.language === 'ts' ? [0.95, 0.9] : [0.9, 0.85];
    const verdict = (m) =>
      `recall ${m.recall >= target[0] ? 'met' : 'MISSED'}, precision ${m.precision >= target[1] ? 'met' : 'MISSED'}`;
    w(
      `targets: recall >= ${target[0] * 100}%, precision >= ${target[1] * 100}% -> all: ${verdict(lang.all)}; confidence 1: ${verdict(lang.confident)}${lang.language === 'ts' ? `; all w/o JSDoc: ${verdict(lang.allCodeTruth)}; conf 1 w/o JSDoc: ${verdict(lang.confidentCodeTruth)}` : ''}`,
    );
    for (const [title, cats] of [
      ['misses (in truth, not ours)', lang.misses],
      ['false positives (ours, not in truth; all confidences)', lang.falsePositives],
      ['false positives at confidence 1', lang.falsePositivesConfident],
      ['misses at confidence 1 (candidate only, or not found)', lang.missesConfident],
    ]) {
      w();
      w(`${title}: ${cats.reduce((s, c) => s + c.count, 0)}`);
      for (const c of cats) {
        w(`  ${String(c.count).padStart(6)}  ${c.category}  (${c.symbols} symbols)`);
        for (const e of c.examples)
          w(
            `            ${e.symbol} [${e.defined}] -> ${e.path}:${e.line}:${e.column}${e.kind ? ` ${e.kind} conf ${+e.confidence.toFixed(2)}` : ''}  | ${lineOf(lang.root, e.path, e.line)}`,
          );
      }
    }
    const worst = lang.perSymbol
      .filter((s) => s.hits < s.truth || s.hits < s.ours)
      .sort((a, b) => b.truth - b.hits + (b.ours - b.hits) - (a.truth - a.hits + (a.ours - a.hits)))
      .slice(0, 12);
    w();
    w('worst symbols (truth / ours / hits; ours resolved to):');
    for (const s of worst)
      w(
        `  ${s.container ? `${s.container}.` : ''}${s.name} (${s.kind}, ${s.path}:${s.line}): ${s.truth} / ${s.ours} / ${s.hits}; conf 1: ${s.oursConfident} / ${s.hitsConfident}; -> ${s.resolvedTo ?? '-'}`,
      );
  }
  return out.join('\n');
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  if (opts.help) {
    process.stdout.write(HELP);
    return;
  }
  if (!existsSync(opts.cli)) throw new Error(`${opts.cli} missing: npm run build`);
  const log = (s) => process.stderr.write(s + '\n');
  const result = {
    engine: opts.engine,
    seed: opts.seed,
    limit: opts.limit,
    ...(opts.methods ? { methods: true, cli: opts.cli } : {}),
    at: Date.now(),
    languages: [],
  };

  // jedi is slow: it runs in its own process while the TypeScript truth is computed, and is
  // awaited before our server is timed (two cores: concurrent work would inflate our latencies).
  let py;
  let jediPromise;
  if (opts.only !== 'ts') {
    py = pythonSymbols(opts);
    log(
      `Python: ${py.all.length} ${opts.methods ? 'methods' : 'top-level functions/classes'}, ${py.symbols.length} sampled`,
    );
    py.t0 = performance.now();
    jediPromise = cachedTruth(
      opts,
      'py',
      { methods: opts.methods, seed: opts.seed, limit: opts.limit, candidates: py.all.length },
      () => jediReferences(py.root, py.symbols, opts.jediTimeout, log),
      log,
    );
  }
  let ts;
  if (opts.only !== 'py') ts = await typescript(opts, log);
  let jedi;
  if (py) {
    jedi = await jediPromise;
    py.truthMs = performance.now() - py.t0;
  }

  if (ts) {
    const oursResults = await ours(ts.root, opts, ts.symbols, log);
    const { rows, ourErrors } = rowsOf(ts.symbols, ts.truths, oursResults, ts.isCode);
    result.languages.push({
      ...summarise('ts', rows, [], ourErrors, timing(oursResults), ts.placeOf, opts.examples),
      root: ts.root,
      candidates: ts.candidates,
      truthMs: ts.truthMs,
      unresolvedImports: ts.unresolvedImports,
      treeSitter: ts.treeSitter,
    });
  }
  if (py) {
    const kept = py.symbols.map((s, i) => ({ s, j: jedi[i] })).filter(({ j }) => !j.error);
    const truthSkips = py.symbols.flatMap((s, i) =>
      jedi[i].error ? [{ name: s.name, path: s.path, error: jedi[i].error }] : [],
    );
    const symbols = kept.map(({ s }) => s);
    const truths = kept.map(({ j }) => j.refs.map(([path, line, column]) => ({ path, line, column })));
    const oursResults = await ours(py.root, opts, symbols, log);
    const { rows, ourErrors } = rowsOf(symbols, truths, oursResults);
    result.languages.push({
      ...summarise(
        'py',
        rows,
        truthSkips,
        ourErrors,
        timing(oursResults),
        pyPlace(py.root, opts.methods),
        opts.examples,
      ),
      root: py.root,
      candidates: py.all.length,
      truthMs: py.truthMs,
    });
  }
  if (opts.save) writeFileSync(opts.save, JSON.stringify(result, null, 2) + '\n');
  if (opts.json) process.stdout.write(JSON.stringify(result, null, 2) + '\n');
  else process.stdout.write(report(result, opts) + '\n');
}

main().catch((e) => {
  process.stderr.write(`${e.stack ?? e}\n`);
  process.exit(1);
});
