import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

// Golden inputs are txtar archives (Go's format: a `-- path --` line starts each file), so
// a source tree of any language lives in one reviewable file that no compiler or linter
// of this repository picks up, and both engines' test suites can read it.

export function parseTxtar(text: string): Map<string, string> {
  const files = new Map<string, string>();
  let current: string | undefined;
  // Every line ends with '\n', so the empty string after the archive's last '\n' is no line.
  const lines = text.endsWith('\n') ? text.slice(0, -1).split('\n') : text.split('\n');
  for (const line of lines) {
    const marker = /^-- (.+) --$/.exec(line);
    if (marker) {
      current = marker[1]!.trim();
      files.set(current, '');
    } else if (current !== undefined) files.set(current, `${files.get(current)}${line}\n`);
  }
  return files;
}

/** Writes the archive into a fresh temporary directory and returns its path. */
export function materialise(files: Map<string, string>, prefix = 'mca-golden-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  for (const [path, content] of files) {
    const abs = join(dir, path);
    mkdirSync(dirname(abs), { recursive: true });
    writeFileSync(abs, content);
  }
  return dir;
}
