import { mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { envelopeOf } from '../helpers/cli.js';
import { linkedClient } from '../helpers/app.js';
import { bothEngines, CountingEngine, fixedEngine, writeTree } from '../helpers/engines-under-test.js';

// Tags kept on disk between runs (the command line, a restarted server): a second process over
// an unchanged tree reads the imports from the results on disk and the tags from the tags on
// disk, and parses nothing; tags of another build of the extraction are never read; a corrupt
// entry is a miss; an edited file is parsed again, alone.

const FILES: Record<string, string> = {
  'src/shapes.ts': 'export function area(w: number, h: number) {\n  return w * h;\n}\n',
  'src/use.ts': "import { area } from './shapes.js';\nexport const a = area(1, 2);\n",
  'py/m.py': 'def helper(x):\n    return x\n\n\ndef run():\n    return helper(1)\n',
};

const engines = bothEngines();

describe.each(engines)('navigation tags on disk (%s engine)', (_name, make) => {
  let root: string;
  let cacheDir: string;
  const inner = make();
  beforeAll(() => {
    root = writeTree('mca-nav-disk-', FILES);
    cacheDir = mkdtempSync(join(tmpdir(), 'mca-nav-disk-cache-'));
  });
  afterAll(async () => {
    await inner.close();
    rmSync(root, { recursive: true, force: true });
    rmSync(cacheDir, { recursive: true, force: true });
  });

  /** One process's worth: an app on the shared cache directory, one question, closed (the disk written). */
  async function run(engine: CountingEngine) {
    const h = await linkedClient({ roots: [root], cacheDir }, { engines: fixedEngine(engine) });
    try {
      const envelope = envelopeOf(
        await h.client.callTool({
          name: 'find_references',
          arguments: { path: 'src/shapes.ts', symbol: 'area' },
        }),
      );
      expect(envelope.status, JSON.stringify(envelope.status)).toMatchObject({ success: true });
      return envelope.data.references.map((r: { path: string; line: number; kind: string }) =>
        [r.path, r.line, r.kind].join(':'),
      );
    } finally {
      await h.close();
    }
  }

  function tagEntries(): string[] {
    const dir = join(cacheDir, 'tags');
    const out: string[] = [];
    const walk = (d: string) => {
      for (const e of readdirSync(d, { withFileTypes: true })) {
        if (e.isDirectory()) walk(join(d, e.name));
        else out.push(join(d, e.name));
      }
    };
    walk(join(dir, 'v2'));
    return out.filter((f) => f.endsWith('.json'));
  }

  it('a second run parses nothing; another build reads none; a corrupt entry and an edited file are parsed again', async () => {
    const first = new CountingEngine(inner);
    const answer = await run(first);
    expect(first.analyzed.flat()).toHaveLength(3);
    expect(first.tagged.flat()).toEqual([]); // the tags came from the analysis's parse
    expect(tagEntries()).toHaveLength(3);

    const second = new CountingEngine(inner);
    expect(await run(second)).toEqual(answer);
    expect(second.analyzed.flat()).toEqual([]);
    expect(second.tagged.flat()).toEqual([]);

    const rebuilt = new CountingEngine(inner, `${inner.tagsBuild}-another-build`);
    expect(await run(rebuilt)).toEqual(answer);
    expect(rebuilt.tagged.flat().sort()).toEqual(Object.keys(FILES).sort());

    // Corrupt every entry: each is a miss, the files are tagged again and the entries replaced.
    for (const f of tagEntries()) writeFileSync(f, '{"format":2,"key":"x"}\nnot json', { flag: 'w' });
    const afterCorruption = new CountingEngine(inner);
    expect(await run(afterCorruption)).toEqual(answer);
    expect(afterCorruption.tagged.flat().sort()).toEqual(Object.keys(FILES).sort());

    writeFileSync(
      join(root, 'src/use.ts'),
      "import { area } from './shapes.js';\nexport const b = area(3, area(1, 1));\n",
    );
    const edited = new CountingEngine(inner);
    const refs = await run(edited);
    expect(edited.analyzed.flat()).toEqual(['src/use.ts']);
    expect(edited.tagged.flat()).toEqual([]);
    expect(refs.filter((r: string) => r.startsWith('src/use.ts:2:call'))).toHaveLength(2);
    expect(statSync(join(cacheDir, 'tags')).isDirectory()).toBe(true);
  });
});
