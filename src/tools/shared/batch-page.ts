import type { z } from 'zod';
import type { BatchService, BatchStatus } from '../../batch/service.js';
import type { JobResult } from '../../batch/types.js';
import { ToolError } from '../../envelope/errors.js';
import type { ToolContext } from '../define.js';
import { budgetFor, fitsBudget, largestFitting } from './budget.js';
import type { BatchStatusDataSchema } from './batch-schemas.js';

type StatusData = z.infer<typeof BatchStatusDataSchema>;

export function batchesOf(ctx: ToolContext): BatchService {
  const batches = ctx.deps.batches;
  if (!batches) throw new ToolError('INTERNAL', 'Batches are not wired in this process.');
  return batches;
}

/** A results cursor is the index of the next job to show: `j<index>`. */
export function decodeBatchCursor(cursor: string | undefined, total: number): number {
  if (cursor === undefined) return 0;
  const m = /^j(\d{1,6})$/.exec(cursor);
  const index = m ? Number(m[1]) : NaN;
  if (!(index >= 0 && index <= total))
    throw new ToolError('INVALID_ARGUMENT', `cursor ${cursor} is not one batch_status gave for this batch.`, {
      cursor,
    });
  return index;
}

/** The head of an answer: state, counts, times; no results. */
export function statusHead(status: BatchStatus): Omit<StatusData, 'results'> {
  const { meta } = status;
  const split = meta.split
    ? { tool: meta.split.tool, path: String(meta.split.args.path), files: meta.split.files }
    : undefined;
  return {
    batchId: meta.batchId,
    state: status.state,
    total: meta.total,
    counts: status.counts,
    createdAt: meta.createdAt,
    expiresAt: meta.expiresAt,
    ...(meta.cancelledAt ? { cancelledAt: meta.cancelledAt } : {}),
    ...(split ? { split } : {}),
  };
}

/**
 * One page of finished results from `from`, as many as the budget holds (at least one; a
 * result too large alone comes without its data). The page stops at the first job without a
 * result, so a client that polls with nextCursor sees every job exactly once.
 */
export async function statusPage(
  ctx: ToolContext,
  status: BatchStatus,
  request: { cursor?: string | undefined; limit?: number | undefined; maxTokens?: number | undefined },
): Promise<StatusData> {
  const total = status.meta.total;
  const from = decodeBatchCursor(request.cursor, total);
  const limit = request.limit ?? 50;
  const fetched = await batchesOf(ctx).results(status.meta.batchId, from, limit);
  const firstMissing = fetched.findIndex((r) => r === undefined);
  const ready = (firstMissing < 0 ? fetched : fetched.slice(0, firstMissing)) as JobResult[];
  const head = statusHead(status);
  const merged = request.cursor === undefined && status.merged ? status.merged : undefined;
  const budget = budgetFor(request.maxTokens, ctx.deps.config.maxResponseTokens);
  const build = (count: number, omitData = false): StatusData => {
    const results = ready.slice(0, count).map((r) => (omitData ? { ...r, data: null, dataOmitted: true } : r));
    const next = from + count;
    const more = next < total;
    const cut =
      count < ready.length
        ? `${ready.length - count} more finished results did not fit the answer budget (${budget.tokens} tokens); page on with nextCursor or ask with a larger maxTokens.`
        : undefined;
    return {
      ...head,
      ...(merged
        ? { merged: { status: merged.status, data: merged.data, durationMs: merged.durationMs, ...instance(merged) } }
        : {}),
      results,
      ...(more ? { nextCursor: `j${next}` } : {}),
      ...(cut || omitData
        ? { truncated: cut ?? 'A result was larger than the answer budget: its data is left out.' }
        : {}),
    };
  };
  const fits = (d: StatusData) => fitsBudget(d, JSON.stringify, budget);
  if (ready.length === 0) return build(0);
  const count = largestFitting(ready.length, (n) => fits(build(n)));
  const data = build(count);
  return count === 1 && !fits(data) ? build(1, true) : data;
}

function instance(r: { instanceId?: string | undefined }) {
  return r.instanceId ? { instanceId: r.instanceId } : {};
}
