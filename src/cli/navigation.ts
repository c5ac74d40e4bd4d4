import { Command, Option } from 'commander';
import type { App } from '../server/app.js';
import { ANALYSIS_CONFIG_KEYS, addConfigOptions } from './options.js';
import { describeError, runTool } from './run-tool.js';

// Code navigation at the command line: symbols, refs, callers, map — the navigation tools'
// text blocks (or their envelopes with --json), over the tree of --scope (default: the
// working directory).

type WithApp = <T>(
  opts: Record<string, unknown>,
  target: string,
  body: (app: App, signal: AbortSignal) => Promise<T>,
) => Promise<T>;

async function show(app: App, tool: string, args: Record<string, unknown>, json: boolean, signal: AbortSignal) {
  const envelope = await runTool(app, tool, args, signal);
  if (json) process.stdout.write(`${JSON.stringify(envelope, null, 2)}\n`);
  else if (envelope.status.success) {
    const definition = app.registry.get(tool)!;
    process.stdout.write(
      `${definition.renderText?.(envelope.data as never) ?? JSON.stringify(envelope.data, null, 2)}\n`,
    );
  } else process.stderr.write(`${describeError(envelope)}\n`);
  if (!envelope.status.success) process.exitCode = 1;
}

/** `name` or `line:column` (1-based) of a symbol in a file. */
function symbolArgs(spec: string): Record<string, unknown> {
  const at = /^(\d+)(?::(\d+))?$/.exec(spec);
  if (!at) return { symbol: spec };
  return { line: Number(at[1]), ...(at[2] ? { column: Number(at[2]) } : {}) };
}

function withCommon(cmd: Command): Command {
  cmd.option('--json', 'print the response envelope as JSON').option('--scope <dir>', 'the tree to index (default .)');
  return addConfigOptions(cmd, ANALYSIS_CONFIG_KEYS);
}

const int = (v: string) => Number.parseInt(v, 10);

export function navigationCommands(withApp: WithApp): Command[] {
  const symbols = withCommon(
    new Command('symbols')
      .description('Where symbols are defined, by name: exact, prefix, substring, fuzzy (find_symbol).')
      .argument('<query>', 'a name or part of it')
      .addOption(new Option('--kind <kind>', 'only this kind (function, method, class, interface, type, …)'))
      .option('--limit <n>', 'results (default 20)', int),
  ).action(async (query: string, opts: any) => {
    const scope = opts.scope ?? '.';
    await withApp(opts, scope, (app, signal) =>
      show(app, 'find_symbol', { query, path: scope, ...pick(opts, ['kind', 'limit']) }, Boolean(opts.json), signal),
    );
  });
  const refs = withCommon(
    new Command('refs')
      .description('Every use of a symbol: definition, imports, calls, references, with confidence (find_references).')
      .argument('<file>', 'the file that defines (or uses) the symbol')
      .argument('<symbol>', 'its name, or line:column (1-based) of the name in the file')
      .option('--limit <n>', 'references per page (default 100)', int)
      .option('--min-confidence <c>', 'leave out uses below this confidence', Number.parseFloat),
  ).action(async (file: string, spec: string, opts: any) => {
    await withApp(opts, opts.scope ?? '.', (app, signal) =>
      show(
        app,
        'find_references',
        { path: file, ...symbolArgs(spec), ...pick(opts, ['scope', 'limit', 'minConfidence']) },
        Boolean(opts.json),
        signal,
      ),
    );
  });
  const callers = withCommon(
    new Command('callers')
      .description('Who calls a function, and with --callees what it calls, to a depth (call_graph).')
      .argument('<file>', 'the file that defines the function')
      .argument('<symbol>', 'its name, or line:column (1-based)')
      .option('--callees', 'what it calls instead')
      .option('--both', 'callers and callees')
      .option('--depth <n>', 'levels (default 2)', int),
  ).action(async (file: string, spec: string, opts: any) => {
    const direction = opts.both ? 'both' : opts.callees ? 'callees' : 'callers';
    await withApp(opts, opts.scope ?? '.', (app, signal) =>
      show(
        app,
        'call_graph',
        { path: file, ...symbolArgs(spec), direction, ...pick(opts, ['scope', 'depth']) },
        Boolean(opts.json),
        signal,
      ),
    );
  });
  const map = addConfigOptions(
    new Command('map')
      .description(
        'A map of the repository within a token budget: top files by PageRank, their main definitions (repo_map).',
      )
      .argument('[path]', 'directory to map', '.')
      .option('--tokens <n>', 'budget in estimated tokens (characters/4; default 2000)', int)
      .option('--focus <file>', 'centre the ranking on this file (repeatable)', (v, p: string[] = []) => [...p, v])
      .option('--json', 'print the response envelope as JSON'),
    ANALYSIS_CONFIG_KEYS,
  ).action(async (path: string, opts: any) => {
    await withApp(opts, path, (app, signal) =>
      show(
        app,
        'repo_map',
        { path, ...(opts.tokens ? { tokenBudget: opts.tokens } : {}), ...(opts.focus ? { focus: opts.focus } : {}) },
        Boolean(opts.json),
        signal,
      ),
    );
  });
  return [symbols, refs, callers, map];
}

function pick(opts: Record<string, unknown>, keys: string[]): Record<string, unknown> {
  return Object.fromEntries(keys.filter((k) => opts[k] !== undefined).map((k) => [k, opts[k]]));
}
