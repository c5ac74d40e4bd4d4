import { serveStdio } from '@modelcontextprotocol/server/stdio';
import type { App } from './app.js';
import { buildServer } from './build-server.js';

export interface RunningServer {
  /** Stop taking new calls; calls in flight go on. */
  stopAccepting(): Promise<void>;
  /** Close the transport and every connection. */
  close(): Promise<void>;
}

/**
 * Both protocol eras on stdio: the SDK's serveStdio lets the opening exchange choose the era
 * (initialize: 2025, server/discover: 2026-07-28) and pins a server from the factory to it.
 */
export function startStdio(app: App): RunningServer {
  app.registry.listings(); // tool listings and JSON Schemas built once, before the first request
  const handle = serveStdio(() => buildServer(app), {
    onerror: (error) => app.log.warn({ err: error }, 'stdio transport error'),
  });
  // stdin stays open until in-flight calls have answered: their results go out on stdout.
  return { stopAccepting: async () => undefined, close: () => handle.close() };
}
