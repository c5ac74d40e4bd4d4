import type { Envelope } from '../envelope/envelope.js';
import type { App } from '../server/app.js';
import { progressBar } from './progress.js';

/** Runs a tool through the same execution service the MCP server uses: one code path. */
export async function runTool(
  app: App,
  name: string,
  args: Record<string, unknown>,
  signal?: AbortSignal,
): Promise<Envelope<any>> {
  const tool = app.registry.get(name);
  if (!tool) throw new Error(`unknown tool ${name}`);
  const bar = progressBar();
  try {
    const { envelope } = await app.service.run(tool, args, {
      ...(signal ? { signal } : {}),
      onProgress: (done, total) => bar.update(done, total),
    });
    return envelope;
  } finally {
    bar.done();
  }
}

/** Prints an error envelope for people: code, message and what to do. */
export function describeError(envelope: Envelope): string {
  const s = envelope.status;
  return `error ${s.code}: ${s.message ?? ''}${s.action ? `\n  what to do: ${s.action}` : ''}`;
}
