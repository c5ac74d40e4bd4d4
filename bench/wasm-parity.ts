// Parity check for the WASM engine's per-file analysis: dumps the full FileAnalysis
// (metrics, symbols, imports, parse errors) of every file of a fixed corpus as NDJSON, and
// compares two dumps. Used to prove that a performance change alters no result: dump with
// the original sources (a copy of src/, e.g. scratch/orig-src), dump with the new ones,
// compare — every line must be identical.
//
// npx tsx bench/wasm-parity.ts dump --src scratch/orig-src --corpus-src scratch/orig-src --out
// /tmp/parity/before.ndjson
//   npx tsx bench/wasm-parity.ts dump --corpus-src scratch/orig-src --out /tmp/parity/after.ndjson
//   npx tsx bench/wasm-parity.ts compare /tmp/parity/before.ndjson /tmp/parity/after.ndjson
//
// Corpora (missing ones are skipped): Django (apt python3-django), a deterministic sample
// of the Go standard library (apt golang-1.19-src), Rust crates of the cargo registry,
// this repository's src/, TypeScript/JavaScript packages of node_modules, the golden
// inputs (every language), and synthetic non-ASCII files (UTF-16 index handling).
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';

type Lang = 'typescript' | 'tsx' | 'javascript' | 'python' | 'go' | 'rust' | 'java';
interface Item {
  id: string;
  language: Lang;
  source: string;
}

const REPO = resolve(dirname(new URL(import.meta.url).pathname), '..');

function walkFiles(dir: string, out: string[] = []): string[] {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return out;
  }
  for (const e of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    const p = join(dir, e.name);
    if (e.isDirectory()) walkFiles(p, out);
    else if (e.isFile()) out.push(p);
  }
  return out;
}

function decode(path: string): string | null {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(readFileSync(path));
  } catch {
    return null;
  }
}

/** Every `step`-th file of a sorted list whose name matches, up to `maxBytes` in total. */
function sample(files: string[], re: RegExp, step: number, maxBytes: number, maxFile = 400_000): string[] {
  const picked: string[] = [];
  let bytes = 0;
  files
    .filter((f) => re.test(f))
    .forEach((f, i) => {
      if (i % step !== 0 || bytes >= maxBytes) return;
      const size = statSync(f).size;
      if (size > maxFile) return;
      picked.push(f);
      bytes += size;
    });
  return picked;
}

export function languageOfPath(p: string): Lang | null {
  if (p.endsWith('.tsx')) return 'tsx';
  if (/\.(ts|mts|cts)$/.test(p)) return 'typescript';
  if (/\.(js|mjs|cjs|jsx)$/.test(p)) return 'javascript';
  if (p.endsWith('.py')) return 'python';
  if (p.endsWith('.go')) return 'go';
  if (p.endsWith('.rs')) return 'rust';
  if (p.endsWith('.java')) return 'java';
  return null;
}

const NON_ASCII: Item[] = [
  {
    id: 'synthetic/unicode.py',
    language: 'python',
    source:
      "# héllo wörld ✓ 😀\ndef f(ä, b):\n    s = 'ünïcode 😀' + \"x\"\n    if ä and b or ä:\n        return f(ä, b)  # 漢字\n    return ä\n\nclass Ç:\n    def m(self, 𝑥):\n        return 𝑥 if 𝑥 else lambda: '日本'\n",
  },
  {
    id: 'synthetic/unicode.go',
    language: 'go',
    source:
      'package p\n\n// Ünïcode 😀\nfunc Ä(x int) string {\n\ts := "日本語😀"\n\tif x > 0 && x < 2 || x == 5 {\n\t\treturn s + `raw ✓\nline`\n\t}\n\tfor _, r := range s { _ = r }\n\treturn \'é\' + s\n}\n',
  },
  {
    id: 'synthetic/unicode.ts',
    language: 'typescript',
    source:
      "// ✓ 😀\nexport function größe(ä: string, 𝑦 = '😀'): number {\n  const re = /é+/u;\n  if (ä && 𝑦 || re.test(`${ä} 日本 ${𝑦}`)) return größe(ä);\n  return ä.length ?? 0;\n}\nclass Ω { ωmethod() { return this.ωmethod(); } }\n",
  },
  {
    id: 'synthetic/unicode.rs',
    language: 'rust',
    source:
      "// 😀 ✓\nfn größe(ä: &str) -> usize {\n    let s = \"日本😀\";\n    if ä.len() > 0 && s.len() > 1 { return größe(ä); }\n    match 'é' { 'é' => 1, _ => 0 }\n}\n",
  },
  {
    id: 'synthetic/unicode.java',
    language: 'java',
    source:
      '// 😀\nclass Ä {\n  int größe(String ä) {\n    String s = "日本😀";\n    if (ä != null && s.length() > 1) return größe(ä);\n    return 0;\n  }\n}\n',
  },
  { id: 'synthetic/errors.py', language: 'python', source: 'def f(:\n  é = (😀\n  return ]\n' },
  { id: 'synthetic/errors.ts', language: 'typescript', source: 'function (é { let x = "😀; if ( {\n' },
];

