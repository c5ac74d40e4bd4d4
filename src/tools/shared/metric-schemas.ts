import { z } from 'zod';

// Output schemas of the metrics (METRICS.md is the normative description).

export const LocSchema = z.object({
  sloc: z.number().describe('Lines from first to last (inclusive).'),
  ploc: z.number().describe('Lines holding code.'),
  lloc: z.number().describe('Statements.'),
  cloc: z.number().describe('Lines holding a comment.'),
  blank: z.number().describe('Blank lines.'),
});

export const HalsteadSchema = z
  .object({
    n1: z.number(),
    n2: z.number(),
    N1: z.number(),
    N2: z.number(),
    vocabulary: z.number(),
    length: z.number(),
    volume: z.number(),
    difficulty: z.number(),
    effort: z.number(),
    bugs: z.number(),
  })
  .describe('Halstead metrics: n1/N1 distinct/total operators, n2/N2 distinct/total operands.');

export const FunctionSchema = z.object({
  name: z.string().describe('Declared name, Type.method for methods, <anonymous> otherwise.'),
  kind: z.string().describe('function | method | constructor | getter | setter | arrow | lambda | closure | generator'),
  startLine: z.number(),
  endLine: z.number(),
  cyclomatic: z.number().describe('McCabe cyclomatic complexity.'),
  cognitive: z.number().describe('SonarSource cognitive complexity.'),
  params: z.number(),
  exits: z.number().describe('Explicit return statements.'),
  maxNesting: z.number().describe('Deepest nesting of control structures.'),
  loc: LocSchema.optional().describe('Line counts (detail full).'),
  halstead: HalsteadSchema.optional().describe('Halstead metrics (detail full).'),
  mi: z.number().optional().describe('Maintainability index, 171-based (detail full).'),
  miNormalized: z.number().optional().describe('Maintainability index scaled to 0..100 (detail full).'),
});

export const TotalsSchema = z.object({
  functions: z.number(),
  cyclomaticSum: z.number(),
  cyclomaticMax: z.number(),
  cognitiveSum: z.number().describe('Sum over functions not nested in another function.'),
  loc: LocSchema,
});

export const ParseErrorsSchema = z.object({
  count: z.number().describe('Syntax error nodes; the file is still analysed (tree-sitter recovers).'),
  first: z.array(z.object({ line: z.number(), column: z.number() })),
});

export type SymbolNode = {
  name: string;
  kind: string;
  startLine: number;
  endLine: number;
  exported: boolean;
  signature?: string | undefined;
  children?: SymbolNode[] | undefined;
  childrenOmitted?: number | undefined;
};

export const SymbolSchema: z.ZodType<SymbolNode> = z.lazy(() =>
  z.object({
    name: z.string(),
    kind: z
      .string()
      .describe(
        'class | interface | type | enum | function | method | constructor | property | variable | module | struct | trait | impl',
      ),
    startLine: z.number(),
    endLine: z.number(),
    exported: z.boolean(),
    signature: z.string().optional().describe("The declaration's first line, trimmed (detail standard and full)."),
    children: z
      .array(SymbolSchema)
      .optional()
      .describe('Nested symbols; absent where the tree was cut at the depth of the detail or maxDepth.'),
    childrenOmitted: z.number().optional().describe('Nested symbols not shown because the tree was cut here.'),
  }),
);
