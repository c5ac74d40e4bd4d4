import { z } from 'zod';

// Shapes shared by the navigation tools (find_symbol, find_references, call_graph, impact, repo_map).

export const DefinitionKindEnum = z.enum([
  'function',
  'method',
  'class',
  'interface',
  'type',
  'enum',
  'variable',
  'constant',
  'field',
  'module',
  'struct',
  'trait',
]);

export const ScopeField = z
  .string()
  .min(1)
  .max(4096)
  .optional()
  .describe('The directory to index and search (default "." : the first root).');

export const FoundSymbolSchema = z.object({
  name: z.string(),
  kind: z.string(),
  path: z.string().describe('File relative to the root.'),
  startLine: z.number(),
  endLine: z.number(),
  column: z.number().describe('1-based column of the name (in characters).'),
  container: z.string().optional().describe('The enclosing class, struct, module or function.'),
  exported: z
    .boolean()
    .describe('Visible outside its file (export, pub, public, a capital letter in Go, no leading _ in Python).'),
  match: z.enum(['exact', 'case', 'prefix', 'substring', 'fuzzy']).optional(),
});

export const ConfidenceField = z
  .number()
  .describe(
    '1 when the code binds the name to the symbol (local, imported, this/self member, same package); below 1 for a same-named candidate (1/n of n candidates, halved when nothing in the file binds the name).',
  );
