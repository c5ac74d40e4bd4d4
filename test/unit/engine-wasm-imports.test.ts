import { describe, expect, it } from 'vitest';
import type { Language } from '../../src/engine/types.js';
import { extractImports } from '../../src/engine/wasm/imports/index.js';
import { parserFor } from '../../src/engine/wasm/parsers.js';

async function imports(language: Language, source: string) {
  const tree = (await parserFor(language)).parse(source)!;
  try {
    return extractImports(tree.rootNode, language, source);
  } finally {
    tree.delete();
  }
}

describe('extractImports: TypeScript / JavaScript', () => {
  it('classifies static, type, reexport and dynamic imports', async () => {
    const src = [
      'import a, { type B, c as d } from "./x.js";',
      'import type { T } from "./t";',
      'import { type U, type V } from "./u";',
      'import "./side";',
      'import {} from "./empty";',
      'export { x } from "./y";',
      'export * from "./z";',
      'export type { Q } from "./q";',
      'export { type W } from "./w";',
      'const r = require("./r");',
      'async function f() { return import("./m"); }',
      'import * as ns from "ns";',
      'import fs = require("fs");',
      'const notImport = require(`./tpl`) + require("a", "b") + other("./o");',
      'export const local = 1;',
    ].join('\n');
    const { imports: found } = await imports('typescript', src);
    expect(found.map((i) => [i.specifier, i.kind, i.line])).toEqual([
      ['./x.js', 'static', 1],
      ['./t', 'type', 2],
      ['./u', 'type', 3],
      ['./side', 'static', 4],
      ['./empty', 'static', 5],
      ['./y', 'reexport', 6],
      ['./z', 'reexport', 7],
      ['./q', 'type', 8],
      ['./w', 'type', 9],
      ['./r', 'static', 10],
      ['./m', 'dynamic', 11],
      ['ns', 'static', 12],
      ['fs', 'static', 13],
    ]);
  });

  it('works for JavaScript and TSX grammars', async () => {
    expect(
      (await imports('javascript', 'import x from "./a";\nconst y = require("./b");')).imports.map((i) => i.kind),
    ).toEqual(['static', 'static']);
    expect((await imports('tsx', 'import type { P } from "./p";\nexport const C = () => <div/>;')).imports).toEqual([
      { specifier: './p', kind: 'type', line: 1 },
    ]);
  });

  it('does not overflow on deeply nested code', async () => {
    const depth = 10_000;
    const src = `${'['.repeat(depth)}require("./deep")${']'.repeat(depth)};`;
    const { imports: found } = await imports('javascript', src);
    expect(found).toEqual([{ specifier: './deep', kind: 'static', line: 1 }]);
  });

  // The same source and expectations as crates/engine/tests/typescript_imports.rs.
  it.each(['typescript', 'javascript'] as const)(
    "takes a require()'s kind from when it runs (%s)",
    async (language) => {
      const src = [
        'const a = require("a");',
        'if (x) { try { module.exports = { b: require("b") }; } catch {} }',
        'class C {',
        '  static s = require("s");',
        '  f = require("f");',
        '  static { require("blk"); }',
        '  [require("key")]() { return require("m"); }',
        '  get g() { return require("get"); }',
        '}',
        'function d(p = require("p")) { { const n = () => require("n"); } }',
        '(function () { require("iife"); })();',
        'const l = import("l");',
        // TypeScript only: the last line is left out for JavaScript.
        ...(language === 'typescript' ? ['import t = require("t");'] : []),
      ].join('\n');
      expect((await imports(language, src)).imports.map((i) => [i.specifier, i.kind, i.line])).toEqual([
        ['a', 'static', 1],
        ['b', 'static', 2],
        ['s', 'static', 4],
        ['f', 'dynamic', 5],
        ['blk', 'static', 6],
        ['key', 'static', 7],
        ['m', 'dynamic', 7],
        ['get', 'dynamic', 8],
        ['p', 'dynamic', 10],
        ['n', 'dynamic', 10],
        ['iife', 'dynamic', 11],
        ['l', 'dynamic', 12],
        ...(language === 'typescript' ? [['t', 'static', 13]] : []),
      ]);
    },
  );
});

