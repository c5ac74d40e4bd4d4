import type { Language, RawImport } from '../types.js';

// The imports of a TS/JS module without a syntax tree, for the dependency graph alone.
//
// Why: `analyze_dependencies` reads nothing but imports, yet parsing is most of its time (on the
// effect sources the tree-sitter parse is 94% of the imports-only pass). An ES module's imports
// are, nearly always, a run of `import …` and `export … from …` statements at its top: this
// reads that run token by token, and answers only when the rest of the file cannot hold another
// import (no `import`, `require` or `from '…'` anywhere in its text, strings and comments
// included). Anything it does not know for sure — a CommonJS file, `import x = require()`,
// import attributes, an escape in a specifier, `type` used as a name, a stray `\r`, non-ASCII
// in a statement — makes it decline (`undefined`), and the file is parsed as before.
//
// What it answers is what the tree's extraction gives (src/engine/wasm/imports/typescript.ts,
// crates/engine/src/imports/typescript.rs): same specifiers as written, kinds, statement lines
// and order. test/unit/ts-import-header.test.ts compares the two on every TS/JS file of this
// repository and of its installed dependencies, and on the golden inputs.

/** The languages the scan reads; others always need a parse. */
export const SCANNED_LANGUAGES: ReadonlySet<Language> = new Set(['typescript', 'tsx', 'javascript']);

/** `undefined`: the file needs a parse. */
export function scanTsImportHeader(source: string, language: Language): RawImport[] | undefined {
  if (!SCANNED_LANGUAGES.has(language)) return undefined;
  const scan = new HeaderScan(source, language === 'javascript');
  const imports: RawImport[] = [];
  for (;;) {
    if (!scan.space()) return undefined;
    const start = scan.pos;
    const line = scan.line;
    const keyword = scan.word();
    const statement = keyword === 'import' ? scan.importRest() : keyword === 'export' ? scan.exportFromRest() : 'end';
    if (statement === undefined) return undefined;
    if (statement === 'end') return mayImport(source, start, language) ? undefined : imports;
    imports.push({ ...statement, line });
  }
}

/**
 * Whether the text from `start` on could hold an import, a require() or a re-export. In
 * TypeScript the rest is read as tokens (comments, strings, templates and regular expressions
 * skipped: effect's JSDoc examples are full of `import`), declining where a `/` after `)` or `}`
 * could start either; TSX and JavaScript may hold JSX, whose text is no JS, so there any
 * `import`, `require` or `from '…'` in the text declines.
 */
