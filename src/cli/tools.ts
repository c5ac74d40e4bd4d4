import { Command } from 'commander';
import { ToolRegistry } from '../registry/registry.js';
import { table } from '../tools/shared/text-table.js';

export function toolsCommand(): Command {
  return new Command('tools')
    .description('List the tools this server offers (the registry), with their input schemas in --json.')
    .option('--json', 'print the tool listings as MCP tools/list returns them')
    .action((opts: { json?: boolean }) => {
      const registry = new ToolRegistry();
      if (opts.json) {
        process.stdout.write(`${JSON.stringify(registry.listings(), null, 2)}\n`);
        return;
      }
      const rows = registry.tools.map((t) => [
        t.name,
        t.category,
        t.annotations.readOnlyHint ? 'read-only' : 'writes',
        t.title,
      ]);
      process.stdout.write(
        `${table(['tool', 'category', 'effect', 'title'], rows)}\n\nRun "mcp-code-analysis tools --json" for schemas, or call discover_tools.\n`,
      );
    });
}
