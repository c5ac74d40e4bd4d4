import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { envelopeOf } from '../helpers/cli.js';
import { linkedClient } from '../helpers/app.js';
import { writeTree } from '../helpers/engines-under-test.js';

// The navigation tools on a small repository written for it, on both engines (one index
// definition above them, one set of tag queries below): two same-named functions in
// different files, imports that bind one of them, methods called through this/self, a Go
// package whose files share names, tests that depend on the code.

const FILES: Record<string, string> = {
  'src/geometry.ts': `export function area(w: number, h: number): number {
  return w * h;
}

export class Shape {
  size(): number {
    return area(2, 3);
  }
  grow(): number {
    return this.size() + 1;
  }
}
`,
  'src/other.ts': `// A different area: same name, another symbol.
export function area(r: number): number {
  return 3.14 * r * r;
}
`,
  'src/app.ts': `import { area, Shape } from './geometry.js';

export function main(): number {
  const s = new Shape();
  return area(4, 5) + s.grow();
}
`,
  'src/multi.ts': `import {
  area,
  Shape,
} from './geometry.js';
import * as geometry from './geometry.js';

export const v = area(1, 2) + geometry.area(3, 4);
`,
  'src/app.test.ts': `import { main } from './app.js';

export function testMain(): boolean {
  return main() > 0;
}
`,
  'pkg/mod.py': `def helper(x):
    return x + 1


class Counter:
    def inc(self):
        return self.step()

    def step(self):
        return helper(1)
`,
  'main.py': `from pkg.mod import (Counter,
    helper)


def run():
    return helper(2)
`,
  'go/calc/a.go': `package calc

func Add(a, b int) int { return a + b }
`,
  'go/calc/b.go': `package calc

func Twice(a int) int { return Add(a, a) }
`,
};

