import { ToolError } from '../../envelope/errors.js';
import { budgetFor, fitsBudget, largestFitting } from './budget.js';

// Pages of a ranked list computed again on each call (it is cheap once the index is built):
// the cursor is the offset of the next item, `o<n>`.

export function decodeOffset(cursor: string | undefined): number {
  if (cursor === undefined) return 0;
  const m = /^o(\d{1,7})$/.exec(cursor);
  if (!m) throw new ToolError('INVALID_ARGUMENT', `cursor ${cursor} is not one this tool gave.`, { cursor });
  return Number(m[1]);
}

/** As many items from `from` as `limit` and the answer budget allow (at least one), with the cursor and a note. */
export function offsetPage<T, D extends object>(options: {
  items: readonly T[];
  cursor: string | undefined;
  limit: number;
  maxTokens: number | undefined;
  serverTokens: number;
  build: (items: T[], page: { nextCursor?: string; truncated?: string }) => D;
}): D {
  const from = decodeOffset(options.cursor);
  const budget = budgetFor(options.maxTokens, options.serverTokens);
  const wanted = Math.max(0, Math.min(options.limit, options.items.length - from));
  const make = (n: number) => {
    const next = from + n;
    const more = next < options.items.length;
    return options.build(options.items.slice(from, next), {
      ...(more ? { nextCursor: `o${next}` } : {}),
      ...(more
        ? {
            truncated: `${from + 1}–${next} of ${options.items.length} shown; pass nextCursor for more${
              n < wanted ? ` (the answer budget of ${budget.tokens} tokens held ${n})` : ''
            }.`,
          }
        : {}),
    });
  };
  const n = largestFitting(wanted, (k) => fitsBudget(make(k), JSON.stringify, budget));
  return make(n);
}
