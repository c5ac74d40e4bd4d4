import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { languageOf } from '../../src/engine/languages.js';
import type { TagFile } from '../../src/engine/types.js';
import { WasmEngine } from '../../src/engine/wasm/engine.js';

// The WASM engine's tags run where its analyses run: on worker threads (the main thread stays
// free while a tree is indexed) or, with threads: 0, in this thread. Both give the same tags,
// in the order of the files asked; a file that cannot be read is left out.

const GOLDEN = new URL('../golden/tags/', import.meta.url);

/** The one source file of each tags golden (txtar: `-- name --` sections), written out. */
function goldenSources(dir: string): TagFile[] {
  const files: TagFile[] = [];
  for (const archive of readdirSync(GOLDEN).filter((n) => n.endsWith('.txtar'))) {
    const text = readFileSync(new URL(archive, GOLDEN), 'utf8');
    const sections = text.split(/^-- (.+) --$/m);
    for (let i = 1; i < sections.length; i += 2) {
      const name = sections[i]!.trim();
      const language = languageOf(name);
      if (name === 'expected.json' || !language) continue;
      const abs = join(dir, `${archive}-${name.replaceAll('/', '_')}`);
      writeFileSync(abs, sections[i + 1]!.replace(/^\n/, ''));
      files.push({ abs, rel: `${archive}/${name}`, language });
    }
  }
  return files;
}

describe('WASM tags on worker threads', () => {
  const dir = mkdtempSync(join(tmpdir(), 'mca-tags-threads-'));
  const threaded = new WasmEngine({ threads: 2 });
  const inThread = new WasmEngine({ threads: 0 });
  afterAll(async () => {
    await Promise.all([threaded.close(), inThread.close()]);
    rmSync(dir, { recursive: true, force: true });
  });

  it('equal the tags of this thread, in the order asked, without the files that cannot be read', async () => {
    const files = goldenSources(dir);
    expect(files.length).toBeGreaterThanOrEqual(7);
    const asked = [...files].reverse();
    asked.splice(2, 0, { abs: join(dir, 'missing.ts'), rel: 'missing.ts', language: 'typescript' });
    const [a, b] = await Promise.all([threaded.tags(asked), inThread.tags(asked)]);
    expect(a.map((t) => t.path)).toEqual(files.map((f) => f.rel).reverse());
    expect(a).toEqual(b);
    expect(a.every((t) => t.definitions.length > 0 && t.references.length > 0)).toBe(true);
  });

  it('stops when its signal aborts', async () => {
    const files = goldenSources(dir);
    const abort = new AbortController();
    abort.abort(new Error('enough'));
    await expect(threaded.tags(files, { signal: abort.signal })).rejects.toMatchObject({ code: 'CANCELLED' });
  });
});
