import pino, { type Logger } from 'pino';

/** Logs go to stderr only: in stdio mode stdout belongs to the protocol. */
export function createLogger(level: string): Logger {
  return pino({ level, base: { name: 'mcp-code-analysis' } }, pino.destination({ dest: 2, sync: true }));
}