describe.each(['wasm', 'native'] as const)('navigation tools (%s engine)', (engine) => {
  let h: Awaited<ReturnType<typeof linkedClient>>;
  let root: string;
  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'mca-nav-'));
    for (const [path, text] of Object.entries(FILES)) {
      mkdirSync(dirname(join(root, path)), { recursive: true });
      writeFileSync(join(root, path), text);
    }
    h = await linkedClient({ roots: [root], engine });
  });
  afterAll(async () => {
    await h.close();
    rmSync(root, { recursive: true, force: true });
  });

  const call = async (name: string, args: Record<string, unknown>) => {
    const envelope = envelopeOf(await h.client.callTool({ name, arguments: args }));
    expect(envelope.status, JSON.stringify(envelope.status)).toMatchObject({ success: true });
    return envelope.data;
  };

  /** A client of its own over a tree written for one case; both are gone afterwards. */
  const onTree = async (
    prefix: string,
    files: Record<string, string>,
    body: (other: Awaited<ReturnType<typeof linkedClient>>) => Promise<void>,
  ) => {
    const local = writeTree(prefix, files);
    const other = await linkedClient({ roots: [local], engine });
    try {
      await body(other);
    } finally {
      await other.close();
      rmSync(local, { recursive: true, force: true });
    }
  };

  /** `find_references` by name through another app, as `path:line:kind:confidence` rows. */
  const referencesIn =
    (other: Awaited<ReturnType<typeof linkedClient>>) =>
    async (path: string, symbol: string): Promise<string[]> => {
      const envelope = envelopeOf(
        await other.client.callTool({ name: 'find_references', arguments: { path, symbol } }),
      );
      expect(envelope.status).toMatchObject({ success: true });
      return envelope.data.references.map((r: any) => `${r.path}:${r.line}:${r.kind}:${r.confidence}`);
    };

  it('find_symbol: exact matches first, both same-named functions, with their files and lines', async () => {
    const data = await call('find_symbol', { query: 'area' });
    expect(data.symbols.slice(0, 2)).toEqual([
      expect.objectContaining({
        name: 'area',
        kind: 'function',
        path: 'src/geometry.ts',
        startLine: 1,
        exported: true,
      }),
      expect.objectContaining({ name: 'area', kind: 'function', path: 'src/other.ts', startLine: 2, exported: true }),
    ]);
    const classes = await call('find_symbol', { query: 'shap', kind: 'class' });
    expect(classes.symbols.map((s: { name: string }) => s.name)).toEqual(['Shape']);
  });

  it('find_references: the import binds area to geometry.ts; other.ts is another symbol', async () => {
    const data = await call('find_references', { path: 'src/geometry.ts', symbol: 'area' });
    const refs = data.references.map((r: any) => `${r.path}:${r.line}:${r.kind}:${r.confidence}`);
    expect(refs).toEqual([
      'src/geometry.ts:1:definition:1',
      'src/app.ts:1:import:1',
      'src/app.ts:5:call:1',
      'src/geometry.ts:7:call:1',
      // A binding two lines below its import statement; a call through a namespace import.
      'src/multi.ts:2:import:1',
      'src/multi.ts:7:call:1',
      'src/multi.ts:7:call:1',
    ]);
    // The same answer from a position: the call in app.ts, line 5.
    const byPosition = await call('find_references', { path: 'src/app.ts', line: 5, column: 10 });
    expect(byPosition.symbol).toMatchObject({ path: 'src/geometry.ts', name: 'area' });
    const other = await call('find_references', { path: 'src/other.ts', symbol: 'area' });
    expect(other.references.filter((r: any) => r.confidence === 1).map((r: any) => r.kind)).toEqual(['definition']);
  });

  it('resolves this/self members and Python imports, and Go names of the same package', async () => {
    const size = await call('find_references', { path: 'src/geometry.ts', symbol: 'size' });
    expect(size.references).toContainEqual(
      expect.objectContaining({ path: 'src/geometry.ts', line: 10, kind: 'call', confidence: 1 }),
    );
    const step = await call('find_references', { path: 'pkg/mod.py', symbol: 'step' });
    expect(step.references).toContainEqual(expect.objectContaining({ line: 7, kind: 'call', confidence: 1 }));
    const helper = await call('find_references', { path: 'pkg/mod.py', symbol: 'helper' });
    expect(
      helper.references.filter((r: any) => r.confidence === 1).map((r: any) => `${r.path}:${r.line}:${r.kind}`),
    ).toEqual(['pkg/mod.py:1:definition', 'main.py:2:import', 'main.py:6:call', 'pkg/mod.py:10:call']);
    const add = await call('find_references', { path: 'go/calc/a.go', symbol: 'Add' });
    expect(add.references).toContainEqual(
      expect.objectContaining({ path: 'go/calc/b.go', line: 3, kind: 'call', confidence: 1 }),
    );
  });

  it('call_graph: callers of area two levels up, callees of main', async () => {
    const callers = await call('call_graph', {
      path: 'src/geometry.ts',
      symbol: 'area',
      direction: 'callers',
      depth: 2,
    });
    const names = callers.nodes.map((n: any) => `${n.path}#${n.name}`).sort();
    expect(names).toEqual(
      [
        'src/app.ts#main',
        'src/app.test.ts#testMain',
        'src/geometry.ts#area',
        'src/geometry.ts#size',
        'src/geometry.ts#grow',
        'src/multi.ts#v',
      ].sort(),
    );
    const callees = await call('call_graph', { path: 'src/app.ts', symbol: 'main', direction: 'callees', depth: 1 });
    expect(callees.nodes.map((n: any) => n.name).sort()).toEqual(['Shape', 'area', 'grow', 'main'].sort());
  });

  it('impact: dependents nearest first, tests flagged', async () => {
    const data = await call('impact', { paths: ['src/geometry.ts'] });
    expect(data.files).toEqual([
      { path: 'src/app.ts', distance: 1, test: false, via: 'src/geometry.ts' },
      { path: 'src/multi.ts', distance: 1, test: false, via: 'src/geometry.ts' },
      { path: 'src/app.test.ts', distance: 2, test: true, via: 'src/geometry.ts' },
    ]);
    expect(data.tests).toBe(1);
  });

  it('repo_map: a used file ranks above an unused one, within the budget', async () => {
    const data = await call('repo_map', { tokenBudget: 200 });
    const paths = data.files.map((f: { path: string }) => f.path);
    expect(paths.indexOf('src/geometry.ts')).toBeLessThan(
      paths.indexOf('src/other.ts') === -1 ? Infinity : paths.indexOf('src/other.ts'),
    );
    expect(data.estimatedTokens).toBeLessThanOrEqual(200);
    expect(data.text).toContain('src/geometry.ts:');
    expect(data.text).toMatch(/ 1: function area/);
  });

  it('find_references: a parameter, a local or a type parameter named like a symbol is not a use of it', async () => {
    const files: Record<string, string> = {
      'src/util.ts': `export function area(): number {
  return 1;
}
export type Error = { message: string };
`,
      'src/use.ts': `import { area, type Error } from './util.js';

export function byParam(area: number, e: Error): number {
  return area + 1;
}
export function byLocal<Error>(e: Error): Error {
  const area = 2;
  return area ? e : e;
}
export function real(): number {
  return area();
}
`,
      'mod.py': `def helper():
    pass


def run(helper):
    return helper()


def later():
    helper()
`,
    };
    await onTree('mca-nav-locals-', files, async (other) => {
      const refs = referencesIn(other);
      expect(await refs('src/util.ts', 'area')).toEqual([
        'src/util.ts:1:definition:1',
        'src/use.ts:1:import:1',
        'src/use.ts:11:call:1',
      ]);
      expect(await refs('src/util.ts', 'Error')).toEqual([
        'src/util.ts:4:definition:1',
        'src/use.ts:1:import:1',
        'src/use.ts:3:reference:1',
      ]);
      expect(await refs('mod.py', 'helper')).toEqual(['mod.py:1:definition:1', 'mod.py:10:call:1']);
    });
  });

  it('find_references: merged declarations by meaning, qualified types and JSDoc links through a namespace import', async () => {
    const files: Record<string, string> = {
      'src/metric.ts': `/** A metric; see {@link make}. */
export interface Metric<A> {
  readonly value: A;
}
export declare namespace Metric {
  export type Any = Metric<any>;
}
export const make = <A>(value: A): Metric<A> => ({ value });
export interface Counter extends Metric<number> {}
`,
      'src/use.ts': `import * as M from './metric.js';
import { make } from './metric.js';

/** Built by {@link M.make}, typed {@linkcode M.Metric}. */
export function build(): M.Metric<number> {
  const m: M.Metric<number> = make(1);
  return m;
}
export const ns = M;
`,
      'src/m.ts': `export const M = 1;
`,
    };
    await onTree('mca-nav-merged-', files, async (other) => {
      const refs = async (args: Record<string, unknown>): Promise<string[]> => {
        const envelope = envelopeOf(await other.client.callTool({ name: 'find_references', arguments: args }));
        expect(envelope.status).toMatchObject({ success: true });
        return envelope.data.references.map((r: any) => `${r.path}:${r.line}:${r.column}:${r.kind}:${r.confidence}`);
      };
      // The interface, not the namespace merged with it: every type use, at confidence 1.
      expect(await refs({ path: 'src/metric.ts', line: 2, column: 18 })).toEqual([
        'src/metric.ts:2:18:definition:1',
        'src/metric.ts:6:21:reference:1',
        'src/metric.ts:8:36:reference:1',
        'src/metric.ts:9:34:reference:1',
        // `{@linkcode M.Metric}`, then `M.Metric<number>` twice.
        'src/use.ts:4:49:reference:1',
        'src/use.ts:5:28:reference:1',
        'src/use.ts:6:14:reference:1',
      ]);
      // `{@link make}` in its own file, `{@link M.make}` through the namespace import.
      expect(await refs({ path: 'src/metric.ts', symbol: 'make' })).toEqual([
        'src/metric.ts:8:14:definition:1',
        'src/metric.ts:1:26:reference:1',
        'src/use.ts:2:10:import:1',
        'src/use.ts:4:23:reference:1',
        'src/use.ts:6:31:call:1',
      ]);
      // The bare `M` of `import * as M` names the module: no candidate of src/m.ts's M.
      expect(await refs({ path: 'src/m.ts', symbol: 'M' })).toEqual(['src/m.ts:1:14:definition:1']);
    });
  });

  it('find_references: in a module, a name bound nowhere is a global — no candidate of other modules, only of scripts', async () => {
    const files: Record<string, string> = {
      'src/schema.ts': `export function BigInt(): string {
  return 'schema';
}
`,
      'src/use.ts': `export const zero = BigInt(0);
`,
      'src/script.js': `function legacy() {
  return 1;
}
`,
      'src/page.js': `const one = legacy() + BigInt(1);
`,
      'src/mod.js': `export const two = legacy() + 1;
`,
    };
    await onTree('mca-nav-globals-', files, async (other) => {
      const refs = referencesIn(other);
      // use.ts and mod.js are modules: their unbound names are globals. page.js is a script: it
      // may mean another script's or a module's name (no import tells), a candidate.
      expect(await refs('src/schema.ts', 'BigInt')).toEqual(['src/schema.ts:1:definition:1', 'src/page.js:1:call:0.5']);
      expect(await refs('src/script.js', 'legacy')).toEqual([
        'src/script.js:1:definition:1',
        'src/mod.js:1:call:0.5',
        'src/page.js:1:call:0.5',
      ]);
    });
  });

  it('find_references: through re-exports — export { x } from, export * as Ns from, an import re-exported by a clause', async () => {
    const files: Record<string, string> = {
      'src/core.ts': `export function run(): number {
  return 1;
}
`,
      'src/index.ts': `export { run } from './core.js';
export * as Core from './core.js';
`,
      'src/again.ts': `import { run } from './index.js';
export { run };
`,
      'src/app.ts': `import { run, Core } from './index.js';
import { run as again } from './again.js';

export const a = run() + Core.run() + again();
`,
    };
    await onTree('mca-nav-reexports-', files, async (other) => {
      const envelope = envelopeOf(
        await other.client.callTool({ name: 'find_references', arguments: { path: 'src/core.ts', symbol: 'run' } }),
      );
      expect(envelope.status).toMatchObject({ success: true });
      expect(
        envelope.data.references.map((r: any) => `${r.path}:${r.line}:${r.column}:${r.kind}:${r.confidence}`),
      ).toEqual([
        'src/core.ts:1:17:definition:1',
        'src/again.ts:1:10:import:1',
        'src/again.ts:2:10:reference:1',
        'src/app.ts:1:10:import:1',
        'src/app.ts:2:17:import:1',
        // `run()` and `Core.run()`; `again()` is a use under another name, not searched for.
        'src/app.ts:4:18:call:1',
        'src/app.ts:4:31:call:1',
        'src/index.ts:1:10:import:1',
      ]);
    });
  });

  it('find_references: through star imports — Python from a import *, export * from', async () => {
    const files: Record<string, string> = {
      'pkg/ops.py': `class Thing:
    pass


def helper():
    pass
`,
      'pkg/__init__.py': `from .ops import *
`,
      'use.py': `from pkg import Thing
from pkg.ops import *
from pkg import ops


def make():
    return Thing(helper()) or ops.Thing
`,
      'src/leaf.ts': `export function leaf(): number {
  return 1;
}
`,
      'src/barrel.ts': `export * from './leaf.js';
`,
      'src/app.ts': `import { leaf } from './barrel.js';

export const x = leaf();
`,
    };
    await onTree('mca-nav-stars-', files, async (other) => {
      const refs = referencesIn(other);
      // Imported from the package that star-imports it; used bare after a star import.
      expect(await refs('pkg/ops.py', 'Thing')).toEqual([
        'pkg/ops.py:1:definition:1',
        'use.py:1:import:1',
        // `ops.Thing`: `from pkg import ops` binds the submodule.
        'use.py:7:call:1',
        'use.py:7:reference:1',
      ]);
      expect(await refs('pkg/ops.py', 'helper')).toEqual(['pkg/ops.py:5:definition:1', 'use.py:7:call:1']);
      expect(await refs('src/leaf.ts', 'leaf')).toEqual([
        'src/leaf.ts:1:definition:1',
        'src/app.ts:1:import:1',
        'src/app.ts:3:call:1',
      ]);
    });
  });

  it("find_references: a method called on a typed parameter or a constructed local is its type's, surely", async () => {
    const files: Record<string, string> = {
      'src/shape.ts': `export class Shape {
  size(): number {
    return 1;
  }
}
`,
      'src/crate.ts': `export class Crate {
  size(): number {
    return 2;
  }
}
`,
      'src/use.ts': `import { Shape } from './shape.js';
import { Crate } from './crate.js';
import * as shapes from './shape.js';

export function measure(s: Shape, c: Crate, t: shapes.Shape, u): number {
  const n = new Crate();
  return s.size() +
    c.size() +
    t.size() +
    n.size() +
    u.size();
}
`,
      'pkg/shape.py': `class Shape:
    def size(self):
        return 1
`,
      'pkg/crate.py': `class Crate:
    def size(self):
        return 2
`,
      'use.py': `from pkg.shape import Shape
from pkg.crate import Crate


def measure(s: Shape, u):
    n = Crate()
    return (s.size() +
            n.size() +
            u.size())
`,
      'go/geo/types.go': `package geo

type Shape struct{}

type Crate struct{}

func (c Crate) Size() int { return 2 }
`,
      'go/geo/methods.go': `package geo

func (s *Shape) Size() int { return 1 }
`,
      'go/geo/use.go': `package geo

func Measure(s *Shape, c Crate) int {
	n := &Crate{}
	return s.Size() +
		c.Size() +
		n.Size()
}
`,
    };
    await onTree('mca-nav-typed-', files, async (other) => {
      const refs = referencesIn(other);
      // The untyped parameter u is a candidate of both methods (a guess: 0.5 shared by two); the
      // typed receivers name one method each, for sure — through a named import, `new`, or a
      // namespace import of a module imported twice (the graph keeps the first statement's line).
      expect(await refs('src/shape.ts', 'size')).toEqual([
        'src/shape.ts:2:definition:1',
        'src/use.ts:7:call:1',
        'src/use.ts:9:call:1',
        'src/use.ts:11:call:0.25',
      ]);
      expect(await refs('src/crate.ts', 'size')).toEqual([
        'src/crate.ts:2:definition:1',
        'src/use.ts:8:call:1',
        'src/use.ts:10:call:1',
        'src/use.ts:11:call:0.25',
      ]);
      expect(await refs('pkg/shape.py', 'size')).toEqual([
        'pkg/shape.py:2:definition:1',
        'use.py:7:call:1',
        'use.py:9:call:0.25',
      ]);
      expect(await refs('pkg/crate.py', 'size')).toEqual([
        'pkg/crate.py:2:definition:1',
        'use.py:8:call:1',
        'use.py:9:call:0.25',
      ]);
      // Go: a pointer receiver's method declared in another file of the package; a value parameter; \`&T{}\`.
      expect(await refs('go/geo/methods.go', 'Size')).toEqual([
        'go/geo/methods.go:3:definition:1',
        'go/geo/use.go:5:call:1',
      ]);
      expect(await refs('go/geo/types.go', 'Size')).toEqual([
        'go/geo/types.go:7:definition:1',
        'go/geo/use.go:6:call:1',
        'go/geo/use.go:7:call:1',
      ]);
    });
  });

  it('find_references: a chain or a bare name never binds a member surely; an interface member keeps its implementations as candidates', async () => {
    const files: Record<string, string> = {
      'src/api.ts': `export interface Sized {
  size(): number;
}
export class Box implements Sized {
  size(): number {
    return 1;
  }
  total(): number {
    return this.inner.size();
  }
}
export function measure(s: Sized): number {
  return s.size();
}
`,
      'geo.py': `class Geometry:
    def hex(self):
        return hex(self.wkb)

    def parent(self):
        return super().parent()
`,
    };
    await onTree('mca-nav-chains-', files, async (other) => {
      const at = async (path: string, line: number, column: number) => {
        const envelope = envelopeOf(
          await other.client.callTool({ name: 'find_references', arguments: { path, line, column } }),
        );
        expect(envelope.status).toMatchObject({ success: true });
        return envelope.data.references.map((r: any) => `${r.path}:${r.line}:${r.kind}:${r.confidence}`);
      };
      // `s.size()` names the interface's member; the class implementing it runs: a candidate.
      // `this.inner.size()` is a member of a value the tags do not name: a guess among both.
      expect(await at('src/api.ts', 2, 3)).toEqual([
        'src/api.ts:2:definition:1',
        'src/api.ts:13:call:1',
        'src/api.ts:9:call:0.25',
      ]);
      expect(await at('src/api.ts', 5, 3)).toEqual([
        'src/api.ts:5:definition:1',
        'src/api.ts:13:call:0.5',
        'src/api.ts:9:call:0.25',
      ]);
      // The builtin `hex(...)` and `super().parent()` are no sure uses of the class's own methods.
      const sure = (rows: string[]) => rows.filter((r) => r.endsWith(':1'));
      expect(sure(await at('geo.py', 2, 9))).toEqual(['geo.py:2:definition:1']);
      expect(sure(await at('geo.py', 5, 9))).toEqual(['geo.py:5:definition:1']);
    });
  });
});
