import { z } from 'zod';
import { envelopeSchema } from '../../envelope/envelope.js';
import type { AnyTool } from '../define.js';

// JSON Schemas for clients, generated from the zod schemas (the single source of truth).
// Cached per tool: generation is not free and the schemas never change at run time.

const cache = new WeakMap<AnyTool, { input: Record<string, unknown>; output: Record<string, unknown> }>();

function toJson(schema: z.ZodType, io: 'input' | 'output'): Record<string, unknown> {
  const json = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as Record<string, unknown>;
  delete json.$schema;
  return json;
}

export function toolJsonSchemas(tool: AnyTool): { input: Record<string, unknown>; output: Record<string, unknown> } {
  let entry = cache.get(tool);
  if (!entry) {
    entry = { input: toJson(tool.inputSchema, 'input'), output: toJson(envelopeSchema(tool.dataSchema), 'output') };
    cache.set(tool, entry);
  }
  return entry;
}
