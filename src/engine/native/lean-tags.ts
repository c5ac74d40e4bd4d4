import type { FileTags } from '../tags.js';
import type { Language } from '../types.js';

/**
 * A list of a file's tags as the native analysis sends it (crates/engine-node/src/lean_tags.rs):
 * the fields its items have, as [name, type] (`s` string, `n` number, `b` boolean, `z` null), and
 * per item a bit mask of the fields it has, then their values (strings as indexes in the file's
 * strings, booleans as 0/1).
 */
type LeanList = [columns: [string, 's' | 'n' | 'b' | 'z'][], data: number[]];

/**
 * A file's tags: its distinct strings once, then its three lists. A file that did not fit comes
 * as its FileTags object.
 */
export type LeanFileTags =
  | [
      path: string,
      language: Language,
      strings: string[],
      definitions: LeanList,
      references: LeanList,
      imports: LeanList,
    ]
  | FileTags;

function items(strings: string[], [columns, data]: LeanList): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  for (let k = 0; k < data.length;) {
    const mask = data[k++]!;
    const item: Record<string, unknown> = {};
    for (let c = 0; c < columns.length; c++) {
      if ((mask & (1 << c)) === 0) continue;
      const [name, type] = columns[c]!;
      if (type === 'z') item[name] = null;
      else {
        const v = data[k++]!;
        item[name] = type === 's' ? strings[v] : type === 'b' ? v === 1 : v;
      }
    }
    out.push(item);
  }
  return out;
}

/** The `FileTags` a lean file stands for: the same fields and values as the JSON of `FileTags`. */
export function fromLean(file: LeanFileTags): FileTags {
  if (!Array.isArray(file)) return file;
  const [path, language, strings, definitions, references, imports] = file;
  return {
    path,
    language,
    definitions: items(strings, definitions) as unknown as FileTags['definitions'],
    references: items(strings, references) as unknown as FileTags['references'],
    imports: items(strings, imports) as unknown as FileTags['imports'],
  };
}