function mayImport(source: string, start: number, language: Language): boolean {
  if (language === 'typescript') return codeMayImport(source, start);
  const rest = start === 0 ? source : source.slice(start);
  return rest.includes('import') || rest.includes('require') || /\bfrom\s*(?:['"`]|\/[/*])/.test(rest);
}

// Code is skipped a match at a time (this runs on every TS file of a tree, in JS): only the
// characters that open something to skip, braces (for templates' `${}`) and the three words
// matter.
const CODE = /[/'"`{}()\\]|import|require|from/g;
const SINGLE = /'(?:[^'\\\r\n]|\\[^])*'/y;
const DOUBLE = /"(?:[^"\\\r\n]|\\[^])*"/y;
/** A template's text up to its end or its next `${`. */
const TEMPLATE = /(?:[^`\\$]|\\[^]|\$(?!\{))*(`|\$\{)/y;
const REGEX = /\/(?:[^/\\[\r\n]|\\[^\r\n]|\[(?:[^\]\\\r\n]|\\[^\r\n])*\])+\/[a-z]*/y;
/** After `from`: a quote, or a comment that may hide one. */
const FROM_QUOTE = /\s*(?:['"`]|\/[/*])/y;

const isWordAt = (s: string, i: number) => {
  const c = s.charCodeAt(i);
  return isWordChar(c) || c >= 128;
};

/** The tokens from `start` on: true when one is `import` or `require`, `from` before a quote, or unclear. */
function codeMayImport(s: string, start: number): boolean {
  // Open `${` of template literals: the brace depth at which each returns to its template.
  const templates: number[] = [];
  let depth = 0;
  // Open parentheses, each true when it opens a statement's condition (`if (`): after its `)` a
  // `/` may start a regular expression; after any other `)` it divides. `closed`: the last `)`.
  const parens: boolean[] = [];
  const closed = { at: -1, condition: false };
  /** Skips a template's text from `at`; the index after it, or -1 if it does not end. */
  const template = (at: number): number => {
    TEMPLATE.lastIndex = at;
    const m = TEMPLATE.exec(s);
    if (!m) return -1;
    if (m[1] === '${') {
      templates.push(depth);
      depth++;
    }
    return TEMPLATE.lastIndex;
  };
  const skip = (re: RegExp, at: number): number => {
    re.lastIndex = at;
    return re.test(s) ? re.lastIndex : -1;
  };
  CODE.lastIndex = start;
  for (let m = CODE.exec(s); m; m = CODE.exec(s)) {
    const at = m.index;
    const token = m[0];
    let next = at + token.length;
    if (token.length > 1) {
      if (isWordAt(s, at - 1) || isWordAt(s, next)) continue; // part of a longer word
      if (token !== 'from') return true;
      FROM_QUOTE.lastIndex = next;
      if (FROM_QUOTE.test(s)) return true;
      continue;
    }
    switch (token) {
      case "'":
        next = skip(SINGLE, at);
        break;
      case '"':
        next = skip(DOUBLE, at);
        break;
      case '`':
        next = template(next);
        break;
      case '{':
        depth++;
        break;
      case '(':
        parens.push(CONDITIONS.has(wordBefore(s, at, start)));
        break;
      case ')':
        closed.at = at;
        closed.condition = parens.pop() ?? true;
        break;
      case '}':
        depth--;
        if (templates.length > 0 && templates[templates.length - 1] === depth) {
          templates.pop();
          next = template(next);
        }
        break;
      case '\\':
        return true; // an escaped identifier
      default: {
        const c2 = s.charCodeAt(next);
        if (c2 === 47) {
          const nl = s.indexOf('\n', next);
          next = nl < 0 ? s.length : nl;
        } else if (c2 === 42) {
          const end = s.indexOf('*/', next + 1);
          if (end < 0) return true;
          next = end + 2;
        } else {
          const before = slashFollows(s, at, start, closed);
          if (before === 'unclear') return true;
          if (before === 'regex') next = skip(REGEX, at);
        }
      }
    }
    if (next < 0) return true;
    CODE.lastIndex = next;
  }
  return templates.length > 0;
}

/** Words whose `(…)` is a condition or a loop's head, after which a `/` may start a regular expression. */
const CONDITIONS = new Set(['if', 'while', 'for', 'with', 'await']);

/** The word that ends right before `at` (whitespace between allowed), or ''. */
function wordBefore(s: string, at: number, start: number): string {
  let j = at - 1;
  while (j >= start && (s[j] === ' ' || s[j] === '\t' || s[j] === '\n' || s[j] === '\r')) j--;
  let w = j + 1;
  while (w > start && isWordAt(s, w - 1)) w--;
  return s.slice(w, j + 1);
}

/** Words before which a `/` starts a regular expression, not a division. */
const BEFORE_REGEX = new Set([
  'return',
  'typeof',
  'instanceof',
  'in',
  'of',
  'new',
  'delete',
  'void',
  'throw',
  'case',
  'do',
  'else',
  'yield',
  'await',
  'extends',
]);

/**
 * What a `/` at `at` starts, from the token before it: a division after a value (a name, a number,
 * a string, `]`), a regular expression after an operator or one of BEFORE_REGEX; after `)` or `}`
 * (a condition's or a block's end, or an expression's) or a comment it is unclear.
 */
function slashFollows(
  s: string,
  at: number,
  start: number,
  closed: { at: number; condition: boolean },
): 'regex' | 'division' | 'unclear' {
  let j = at - 1;
  while (j >= start && /\s/.test(s[j]!)) j--;
  if (j < start) return 'regex';
  const c = s.charCodeAt(j);
  if (c === 41) return j === closed.at && !closed.condition ? 'division' : 'unclear';
  if (c === 125 || c === 47) return 'unclear';
  if (c === 93 || c === 39 || c === 34 || c === 96) return 'division';
  if (!isWordAt(s, j)) return 'regex';
  let w = j;
  while (w > start && isWordAt(s, w - 1)) w--;
  if (!BEFORE_REGEX.has(s.slice(w, j + 1))) return 'division';
  return s[w - 1] === '.' ? 'unclear' : 'regex';
}

type Statement = Omit<RawImport, 'line'> | 'end' | undefined;

const isWordChar = (c: number) =>
  (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95 || c === 36;

/** A cursor over the header's tokens; every method returns `undefined` (decline) on what it does not know. */
class HeaderScan {
  pos = 0;
  line = 1;

  constructor(
    private readonly s: string,
    private readonly javascript: boolean,
  ) {
    // A hashbang line is the grammar's own token, not a statement.
    if (s.startsWith('#!')) {
      const nl = s.indexOf('\n');
      this.pos = nl < 0 ? s.length : nl;
    }
  }

  /** Skips whitespace and comments, counting lines as tree-sitter does (`\n` only); false on a lone `\r`. */
  space(): boolean {
    const s = this.s;
    for (;;) {
      const c = s.charCodeAt(this.pos);
      if (c === 10) {
        this.line++;
        this.pos++;
      } else if (c === 32 || c === 9) this.pos++;
      else if (c === 13) {
        if (s.charCodeAt(this.pos + 1) !== 10) return false;
        this.pos++;
      } else if (c === 47 && s.charCodeAt(this.pos + 1) === 47) {
        const nl = s.indexOf('\n', this.pos);
        this.pos = nl < 0 ? s.length : nl;
      } else if (c === 47 && s.charCodeAt(this.pos + 1) === 42) {
        const end = s.indexOf('*/', this.pos + 2);
        if (end < 0) return false;
        for (let i = this.pos; i < end; i++) if (s.charCodeAt(i) === 10) this.line++;
        this.pos = end + 2;
      } else if (c === 12 || c === 11) return false;
      else return true;
    }
  }

  /** The ASCII identifier or keyword here ('' if none); a non-ASCII letter right after it makes it ''. */
  word(): string {
    const s = this.s;
    const start = this.pos;
    while (isWordChar(s.charCodeAt(this.pos))) this.pos++;
    if (s.charCodeAt(this.pos) >= 128) {
      this.pos = start;
      return '';
    }
    return s.slice(start, this.pos);
  }

  /** The next token, after space: a word, or one punctuation character. */
  private next(): string | undefined {
    if (!this.space()) return undefined;
    const w = this.word();
    if (w) return w;
    const c = this.s[this.pos];
    if (c === undefined) return '';
    this.pos++;
    return c;
  }

  private peek(): string | undefined {
    const { pos, line } = this;
    const t = this.next();
    this.pos = pos;
    this.line = line;
    return t;
  }

  /** A quoted specifier, as written between its quotes; `undefined` on an escape or a line break. */
  private specifier(): string | undefined {
    if (!this.space()) return undefined;
    const quote = this.s[this.pos];
    if (quote !== "'" && quote !== '"') return undefined;
    const end = this.s.indexOf(quote, this.pos + 1);
    if (end < 0) return undefined;
    const text = this.s.slice(this.pos + 1, end);
    if (/[\\\n\r]/.test(text)) return undefined;
    this.pos = end + 1;
    return text;
  }

  /** After the specifier: an optional `;`. Import attributes (`with`/`assert`) decline. */
  private close(specifier: string, kind: RawImport['kind']): Statement {
    const t = this.peek();
    if (t === undefined || t === 'with' || t === 'assert') return undefined;
    if (t === ';') this.next();
    return { specifier, kind };
  }

  /** `{ a, b as c, type d }`: whether every specifier is type-only (false when there are none). */
  private namedBindings(): boolean | undefined {
    let count = 0;
    let typed = 0;
    for (;;) {
      let t = this.next();
      if (t === '}') return count > 0 && typed === count;
      if (t === undefined) return undefined;
      // `type` as a name (`{ type }`, `{ type as x }`) is the grammar's call, not ours.
      if (t === 'type') {
        const after = this.peek();
        if (this.javascript || after === undefined || after === ',' || after === '}' || after === 'as')
          return undefined;
        typed++;
        t = this.next();
      }
      if (!t || !isWordChar(t.charCodeAt(0))) return undefined; // string names and the like
      count++;
      t = this.next();
      if (t === 'as') {
        const alias = this.next();
        if (!alias || !isWordChar(alias.charCodeAt(0))) return undefined;
        t = this.next();
      }
      if (t === '}') return typed === count;
      if (t !== ',') return undefined;
    }
  }

  /** After `import`. */
  importRest(): Statement {
    let t = this.next();
    if (t === undefined) return undefined;
    if (t === "'" || t === '"') {
      this.pos--;
      const specifier = this.specifier();
      return specifier === undefined ? undefined : this.close(specifier, 'static');
    }
    let typeKeyword = false;
    if (t === 'type') {
      const after = this.peek();
      // `import type from 'x'` and `import type, { a }` bind a name `type`.
      if (this.javascript || after === undefined || after === 'from' || after === ',' || after === '=')
        return undefined;
      typeKeyword = true;
      t = this.next();
    }
    let onlyNamed = true;
    let named: boolean | undefined = false;
    if (t && isWordChar(t.charCodeAt(0)) && t !== 'from') {
      onlyNamed = false; // a default binding
      t = this.next();
      if (t === ',') t = this.next();
      else if (t !== 'from') return undefined; // `import x = require(…)` and the like
    }
    if (t === '*') {
      onlyNamed = false;
      if (this.next() !== 'as') return undefined;
      const ns = this.next();
      if (!ns || !isWordChar(ns.charCodeAt(0))) return undefined;
      t = this.next();
    } else if (t === '{') {
      named = this.namedBindings();
      if (named === undefined) return undefined;
      t = this.next();
    }
    if (t !== 'from') return undefined;
    const specifier = this.specifier();
    if (specifier === undefined) return undefined;
    return this.close(specifier, typeKeyword || (onlyNamed && named) ? 'type' : 'static');
  }

  /** After `export`: an `export … from '…'` statement, or 'end' when the statement is another export. */
  exportFromRest(): Statement {
    let t = this.next();
    let typeKeyword = false;
    if (t === 'type') {
      const after = this.peek();
      if (after !== '{' && after !== '*') return 'end'; // `export type A = …`
      // The grammar (tree-sitter-typescript 0.23) gives `export type * from` no `type` token.
      if (this.javascript || after === '*') return undefined;
      typeKeyword = true;
      t = this.next();
    }
    let named = false;
    if (t === '*') {
      if (this.peek() === 'as') {
        this.next();
        const ns = this.next();
        if (!ns || !isWordChar(ns.charCodeAt(0))) return undefined;
      }
    } else if (t === '{') {
      const bindings = this.namedBindings();
      if (bindings === undefined) return undefined;
      named = bindings;
      // `export { a, b }` exports local names: not an import.
      if (this.peek() !== 'from') return 'end';
    } else return t === undefined ? undefined : 'end';
    if (this.next() !== 'from') return undefined;
    const specifier = this.specifier();
    if (specifier === undefined) return undefined;
    return this.close(specifier, typeKeyword || named ? 'type' : 'reexport');
  }
}
