import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { languageOf } from '../../src/engine/languages.js';
import { tagsOfFile } from '../../src/engine/wasm/tags.js';
import { parseTxtar } from '../golden/txtar.js';

// Tags goldens (queries/tags/README.md, "Goldens"), run by the WASM engine; the native engine
// runs the same archives. Each archive holds one source file and `expected.json`, its FileTags.
//
// UPDATE_GOLDEN=1 rewrites each archive's expected.json from the engine: review every change by
// hand against the README's rules, since these files are the spec the native engine must meet.

const DIR = fileURLToPath(new URL('../golden/tags/', import.meta.url));
const EXPECTED = 'expected.json';

const cases = readdirSync(DIR)
  .filter((f) => f.endsWith('.txtar'))
  .sort();

function sourceOf(files: Map<string, string>): [string, string] {
  const sources = [...files].filter(([path]) => path !== EXPECTED);
  if (sources.length !== 1) throw new Error(`expected one source file, found ${sources.length}`);
  return sources[0]!;
}

describe('tags goldens (wasm)', () => {
  it('has a case per language', () => {
    const languages = new Set(
      cases.map((c) => languageOf(sourceOf(parseTxtar(readFileSync(join(DIR, c), 'utf8')))[0])),
    );
    expect([...languages].sort()).toEqual(['go', 'java', 'javascript', 'python', 'rust', 'tsx', 'typescript']);
  });

  for (const name of cases) {
    it(name, async () => {
      const file = join(DIR, name);
      const text = readFileSync(file, 'utf8');
      const files = parseTxtar(text);
      const [path, source] = sourceOf(files);
      const language = languageOf(path);
      if (!language) throw new Error(`no language for ${path}`);
      const actual = await tagsOfFile(path, language, source);
      if (process.env.UPDATE_GOLDEN === '1') {
        const json = `${JSON.stringify(actual, null, 2)}\n`;
        const marker = `-- ${EXPECTED} --\n`;
        const at = text.indexOf(marker);
        writeFileSync(file, `${at < 0 ? `${text}` : text.slice(0, at)}${marker}${json}`);
        return;
      }
      const expected = files.get(EXPECTED);
      if (expected === undefined) throw new Error(`${name} has no ${EXPECTED}`);
      expect(actual).toEqual(JSON.parse(expected));
    });
  }
});
