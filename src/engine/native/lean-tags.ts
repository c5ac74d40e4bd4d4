import type { FileTags, TagDefinition, TagDefinitionKind, TagImport, TagReference, TagReferenceKind } from '../tags.js';
import type { Language } from '../types.js';

/**
 * A file's tags as the native analysis sends them (crates/engine-node/src/lean_tags.rs): its
 * distinct strings once, then flat arrays of integers (string indexes, positions, flags):
 * a definition is 7 integers (name, kind, line, column, endLine, container or -1, exported 0/1),
 * a reference 6 (name, kind, line, column, receiver or -1, local 0/1), an import 5 (name,
 * imported, source, line, column). A third of the bytes of the same tags as objects, and a
 * name used a hundred times is one string.
 */
export type LeanFileTags = [
  path: string,
  language: Language,
  strings: string[],
  definitions: number[],
  references: number[],
  imports: number[],
];

/** The `FileTags` a lean file stands for: the same objects, property for property, as the JSON of `FileTags`. */
export function fromLean([path, language, s, d, r, i]: LeanFileTags): FileTags {
  const definitions: TagDefinition[] = new Array<TagDefinition>(d.length / 7);
  for (let k = 0, n = 0; k < d.length; k += 7, n++) {
    const container = d[k + 5]!;
    definitions[n] =
      container < 0
        ? {
            name: s[d[k]!]!,
            kind: s[d[k + 1]!] as TagDefinitionKind,
            line: d[k + 2]!,
            column: d[k + 3]!,
            endLine: d[k + 4]!,
            exported: d[k + 6] === 1,
          }
        : {
            name: s[d[k]!]!,
            kind: s[d[k + 1]!] as TagDefinitionKind,
            line: d[k + 2]!,
            column: d[k + 3]!,
            endLine: d[k + 4]!,
            container: s[container]!,
            exported: d[k + 6] === 1,
          };
  }
  const references: TagReference[] = new Array<TagReference>(r.length / 6);
  for (let k = 0, n = 0; k < r.length; k += 6, n++) {
    const ref: TagReference = {
      name: s[r[k]!]!,
      kind: s[r[k + 1]!] as TagReferenceKind,
      line: r[k + 2]!,
      column: r[k + 3]!,
    };
    const receiver = r[k + 4]!;
    if (receiver >= 0) ref.receiver = s[receiver]!;
    if (r[k + 5] === 1) ref.local = true;
    references[n] = ref;
  }
  const imports: TagImport[] = new Array<TagImport>(i.length / 5);
  for (let k = 0, n = 0; k < i.length; k += 5, n++)
    imports[n] = {
      name: s[i[k]!]!,
      imported: s[i[k + 1]!]!,
      source: s[i[k + 2]!]!,
      line: i[k + 3]!,
      column: i[k + 4]!,
    };
  return { path, language, definitions, references, imports };
}