describe('extractImports: Python', () => {
  it('reads import and from-import with levels and names', async () => {
    const src = [
      'import a.b, c as d',
      'from . import x, y as z',
      'from ..p.q import r',
      'from .m import *',
      'from a.b import (c, d)',
      'from __future__ import annotations',
      'def f():',
      '    import lazy',
    ].join('\n');
    expect((await imports('python', src)).imports).toEqual([
      { specifier: 'a.b', kind: 'static', line: 1 },
      { specifier: 'c', kind: 'static', line: 1 },
      { specifier: '.', kind: 'static', line: 2, names: ['x', 'y'], level: 1 },
      { specifier: '..p.q', kind: 'static', line: 3, names: ['r'], level: 2 },
      { specifier: '.m', kind: 'static', line: 4, names: ['*'], level: 1 },
      { specifier: 'a.b', kind: 'static', line: 5, names: ['c', 'd'] },
      { specifier: 'lazy', kind: 'dynamic', line: 8 },
    ]);
  });

  // The same source and expectations as crates/engine/tests/python_imports.rs.
  it('takes the kind from where the import runs: parameters, nested defs and classes, TYPE_CHECKING', async () => {
    const src = [
      'from importlib import import_module as im',
      'def f(x=lambda: im("a")):',
      '    class Local:',
      '        import b',
      'async def g(y=im("c")):',
      '    if TYPE_CHECKING:',
      '        import d',
      'if TYPE_CHECKING:',
      '    def h(z=im("e")): pass',
      'else:',
      '    import f',
      'import g',
    ].join('\n');
    expect((await imports('python', src)).imports.map((i) => [i.specifier, i.kind, i.line])).toEqual([
      ['importlib', 'static', 1],
      ['a', 'dynamic', 2],
      ['b', 'dynamic', 4],
      ['c', 'dynamic', 5],
      ['d', 'type', 7],
      ['e', 'type', 9],
      ['f', 'static', 11],
      ['g', 'static', 12],
    ]);
  });
});

describe('extractImports: Go, Rust, Java', () => {
  it('Go: import specs and the package clause', async () => {
    const src = 'package main\n\nimport "fmt"\nimport (\n\tf "os"\n\t_ "example.com/m/p"\n)\n';
    expect(await imports('go', src)).toEqual({
      packageName: 'main',
      imports: [
        { specifier: 'fmt', kind: 'static', line: 3 },
        { specifier: 'os', kind: 'static', line: 5 },
        { specifier: 'example.com/m/p', kind: 'static', line: 6 },
      ],
    });
  });

  it('Rust: mod declarations, expanded use trees, inline modules, extern crate', async () => {
    const src = [
      'mod a;',
      'pub mod b;',
      'mod c { mod d; use super::p; use self::q; }',
      'use crate::x::y::{Z, W};',
      'use crate::{m, n::{o, self}};',
      'use std::fmt;',
      'use super::s as t;',
      'use self::u::*;',
      'extern crate foo;',
    ].join('\n');
    expect((await imports('rust', src)).imports.map((i) => [i.specifier, i.line])).toEqual([
      ['mod:a', 1],
      ['mod:b', 2],
      ['mod:c::d', 3],
      ['self::p', 3],
      ['self::c::q', 3],
      ['crate::x::y::Z', 4],
      ['crate::x::y::W', 4],
      ['crate::m', 5],
      ['crate::n::o', 5],
      ['crate::n', 5],
      ['std::fmt', 6],
      ['super::s', 7],
      ['self::u', 8],
      ['foo', 9],
    ]);
  });

  it('Java: package, single-type, wildcard and static imports', async () => {
    const src =
      'package a.b.c;\nimport java.util.List;\nimport a.b.*;\nimport static a.b.C.foo;\nimport static a.b.D.*;\nclass X {}';
    expect(await imports('java', src)).toEqual({
      packageName: 'a.b.c',
      imports: [
        { specifier: 'java.util.List', kind: 'static', line: 2, names: ['List'] },
        { specifier: 'a.b.*', kind: 'static', line: 3, names: ['*'] },
        { specifier: 'a.b.C', kind: 'static', line: 4, names: ['C'] },
        { specifier: 'a.b.D', kind: 'static', line: 5, names: ['D'] },
      ],
    });
  });
});
