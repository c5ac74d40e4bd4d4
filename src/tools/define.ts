import type { TierUse } from '../analysis/file-tiers.js';
import type { z } from 'zod';
import type { Logger } from 'pino';
import type { ToolDeps } from './deps.js';

// How a tool is defined: once, in one file named after it. The registry turns these into
// MCP tool listings and discovery entries; the execution service runs the handler.

export type ToolCategory = 'analysis' | 'session' | 'batch' | 'meta';

export interface ToolExample {
  description: string;
  arguments: Record<string, unknown>;
}

export interface ToolAnnotations {
  readOnlyHint?: boolean;
  destructiveHint?: boolean;
  idempotentHint?: boolean;
  openWorldHint?: boolean;
}

/** The MCP client a call came from: its protocol version and the era that version belongs to. */
export interface CallerProtocol {
  protocolVersion: string;
  /**
   * 'modern': 2026-07-28 and later (a _meta envelope on every request, no protocol session); 'legacy': the 2025 family.
   */
  era: 'modern' | 'legacy';
}

export interface ToolContext {
  /** Aborted on client cancellation, timeout or shutdown: pass it to long work. */
  signal: AbortSignal;
  /** Reports progress; forwarded to the client when it asked for progress. */
  progress(done: number, total?: number, message?: string): void;
  deps: ToolDeps;
  executionId: string;
  sessionId?: string;
  /** Who called over MCP; absent when the command line runs the tool. */
  client?: CallerProtocol;
  /** For stateful tools called with a sessionId: this tool's slice of the session state. */
  state?: unknown;
  log: Logger;
}

export interface ToolOutcome<D> {
  data: D;
  engine?: string;
  cache?: TierUse;
  /** For stateful tools: the new state slice to save (undefined leaves it unchanged). */
  state?: unknown;
}

export interface ToolDefinition<I extends z.ZodType = z.ZodType, D extends z.ZodType = z.ZodType> {
  name: string;
  title: string;
  /** Tells an agent when to use the tool, not just what it does. */
  description: string;
  category: ToolCategory;
  tags: string[];
  version: string;
  annotations: ToolAnnotations;
  /** A stateful tool gets its session state slice and returns the new one (when sessionId is given). */
  stateful: boolean;
  related: string[];
  examples: ToolExample[];
  inputSchema: I;
  /** Schema of envelope.data on success. */
  dataSchema: D;
  /** Deadline for one call, ms (default from config). */
  timeoutMs?: number;
  /** Largest arguments accepted, as JSON (default MAX_ARGUMENT_BYTES): batch_submit takes up to 10,000 jobs. */
  maxArgumentBytes?: number;
  /** Retries for retryable failures (default 2). */
  maxRetries?: number;
  handler(args: z.infer<I>, ctx: ToolContext): Promise<ToolOutcome<z.infer<D>>>;
  /**
   * The text block for a model: the same facts as data, as headings and aligned rows. Tools
   * without one answer their envelope's JSON as text (small answers, read by programs).
   */
  renderText?(data: z.infer<D>): string;
  /**
   * The tool may legitimately answer more than clients accept by default (a full page with a
   * large maxTokens): its listing declares _meta["anthropic/maxResultSizeChars"].
   */
  largeResults?: boolean;
}

/** Identity with inference: keeps each tool file's handler typed against its own schemas. */
export function defineTool<I extends z.ZodType, D extends z.ZodType>(def: ToolDefinition<I, D>): ToolDefinition<I, D> {
  return def;
}

export type AnyTool = ToolDefinition<z.ZodType, z.ZodType>;
