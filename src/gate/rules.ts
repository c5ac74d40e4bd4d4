// The quality gate's rules, described once: the tool lists their ids, the SARIF output their
// metadata, the text and GitHub outputs their titles.

export const RULE_IDS = ['max-cyclomatic', 'max-cognitive', 'max-fan-out', 'no-cycles'] as const;
export type RuleId = (typeof RULE_IDS)[number];

export interface RuleInfo {
  id: RuleId;
  /** PascalCase, as SARIF consumers show it. */
  name: string;
  title: string;
  short: string;
  full: string;
  help: string;
  /** What the violation is attached to. */
  scope: 'function' | 'file' | 'cycle';
}

export const RULES: Record<RuleId, RuleInfo> = {
  'max-cyclomatic': {
    id: 'max-cyclomatic',
    name: 'MaxCyclomaticComplexity',
    title: 'Cyclomatic complexity over the limit',
    short: 'A function has more independent paths (McCabe cyclomatic complexity) than the limit.',
    full: "Cyclomatic complexity is 1 plus the number of decision points in the function's own body (if, loops, case labels, catch, ternaries and the short-circuit operators); nested functions count on their own. A function over the limit needs more test cases to cover its paths than the team allows.",
    help: 'Split the function: extract the branches of a long if/else or switch into functions, replace condition chains by a lookup table, return early. Limit: --max-cyclomatic (or maxCyclomatic in .mca-check.json).',
    scope: 'function',
  },
  'max-cognitive': {
    id: 'max-cognitive',
    name: 'MaxCognitiveComplexity',
    title: 'Cognitive complexity over the limit',
    short: 'A function is harder to understand (SonarSource cognitive complexity) than the limit allows.',
    full: 'Cognitive complexity (G. Ann Campbell, SonarSource) adds 1 for each break in linear flow and more for each level of nesting it sits in; sequences of like logical operators count once. A function over the limit is hard to read and to change safely.',
    help: 'Reduce nesting: return early, extract the inner blocks of nested loops and conditions into named functions, split boolean expressions into named variables. Limit: --max-cognitive (or maxCognitive in .mca-check.json).',
    scope: 'function',
  },
  'max-fan-out': {
    id: 'max-fan-out',
    name: 'MaxFanOut',
    title: 'File fan-out over the limit',
    short: 'A file imports more distinct files of the analysed tree than the limit.',
    full: 'Fan-out is the number of distinct files of the analysed tree a file imports (resolved imports of every kind; external packages and builtins do not count), from the dependency graph. A file over the limit depends on too much of the code base and breaks when any of it changes.',
    help: 'Split the file by responsibility, or depend on a smaller interface (a facade or a module that re-exports what is needed). Limit: --max-fan-out (or maxFanOut in .mca-check.json).',
    scope: 'file',
  },
  'no-cycles': {
    id: 'no-cycles',
    name: 'NoImportCycles',
    title: 'Import cycle',
    short: 'Files import each other in a cycle.',
    full: 'Each strongly connected component of the import graph (files that all reach each other by imports, or a file importing itself) is one violation, over the edges that make cycles by default in analyze_dependencies (see METRICS.md). The message shows a shortest real cycle through the component, every step an import.',
    help: 'Break one import of the cycle shown: move what both files need into a third module, invert the dependency (pass a function or an interface in), or make the import type-only. Enabled by --no-cycles (or "noCycles": true in .mca-check.json).',
    scope: 'cycle',
  },
};
