import { hostname } from 'node:os';
import { Command } from 'commander';
import { loadConfig } from '../config/config.js';
import { createLogger } from '../config/logger.js';
import { createApp, type App } from '../server/app.js';
import type { InstanceInfo } from '../server/fleet/instance-info.js';
import { SERVER_VERSION } from '../server/version.js';
import { addConfigOptions, flagsToConfig } from './options.js';

/** What this serving process tells the fleet's registry about itself, read at every heartbeat. */
function describeSelf(app: App, transport: 'http' | 'stdio', url?: string): () => InstanceInfo {
  const startedAt = app.deps.startedAt.toISOString();
  const host = hostname();
  return () => ({
    id: app.fleet.instanceId,
    version: SERVER_VERSION,
    eras: ['2025', '2026-07-28'],
    engine: app.deps.engines.availability().selected,
    store: app.config.store,
    ...(url ? { url } : {}),
    transport,
    pid: process.pid,
    host,
    startedAt,
    callsInFlight: app.service.activeCount,
  });
}

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
      await app.fleet.announce(describeSelf(app, 'http', running.url));
      installShutdown(app, running, { watchStdin: false });
      log.info(
        { url: running.url, engine: app.deps.engines.availability().selected, store: config.store },
        'listening',
      );
      // The one line a supervisor or test reads to find the port (stderr: stdout stays clean).
      process.stderr.write(`mcp-code-analysis listening on ${running.url}\n`);
    } else {
      const { startStdio } = await import('../server/stdio.js');
      const running = startStdio(app);
      await app.fleet.announce(describeSelf(app, 'stdio'));
      installShutdown(app, running, { watchStdin: true });
      log.info({ engine: app.deps.engines.availability().selected, store: config.store }, 'serving on stdio');
    }
  });
}
