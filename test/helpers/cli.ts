import { fileURLToPath } from 'node:url';

export const REPO = fileURLToPath(new URL('../..', import.meta.url));
export const CLI = fileURLToPath(new URL('../../dist/cli/main.js', import.meta.url));
export const SAMPLE = fileURLToPath(new URL('../fixtures/sample', import.meta.url));

export type Env = { status: { success: boolean; code: string; message?: string; retryable?: boolean }; data: any; metadata: any; context?: any };

/** The envelope of a CallToolResult, checking that the text block carries the same JSON. */
export function envelopeOf(result: any): Env {
  const text = result.content?.[0]?.text;
  const structured = result.structuredContent;
  if (!structured) throw new Error(`no structuredContent in ${JSON.stringify(result).slice(0, 300)}`);
  if (JSON.stringify(JSON.parse(text)) !== JSON.stringify(structured)) throw new Error('text block differs from structuredContent');
  return structured as Env;
}
