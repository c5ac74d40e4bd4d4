#!/usr/bin/env node
import { statSync } from 'node:fs';
import { setFlagsFromString } from 'node:v8';
import { dirname, resolve } from 'node:path';
import { Command, Option } from 'commander';
import { ConfigError, loadConfig } from '../config/config.js';
import { createLogger } from '../config/logger.js';
import { createApp, type App, type AppOverrides } from '../server/app.js';
import { SERVER_VERSION } from '../server/version.js';
import { batchCommand } from './batch.js';
import { checkCommand } from './check.js';
import { navigationCommands } from './navigation.js';
import { printAllPages } from './all-pages.js';
import { flagsCommand } from './flags.js';
import { ANALYSIS_CONFIG_KEYS, addConfigOptions, flagsToConfig } from './options.js';
import { summaryReport } from './reports.js';
import { describeError, runTool } from './run-tool.js';
import { serveCommand } from './serve.js';
import { fleetCommand } from './fleet.js';
import { sessionsCommand } from './sessions.js';
import { toolsCommand } from './tools.js';

/**
 * Builds the app for one command; Ctrl-C cancels the running call (it answers CANCELLED).
 * Roots protect a server from its clients; a person at the command line may analyse the paths
 * they name, so without --root (or MCA_ROOTS) the roots are the working directory and those.
 */
async function withApp<T>(
  opts: Record<string, unknown>,
  target: string | readonly string[],
  body: (app: App, signal: AbortSignal) => Promise<T>,
  overrides: AppOverrides = {},
): Promise<T> {
  const flags = flagsToConfig(opts);
  if (!flags.roots && !process.env.MCA_ROOTS)
    flags.roots = [...new Set([process.cwd(), ...(typeof target === 'string' ? [target] : target).map(rootFor)])];
  // The answer budget protects an agent's context; a terminal or a pipe takes whole pages.
  if (flags.maxResponseTokens === undefined && !process.env.MCA_MAX_RESPONSE_TOKENS)
    flags.maxResponseTokens = CLI_RESPONSE_TOKENS;
  if (flags.cacheMemoryMb === undefined && !process.env.MCA_CACHE_MEMORY_MB) flags.cacheMemoryMb = CLI_CACHE_MEMORY_MB;
  const config = loadConfig({ logLevel: 'warn', ...flags });
  const app = await createApp(config, createLogger(config.logLevel), { ...overrides, oneShot: true });
  const abort = new AbortController();
  const onSigint = () => abort.abort();
  process.once('SIGINT', onSigint);
  // A one-shot run streams every file's result through and keeps a small head of each. By
  // default V8 lets the heap grow to several times what is live, so peak memory grew with the
  // tree much faster than what is held; a 20% growth step keeps the heap near what is live for
  // about the same time (bench/memory-scale.ts). GC tuning only: no result depends on it.
  // Restored after the run (0 is V8's default): V8 rejects compiled code cached under other
  // flags, and the launcher (launch.ts) caches this process's code at exit.
  setFlagsFromString('--heap-growing-percent=20');
  try {
    return await body(app, abort.signal);
  } finally {
    setFlagsFromString('--heap-growing-percent=0');
    process.off('SIGINT', onSigint);
    await app.close();
  }
}

const CLI_RESPONSE_TOKENS = 1_000_000;
/** One run looks each file up once: memory tiers only serve a page's details, so keep them small. */
const CLI_CACHE_MEMORY_MB = 8;

/** The directory of a target path (a file's parent), when it exists. */
function rootFor(target: string): string {
  const abs = resolve(target);
  try {
    return statSync(abs).isDirectory() ? abs : dirname(abs);
  } catch {
    return process.cwd();
  }
}

function print(json: boolean, envelope: Awaited<ReturnType<typeof runTool>>, human: (data: any) => string): void {
  if (json) process.stdout.write(`${JSON.stringify(envelope, null, 2)}\n`);
  else if (envelope.status.success) process.stdout.write(`${human(envelope.data)}\n`);
  else process.stderr.write(`${describeError(envelope)}\n`);
  if (!envelope.status.success) process.exitCode = 1;
}

/**
 * A command for one analysis tool; people read the same text block a model does (or the bare Mermaid/DOT rendering, for
 * a pipe).
 */
