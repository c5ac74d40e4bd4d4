import { z } from 'zod';

// The size budget of one answer. Agents' clients refuse tool results over 25,000 tokens
// (Claude Code) and warn above 10,000, so every analysis answer is cut to a budget in
// tokens, estimated from characters. Why not a real tokenizer: none of current Claude models
// is published (@anthropic-ai/tokenizer is for retired ones), and an exact count of the wrong
// model would cost a pass over every answer. Why 3 characters a token and not the usual 4:
// measured on our own answers (bench/response-sizes.mjs corpora, every tool and detail), the
// o200k tokenizer gives 2.2–3.8 characters per token and the published Claude tokenizer
// 2.6–4.0; tables of numbers are dense in tokens. At 4, a default answer could reach 12,000
// real tokens, past the 10,000 warning; at 3 it stays near 8,000.

export const CHARS_PER_TOKEN = 3;
/** Most a call may ask for: under the 25,000-token limit of agents' clients, with room to spare. */
export const MAX_CALL_TOKENS = 24_000;
export const MIN_CALL_TOKENS = 2_000;
/**
 * Characters kept free for what the execution service puts around data (status, metadata, context) and the text's
 * heading.
 */
const RESERVE_CHARS = 800;

export const MaxTokensField = z
  .number()
  .int()
  .min(MIN_CALL_TOKENS)
  .max(MAX_CALL_TOKENS)
  .optional()
  .describe(
    `Size budget of this answer in estimated tokens (characters/3), ${MIN_CALL_TOKENS}–${MAX_CALL_TOKENS}; default the server's (8000 unless configured). What does not fit is left for the next page (data.nextCursor) and said in data.truncated.`,
  );

export interface Budget {
  tokens: number;
  /** Characters each form of the answer (the text block, the structured content) may take. */
  chars: number;
}

export function budgetFor(maxTokens: number | undefined, serverDefault: number): Budget {
  const tokens = maxTokens ?? serverDefault;
  return { tokens, chars: tokens * CHARS_PER_TOKEN };
}

/** Whether data fits the budget both as JSON (structured content) and as the text a model reads. */
export function fitsBudget<D>(data: D, render: (data: D) => string, budget: Budget): boolean {
  const room = budget.chars - RESERVE_CHARS;
  return JSON.stringify(data).length <= room && render(data).length <= room;
}

/** The largest n in [0, max] for which fits(n) holds, by binary search (an answer grows with what it holds). */
export function countFitting(max: number, fits: (n: number) => boolean): number {
  if (max <= 0) return 0;
  if (fits(max)) return max;
  let lo = 0;
  let hi = max - 1;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (fits(mid)) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** As countFitting, but at least 1 when there is anything, so a page always advances. */
export function largestFitting(max: number, fits: (n: number) => boolean): number {
  return max <= 0 ? 0 : Math.max(1, countFitting(max, fits));
}

/**
 * Items of one page under the budget: at most `limit` from `start`, as many as fit. When a
 * single item is too large on its own, `shrink` (when given) builds it with its inner lists
 * cut (as many inner entries as fit) so the page still fits and still advances.
 */
export function fitPage<D>(options: {
  total: number;
  start: number;
  limit: number;
  budget: Budget;
  render: (data: NoInfer<D>) => string;
  build: (count: number, innerCap?: number) => D;
  innerMax?: number;
}): { data: D; count: number } {
  const { total, start, limit, budget, render, build } = options;
  const fits = (d: D) => fitsBudget(d, render, budget);
  const count = largestFitting(Math.min(limit, Math.max(0, total - start)), (n) => fits(build(n)));
  const data = build(count);
  if (count !== 1 || fits(data) || options.innerMax === undefined) return { data, count };
  const cap = largestFitting(options.innerMax + 1, (m) => fits(build(1, m - 1))) - 1;
  return { data: build(1, cap), count };
}
