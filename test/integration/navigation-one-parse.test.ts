import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { envelopeOf } from '../helpers/cli.js';
import { linkedClient } from '../helpers/app.js';
import { bothEngines, CountingEngine, fixedEngine, writeTree } from '../helpers/engines-under-test.js';

// The navigation index parses each file once: the imports-only analysis it rests on hands over
// every file's tags from its own parse (AnalyzeOptions.onTags), so the engine's tags pass runs
// only for files that analysis did not parse (a snapshot made earlier without tags). Both ways
// give the same index, on both engines.

const FILES: Record<string, string> = {
  'src/shapes.ts': 'export function area(w: number, h: number) {\n  return w * h;\n}\n',
  'src/use.ts': "import { area } from './shapes.js';\nexport const a = area(1, 2);\n",
  'src/more.ts': "import * as s from './shapes.js';\nexport function twice() {\n  return s.area(2, 2) * 2;\n}\n",
  'py/m.py': 'def helper(x):\n    return x\n\n\ndef run():\n    return helper(1)\n',
  'go/p/a.go': 'package p\n\nfunc Add(a, b int) int { return a + b }\n',
  'go/p/b.go': 'package p\n\nfunc Twice(a int) int { return Add(a, a) }\n',
};

const engines = bothEngines();

describe.each(engines)('one parse per file for the navigation index (%s engine)', (_name, make) => {
  let root: string;
  const inner = make();
  beforeAll(() => {
    root = writeTree('mca-nav-once-', FILES);
  });
  afterAll(async () => {
    await inner.close();
    rmSync(root, { recursive: true, force: true });
  });

  async function instance() {
    const engine = new CountingEngine(inner);
    const h = await linkedClient({ roots: [root], noCache: true }, { engines: fixedEngine(engine) });
    const call = async (name: string, args: Record<string, unknown>) => {
      const envelope = envelopeOf(await h.client.callTool({ name, arguments: args }));
      expect(envelope.status, JSON.stringify(envelope.status)).toMatchObject({ success: true });
      return envelope.data;
    };
    return { engine, call, close: () => h.close() };
  }

  const questions: [string, Record<string, unknown>][] = [
    ['find_symbol', { query: 'a' }],
    ['find_references', { path: 'src/shapes.ts', symbol: 'area' }],
    ['find_references', { path: 'go/p/a.go', symbol: 'Add' }],
    ['call_graph', { path: 'py/m.py', symbol: 'helper', direction: 'callers' }],
    ['repo_map', { tokenBudget: 2000 }],
  ];

  it('takes the tags from the analysis (no tags pass), and answers as an index built by the tags pass', async () => {
    const once = await instance();
    const twice = await instance();
    try {
      const fromAnalysis = [];
      for (const [name, args] of questions) fromAnalysis.push(await once.call(name, args));
      expect(once.engine.tagged).toEqual([]);
      expect(once.engine.analyzed.length).toBeGreaterThan(0);
      expect((await once.call('server_info', {})).features.navigation).toMatchObject({
        indexes: 1,
        tagsMemory: { entries: Object.keys(FILES).length },
      });

      // An imports-only snapshot made without tags (analyze_dependencies): the tags pass tags every file.
      await twice.call('analyze_dependencies', { path: '.' });
      const fromTagsPass = [];
      for (const [name, args] of questions) fromTagsPass.push(await twice.call(name, args));
      expect(twice.engine.tagged.map((t) => t.length)).toEqual([Object.keys(FILES).length]);
      expect(fromAnalysis).toEqual(fromTagsPass);

      // An edit: only that file is analysed again, and its tags come with it.
      writeFileSync(
        join(root, 'src/use.ts'),
        "import { area } from './shapes.js';\nexport const b = area(3, area(1, 1));\n",
      );
      const refs = await once.call('find_references', { path: 'src/shapes.ts', symbol: 'area' });
      expect(once.engine.analyzed.at(-1)).toEqual(['src/use.ts']);
      expect(once.engine.tagged).toEqual([]);
      expect(
        refs.references.filter((r: { path: string; kind: string }) => r.path === 'src/use.ts' && r.kind === 'call'),
      ).toHaveLength(2);
    } finally {
      await once.close();
      await twice.close();
    }
  });
});
