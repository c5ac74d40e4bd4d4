// Compares our cyclomatic complexity with lizard's (https://github.com/terryyin/lizard) on a
// real corpus, matching functions by file + start line, and explains every difference by the
// METRICS.md rules on which the two tools differ.
//   pip install lizard; apt-get install python3-django golang-1.19-src
//   npx tsx bench/lizard-compare.ts python /usr/lib/python3/dist-packages/django
//   npx tsx bench/lizard-compare.ts go /usr/share/go-1.19/src --max-files 1500
// Results (lizard 1.24.3): Django 8,267 functions, 99.2% equal, every difference explained
// (`finally` 57 functions; lambdas folded into their def 8). Go stdlib (1,500 files) 22,840
// functions, 22,838 equal; the other 2 are lizard mis-parsing a `chan struct{}` result type.
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Node } from 'web-tree-sitter';
import { EXTENSIONS } from '../src/engine/languages.js';
import type { Language } from '../src/engine/types.js';
import { computeMetrics, rulesFor } from '../src/engine/wasm/metrics/index.js';
import { parserFor } from '../src/engine/wasm/parsers.js';

/** A category counts, in a function's span, the decision points one tool counts and the other does not. */
interface Category {
  name: string;
  /** +1: lizard counts it, we do not; -1: we count it, lizard does not. */
  sign: 1 | -1;
  count(node: Node): number;
}
const anon = (type: string, parent?: (p: Node) => boolean) => (n: Node) =>
  !n.isNamed && n.type === type && (!parent || (n.parent !== null && parent(n.parent))) ? 1 : 0;

interface Config {
  lizardLang: string;
  /** Node types lizard reports as functions of their own (the rest of ours are inlined by lizard). */
  lizardFunctions: string[];
  categories: Category[];
}

const CONFIGS: Partial<Record<Language, Config>> = {
  python: {
    lizardLang: 'python',
    lizardFunctions: ['function_definition'],
    categories: [
      { name: '`finally` (lizard counts it; METRICS.md: finally not counted)', sign: 1, count: anon('finally') },
      {
        name: 'match `case` (METRICS.md counts each case but `case _`; lizard has no case for Python)',
        sign: -1,
        count: (n) => (n.type === 'case_clause' && rulesFor('python').guardedDecisions.case_clause!(n) ? 1 : 0),
      },
      {
        name: 'case guard `if` (lizard counts the if token; ours: part of its case)',
        sign: 1,
        count: anon('if', (p) => p.type === 'if_clause' && p.parent?.type === 'case_clause'),
      },
    ],
  },
  go: {
    lizardLang: 'go',
    lizardFunctions: ['function_declaration', 'method_declaration'],
    categories: [],
  },
};

function files(dir: string, exts: readonly string[], max: number): string[] {
  const out: string[] = [];
  const stack = [dir];
  while (stack.length > 0 && out.length < max) {
    const d = stack.pop()!;
    for (const e of readdirSync(d, { withFileTypes: true }).sort((a, b) => b.name.localeCompare(a.name))) {
      const p = join(d, e.name);
      if (e.isDirectory() && e.name !== 'testdata') stack.push(p);
      else if (e.isFile() && exts.some((x) => e.name.endsWith(x))) out.push(p);
    }
  }
  return out.slice(0, max).sort();
}

/** lizard --csv: nloc,ccn,tokens,params,length,"location","file","name","long_name",start,end */
function lizard(lang: string, paths: string[]): Map<string, { ccn: number; name: string }> {
  const out = new Map<string, { ccn: number; name: string }>();
  for (let i = 0; i < paths.length; i += 200) {
    const csv = execFileSync('lizard', ['--csv', '-l', lang, ...paths.slice(i, i + 200)], {
      maxBuffer: 1 << 28,
      encoding: 'utf8',
    });
    for (const line of csv.split('\n')) {
      const cells = [...line.matchAll(/"((?:[^"]|"")*)"|([^,]+)/g)].map((m) => m[1] ?? m[2] ?? '');
      if (cells.length < 11) continue;
      out.set(`${cells[6]}:${cells[9]}`, { ccn: Number(cells[1]), name: cells[7]! });
    }
  }
  return out;
}