function analysisCommand(
  name: string,
  tool: string,
  summary: string,
  extra: (args: Record<string, unknown>, opts: any) => void = () => undefined,
  pathOptional = false,
) {
  const cmd = new Command(name)
    .description(summary)
    .argument(pathOptional ? '[path]' : '<path>', 'file or directory under a root', pathOptional ? '.' : undefined)
    .option('--json', 'print the response envelope as JSON')
    .option('--all', 'every page, following nextCursor (with --json: one envelope per page, one per line)')
    .addOption(
      new Option(
        '--detail <level>',
        'summary (default for a directory), standard (default for a file) or full',
      ).choices(['summary', 'standard', 'full']),
    )
    .option('--limit <n>', 'files (or graph nodes) per page', (v) => Number.parseInt(v, 10))
    .option('--cursor <cursor>', 'the page after a previous one (its nextCursor)')
    .option('--include <glob>', 'only files matching (repeatable)', (v, p: string[] = []) => [...p, v])
    .option('--exclude <glob>', 'skip files matching (repeatable)', (v, p: string[] = []) => [...p, v]);
  addConfigOptions(cmd, ANALYSIS_CONFIG_KEYS);
  return cmd.action(async (path: string, opts: any) => {
    await withApp(opts, path, async (app, signal) => {
      const picked = {
        limit: opts.limit,
        detail: opts.detail,
        cursor: opts.cursor,
        include: opts.include,
        exclude: opts.exclude,
      };
      const args: Record<string, unknown> = {
        path,
        ...Object.fromEntries(Object.entries(picked).filter(([, v]) => v !== undefined)),
      };
      extra(args, opts);
      const definition = app.registry.get(tool)!;
      const render = (data: any) => data.rendering ?? definition.renderText?.(data) ?? JSON.stringify(data, null, 2);
      if (opts.all)
        return printAllPages({
          tool,
          args,
          json: Boolean(opts.json),
          page: (a) => runTool(app, tool, a, signal),
          render,
          describeError,
        });
      print(Boolean(opts.json), await runTool(app, tool, args, signal), render);
    });
  });
}

const program = new Command('mcp-code-analysis')
  .description(
    'Precise, fast facts about a codebase — complexity, structure, dependencies — as an MCP server and a command line.',
  )
  .version(SERVER_VERSION, '-V, --version')
  .showHelpAfterError('(add --help for usage)');

program.addCommand(serveCommand());
program.addCommand(
  addConfigOptions(
    new Command('analyze')
      .description(
        'Summary report of a file or directory: files and functions by language, top functions by cognitive complexity, cycles, syntax errors and skipped files.',
      )
      .argument('[path]', 'file or directory under a root', '.')
      .option('--json', 'print both envelopes (complexity and dependencies) as JSON'),
    ANALYSIS_CONFIG_KEYS,
  ).action(async (path: string, opts: any) => {
    await withApp(opts, path, async (app, signal) => {
      const complexity = await runTool(app, 'analyze_complexity', { path, detail: 'summary', limit: 1000 }, signal);
      if (!complexity.status.success) return print(Boolean(opts.json), complexity, () => '');
      // The second run finds every file in the per-file cache: no file is parsed twice.
      const deps = await runTool(app, 'analyze_dependencies', { path }, signal);
      if (opts.json) process.stdout.write(`${JSON.stringify({ complexity, dependencies: deps }, null, 2)}\n`);
      else process.stdout.write(`${summaryReport(path, complexity, deps)}\n`);
    });
  }),
);
program.addCommand(
  analysisCommand(
    'complexity',
    'analyze_complexity',
    'Complexity: totals, worst functions and files; per function with --detail standard|full (analyze_complexity).',
    (args, opts) => {
      if (opts.sortBy) args.sortBy = opts.sortBy;
    },
  ).addOption(new Option('--sort-by <key>', 'order files by').choices(['path', 'cognitive', 'cyclomatic', 'loc'])),
);
program.addCommand(analysisCommand('structure', 'analyze_structure', 'Outline of every file (analyze_structure).'));
program.addCommand(
  analysisCommand(
    'deps',
    'analyze_dependencies',
    'Dependency graph: coupling, cycles, unresolved imports (analyze_dependencies).',
    (args, opts) => {
      if (opts.format) args.format = opts.format;
      if (opts.external) args.includeExternal = true;
      if (opts.includeTypeEdges) args.includeTypeEdges = true;
      if (opts.includeDynamicEdges) args.includeDynamicEdges = true;
    },
  )
    .addOption(
      new Option('--format <format>', 'add a Mermaid or DOT rendering of the nodes and edges').choices([
        'json',
        'mermaid',
        'dot',
      ]),
    )
    .option('--external', 'include external packages')
    .option(
      '--include-type-edges',
      'let type-only imports make cycles (TypeScript import type, Python if TYPE_CHECKING)',
    )
    .option(
      '--include-dynamic-edges',
      'let dynamic imports make cycles (import(), require() inside functions, Python imports inside functions)',
    ),
);
program.addCommand(checkCommand(withApp));
program.addCommand(batchCommand(withApp));
program.addCommand(
  analysisCommand(
    'hotspots',
    'hotspots',
    'Files that are complex and change often, from the git history: commits, churn, authors, complexity, score; the changed functions of the top files (hotspots).',
    (args, opts) => {
      if (opts.since) args.since = opts.since;
      if (opts.sortBy) args.sortBy = opts.sortBy;
    },
    true,
  )
    .option(
      '--since <when>',
      'start of the window: a date (2025-01-31) or a span back from today (6 months ago); default 1 year ago',
    )
    .addOption(
      new Option('--sort-by <key>', 'order files by').choices(['score', 'commits', 'churn', 'authors', 'complexity']),
    ),
);
for (const command of navigationCommands(withApp)) program.addCommand(command);
program.addCommand(toolsCommand());
program.addCommand(sessionsCommand());
program.addCommand(flagsCommand());
program.addCommand(fleetCommand());

program.parseAsync(process.argv).catch((error: unknown) => {
  if (error instanceof ConfigError) process.stderr.write(`mcp-code-analysis: ${error.message}\n`);
  else process.stderr.write(`mcp-code-analysis: ${(error as Error).message ?? String(error)}\n`);
  process.exitCode = 2;
});
