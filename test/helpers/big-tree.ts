import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A tree of generated sources big enough that analysing it takes a noticeable while. */
export function bigTree(files: number): string {
  const dir = mkdtempSync(join(tmpdir(), 'mca-big-'));
  const body = Array.from(
    { length: 40 },
    (_, i) =>
      `export function f${i}(a: number, b: number): number {\n  if (a > b && b > ${i}) { for (let k = 0; k < a; k++) { if (k % 3 === 0 || k % 5 === 0) { b += k; } } }\n  return a ? b : -b;\n}\n`,
  ).join('');
  for (let i = 0; i < files; i++) {
    const sub = join(dir, `pkg${i % 20}`);
    mkdirSync(sub, { recursive: true });
    writeFileSync(join(sub, `m${i}.ts`), `// file ${i}\n${body}`);
  }
  return dir;
}