/** Decision points inside nested functions that lizard does not report apart (it folds them in). */
function inlinedByLizard(fn: Node, language: Language, cfg: Config): number {
  let n = 0;
  const stack = [...fn.children];
  while (stack.length > 0) {
    const c = stack.pop();
    if (!c || cfg.lizardFunctions.includes(c.type)) continue;
    if (rulesFor(language).functionTypes.has(c.type)) {
      // Only cyclomatic is read, which does not depend on the source text (lines would).
      n += computeMetrics(c, language, c.text).functions[0]!.cyclomatic - 1;
      continue; // deeper nested ones are inside that count already
    }
    stack.push(...c.children);
  }
  return n;
}

function categoryCounts(fn: Node, cfg: Config): number[] {
  const counts = cfg.categories.map(() => 0);
  const stack = [...fn.children];
  while (stack.length > 0) {
    const c = stack.pop();
    if (!c || cfg.lizardFunctions.includes(c.type)) continue;
    cfg.categories.forEach((cat, i) => (counts[i]! += cat.count(c)));
    stack.push(...c.children);
  }
  return counts;
}

async function main(): Promise<void> {
  const [language, dir, ...rest] = process.argv.slice(2) as [Language, string, ...string[]];
  const cfg = CONFIGS[language];
  if (!cfg || !dir)
    throw new Error(`usage: lizard-compare.ts <${Object.keys(CONFIGS).join('|')}> <dir> [--max-files N]`);
  const max = rest[0] === '--max-files' ? Number(rest[1]) : Infinity;
  const paths = files(dir, EXTENSIONS[language], max);
  const theirs = lizard(cfg.lizardLang, paths);
  const parser = await parserFor(language);
  let matched = 0,
    agree = 0,
    explained = 0;
  const catTotals = cfg.categories.map(() => ({ functions: 0, delta: 0, example: '' }));
  const inlined = { functions: 0, delta: 0, example: '' };
  const unexplained: string[] = [];
  for (const path of paths) {
    const source = readFileSync(path, 'utf8');
    const tree = parser.parse(source)!;
    const { functions } = computeMetrics(tree.rootNode, language, source);
    const nodes = new Map<number, Node>();
    for (const n of tree.rootNode.descendantsOfType(cfg.lizardFunctions)) if (n) nodes.set(n.startPosition.row + 1, n);
    const seen = new Set<number>();
    for (const f of functions) {
      // The first function on a line is the declaration; a lambda in its defaults starts on the same line.
      if (seen.has(f.startLine)) continue;
      seen.add(f.startLine);
      const l = theirs.get(`${path}:${f.startLine}`);
      const node = nodes.get(f.startLine);
      if (!l || !node || !cfg.lizardFunctions.includes(node.type)) continue;
      matched++;
      if (l.ccn === f.cyclomatic) {
        agree++;
        continue;
      }
      const counts = categoryCounts(node, cfg);
      const fold = inlinedByLizard(node, language, cfg);
      let predicted = f.cyclomatic + fold;
      counts.forEach((c, i) => (predicted += cfg.categories[i]!.sign * c));
      const where = `${path}:${f.startLine} ${f.name} ours=${f.cyclomatic} lizard=${l.ccn}`;
      if (predicted !== l.ccn) {
        unexplained.push(`${where} predicted=${predicted}`);
        continue;
      }
      explained++;
      counts.forEach((c, i) => {
        if (c === 0) return;
        const t = catTotals[i]!;
        t.functions++;
        t.delta += cfg.categories[i]!.sign * c;
        t.example ||= where;
      });
      if (fold) {
        inlined.functions++;
        inlined.delta += fold;
        inlined.example ||= where;
      }
    }
    tree.delete();
  }
  const pct = (a: number, b: number) => `${((100 * a) / Math.max(1, b)).toFixed(1)}%`;
  console.log(`${language}: ${paths.length} files, ${matched} functions matched by file+line`);
  console.log(
    `  cyclomatic equal: ${agree} (${pct(agree, matched)}); different: ${matched - agree}, of which explained by the rules below: ${explained}`,
  );
  cfg.categories.forEach((c, i) => {
    const t = catTotals[i]!;
    if (t.functions)
      console.log(`  - ${c.name}: ${t.functions} functions, lizard−ours ${t.delta}\n      e.g. ${t.example}`);
  });
  if (inlined.functions)
    console.log(
      `  - decisions of nested closures/lambdas (lizard folds them into the enclosing function; METRICS.md: they belong to the nested one only): ${inlined.functions} functions, lizard−ours ${inlined.delta}\n      e.g. ${inlined.example}`,
    );
  console.log(`  unexplained: ${unexplained.length}`);
  for (const u of unexplained.slice(0, 15)) console.log(`    ${u}`);
}

await main();
