import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadNativeEngine } from '../../src/engine/native/loader.js';
import type { FileTags } from '../../src/engine/tags.js';
import type { Engine } from '../../src/engine/types.js';
import { writeTree } from '../helpers/engines-under-test.js';

// The native engine's analysis hands its tags (AnalyzeOptions.onTags, for the navigation index)
// over without the references a local scope binds: the index drops them anyway, and they are
// close to half of all references, so their JSON is neither made in Rust nor read here. The
// tags pass (Engine.tags, the goldens) keeps them. Everything else is the tags pass's.

const FILES: Record<string, string> = {
  'src/shapes.ts':
    'export function area(w: number, h: number) {\n  const s = w * h;\n  return s;\n}\nexport const a = area(1, 2);\n',
  'src/box.ts':
    "import { area } from './shapes.js';\nexport class Box {\n  size = 1;\n  grow(by: number) {\n    this.size += area(by, by);\n    return this.size;\n  }\n}\n",
  'py/m.py': 'def helper(x):\n    y = x + 1\n    return y\n\n\ndef run():\n    return helper(1)\n',
  'go/p/a.go':
    'package p\n\nimport "fmt"\n\nfunc Add(a, b int) int {\n\tc := a + b\n\tfmt.Println(c)\n\treturn c\n}\n\nfunc Twice(a int) int { return Add(a, a) }\n\ntype T struct{ n int }\n\nfunc (t *T) Inc(by int) { t.n += by }\n',
};

describe('native analysis tags (onTags)', () => {
  let root: string;
  let engine: Engine;
  beforeAll(() => {
    const native = loadNativeEngine();
    if (!native.ok) throw new Error(`the native engine must be built for these tests: ${native.reason}`);
    engine = native.engine;
    root = writeTree('mca-native-tags-', FILES);
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it.each([true, false])('are the tags pass less its local references (importsOnly %s)', async (importsOnly) => {
    const given = new Map<string, FileTags>();
    const result = await engine.analyze({ path: root, root, importsOnly, onTags: (t) => given.set(t.path, t) });
    const paths = result.files.map((f) => f.path).sort();
    expect(paths).toEqual(Object.keys(FILES).sort());
    expect([...given.keys()].sort()).toEqual(paths);

    const full = await engine.tags(
      result.files.map((f) => ({ abs: `${root}/${f.path}`, rel: f.path, language: f.language })),
    );
    let locals = 0;
    for (const tags of full) {
      const local = tags.references.filter((r) => r.local);
      locals += local.length;
      expect(tags.references.length - local.length).toBeGreaterThan(0);
      expect(given.get(tags.path)).toEqual({ ...tags, references: tags.references.filter((r) => !r.local) });
    }
    expect(locals).toBeGreaterThanOrEqual(10);
  });
});
