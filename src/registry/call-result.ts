import type { Envelope } from '../envelope/envelope.js';
import { rememberedJson, toJson } from '../envelope/json-fragments.js';
import type { AnyTool } from '../tools/define.js';

// The MCP CallToolResult of one call: the envelope as structuredContent (typed data for
// clients and programs) and a text block for the model. Tools with a renderer write their
// data as headings and aligned rows; the small tools answer their envelope's JSON; errors
// are a few lines saying the code, what went wrong and what to do.

function heading(envelope: Envelope): string {
  const m = envelope.metadata;
  const parts = [`${m.tool}: ${envelope.status.code}`];
  if (m.engine) parts.push(`engine ${m.engine}`);
  parts.push(`${m.durationMs} ms`);
  if (m.cache) parts.push(`cache ${m.cache.hits} hits/${m.cache.misses} misses`);
  if (envelope.context?.sessionId) parts.push(`session ${envelope.context.sessionId}`);
  if (envelope.context?.executionId) parts.push(`execution ${envelope.context.executionId}`);
  return parts.join(' · ');
}

export function errorText(envelope: Envelope): string {
  const s = envelope.status;
  const lines = [
    `${heading(envelope)}`,
    `Error ${s.code}: ${s.message ?? ''}`,
    `Retryable: ${s.retryable ? 'yes' : 'no'}`,
  ];
  if (s.action) lines.push(`What to do: ${s.action}`);
  if (s.details) lines.push(`Details: ${JSON.stringify(s.details)}`);
  return lines.join('\n');
}

// A page built once from a snapshot is the very same object in every repeated call's answer
// (analyses.page), so its text is rendered once as well: renderers are functions of the data
// alone, and answers are never changed after they are made.
const rendered = new WeakMap<object, string>();

function renderedText(render: (data: unknown) => string, data: unknown): string {
  if (typeof data !== 'object' || data === null) return render(data);
  let text = rendered.get(data);
  if (text === undefined) {
    text = render(data);
    rendered.set(data, text);
  }
  return text;
}

export function toolText(tool: AnyTool | undefined, envelope: Envelope): string {
  if (!envelope.status.success) return errorText(envelope);
  if (tool?.renderText && envelope.data !== null)
    return `${heading(envelope)}\n${renderedText((data) => tool.renderText!(data), envelope.data)}`;
  // Remembered too: the message's structuredContent is this very envelope when the answer
  // goes out without the SDK's result validation (server/direct-tool-calls.ts).
  return rememberedJson(envelope, (value) => toJson(value));
}

export function toolCallResult(tool: AnyTool | undefined, envelope: Envelope) {
  // The data's JSON, written once for both the text block and the message's structuredContent.
  if (typeof envelope.data === 'object' && envelope.data !== null) rememberedJson(envelope.data);
  return {
    content: [{ type: 'text' as const, text: toolText(tool, envelope) }],
    structuredContent: envelope as unknown as Record<string, unknown>,
    ...(envelope.status.success ? {} : { isError: true }),
  };
}
