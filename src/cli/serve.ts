import { Command } from 'commander';
import { loadConfig } from '../config/config.js';
import { createLogger } from '../config/logger.js';
import { createApp } from '../server/app.js';
import { addConfigOptions, flagsToConfig } from './options.js';

export function serveCommand(): Command {
  const cmd = new Command('serve').description(
    'Run the MCP server: stdio by default (for Claude Desktop, Claude Code, Cursor), or Streamable HTTP at /mcp with --http.',
  );
  addConfigOptions(cmd);
  return cmd.action(async (opts: Record<string, unknown>) => {
    const config = loadConfig(flagsToConfig(opts));
    const log = createLogger(config.logLevel);
    const app = await createApp(config, log);
    // The transports (and the SDK's HTTP adapter) are loaded by the command that serves.
    const { installShutdown } = await import('../server/shutdown.js');
    if (config.http) {
      const { startHttp } = await import('../server/http.js');
      const running = await startHttp(app);
      installShutdown(app, running, { watchStdin: false });
      log.info({ url: running.url, engine: app.deps.engines.availability().selected, store: config.store }, 'listening');
      // The one line a supervisor or test reads to find the port (stderr: stdout stays clean).
      process.stderr.write(`mcp-code-analysis listening on ${running.url}\n`);
    } else {
      const { startStdio } = await import('../server/stdio.js');
      const running = startStdio(app);
      installShutdown(app, running, { watchStdin: true });
      log.info({ engine: app.deps.engines.availability().selected, store: config.store }, 'serving on stdio');
    }
  });
}