function corpus(corpusSrc: string): Item[] {
  const items: Item[] = [...NON_ASCII];
  const add = (paths: string[], prefix: string, root: string): void => {
    for (const p of paths) {
      const language = languageOfPath(p);
      const source = language ? decode(p) : null;
      if (language && source !== null) items.push({ id: `${prefix}/${p.slice(root.length + 1)}`, language, source });
    }
  };
  const django = '/usr/lib/python3/dist-packages/django';
  add(
    walkFiles(django).filter((f) => f.endsWith('.py')),
    'django',
    django,
  );
  const go = '/usr/share/go-1.19/src';
  add(sample(walkFiles(go), /\.go$/, 7, 9_000_000), 'go', go);
  const cargo = join(homedir(), '.cargo/registry/src');
  add(sample(walkFiles(cargo), /\.rs$/, 3, 3_000_000), 'cargo', cargo);
  // A frozen copy of src/ (--corpus-src) keeps the repository corpus the same across dumps.
  const repoSrc = resolve(REPO, corpusSrc);
  add(
    walkFiles(repoSrc).filter((f) => languageOfPath(f)),
    'repo',
    repoSrc,
  );
  const nm = join(REPO, 'node_modules');
  add(sample(walkFiles(nm), /\.(m?js|cjs|d\.ts|tsx|jsx)$/, 40, 3_000_000, 200_000), 'node_modules', nm);
  // Golden inputs: every language, including the edge cases (deep nesting, bad input).
  const golden = join(REPO, 'test/golden');
  for (const f of walkFiles(golden).filter((p) => p.endsWith('.txtar'))) {
    const text = readFileSync(f, 'utf8');
    let current: string | undefined;
    const files = new Map<string, string>();
    const lines = text.endsWith('\n') ? text.slice(0, -1).split('\n') : text.split('\n');
    for (const line of lines) {
      const m = /^-- (.+) --$/.exec(line);
      if (m) files.set((current = m[1]!.trim()), '');
      else if (current !== undefined) files.set(current, `${files.get(current)}${line}\n`);
    }
    for (const [p, source] of files) {
      const language = languageOfPath(p);
      if (language) items.push({ id: `golden/${f.slice(golden.length + 1)}/${p}`, language, source });
    }
  }
  return items;
}

async function dump(src: string, corpusSrc: string, out: string, only: string | undefined): Promise<void> {
  const mod = (await import(pathToFileURL(resolve(REPO, src, 'engine/wasm/analyze-file.ts')).href)) as {
    analyzeFile(path: string, language: Lang, source: string): Promise<object>;
  };
  const items = corpus(corpusSrc).filter((i) => !only || i.id.startsWith(only));
  mkdirSync(dirname(out), { recursive: true });
  const lines: string[] = [];
  const start = performance.now();
  let bytes = 0;
  for (const item of items) {
    const analysis = await mod.analyzeFile(item.id, item.language, item.source);
    lines.push(`${item.id}\t${JSON.stringify(analysis)}`);
    bytes += item.source.length;
  }
  writeFileSync(out, `${lines.join('\n')}\n`);
  const s = (performance.now() - start) / 1000;
  console.log(`${items.length} files, ${(bytes / 1e6).toFixed(1)} M chars, ${s.toFixed(1)} s → ${out}`);
}

function compare(a: string, b: string): void {
  const read = (f: string): Map<string, string> =>
    new Map(
      readFileSync(f, 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((l) => [l.slice(0, l.indexOf('\t')), l.slice(l.indexOf('\t') + 1)] as [string, string]),
    );
  const left = read(a);
  const right = read(b);
  // A corpus can change between dumps (a crate added to the cargo registry shifts the
  // sample): files present on one side only are reported, not compared.
  let diffs = 0;
  let compared = 0;
  for (const [id, json] of left) {
    const other = right.get(id);
    if (other === undefined) continue;
    compared++;
    if (other === json) continue;
    diffs++;
    if (diffs <= 10) {
      let i = 0;
      while (i < json.length && json[i] === other[i]) i++;
      console.log(`DIFF ${id}`);
      console.log(`  left:  …${json.slice(Math.max(0, i - 80), i + 80)}`);
      console.log(`  right: …${other.slice(Math.max(0, i - 80), i + 80)}`);
    }
  }
  const onlyLeft = [...left.keys()].filter((id) => !right.has(id)).length;
  const onlyRight = [...right.keys()].filter((id) => !left.has(id)).length;
  console.log(`${compared} files compared, ${diffs} differences (${onlyLeft} only in ${a}, ${onlyRight} only in ${b})`);
  if (diffs > 0) process.exitCode = 1;
}

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: {
    src: { type: 'string', default: 'src' },
    'corpus-src': { type: 'string', default: 'src' },
    out: { type: 'string' },
    only: { type: 'string' },
  },
});
if (positionals[0] === 'dump' && values.out) await dump(values.src, values['corpus-src'], values.out, values.only);
else if (positionals[0] === 'compare' && positionals.length === 3) compare(positionals[1]!, positionals[2]!);
else {
  console.error('usage: wasm-parity.ts dump [--src DIR] [--corpus-src DIR] --out FILE [--only PREFIX] | compare A B');
  process.exitCode = 2;
}
