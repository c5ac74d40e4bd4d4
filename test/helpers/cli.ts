import { fileURLToPath } from 'node:url';
import { toolText } from '../../src/registry/call-result.js';
import { ToolRegistry } from '../../src/registry/registry.js';

export const REPO = fileURLToPath(new URL('../..', import.meta.url));
export const CLI = fileURLToPath(new URL('../../dist/bin/mcp-code-analysis.js', import.meta.url));
export const SAMPLE = fileURLToPath(new URL('../fixtures/sample', import.meta.url));

export type Env = {
  status: { success: boolean; code: string; message?: string; retryable?: boolean };
  data: any;
  metadata: any;
  context?: any;
};

const registry = new ToolRegistry();

/**
 * The envelope of a CallToolResult, checking that the text block is the one the server writes
 * for that envelope (the tool's rendering, the envelope's JSON, or the error text): whatever
 * the transport, text and structured content say the same thing.
 */
export function envelopeOf(result: any): Env {
  const text = result.content?.[0]?.text;
  const structured = result.structuredContent;
  if (!structured) throw new Error(`no structuredContent in ${JSON.stringify(result).slice(0, 300)}`);
  if (text !== toolText(registry.get(structured.metadata?.tool), structured))
    throw new Error(`text block differs from structuredContent: ${String(text).slice(0, 300)}`);
  return structured as Env;
}
