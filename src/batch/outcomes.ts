import { catalogEntry } from '../envelope/catalog.js';
import type { BatchCounts, JobOutcome } from './types.js';

/** The result of a job cancelled before it started: it never ran. */
export function cancelledOutcome(): JobOutcome {
  return {
    status: {
      success: false,
      code: 'CANCELLED',
      message: 'The batch was cancelled before this job started.',
      retryable: catalogEntry('CANCELLED').retryable,
    },
    data: null,
    durationMs: 0,
    attempts: 0,
  };
}

/** Which count a finished job's outcome goes to. */
export function countOf(outcome: JobOutcome): 'completed' | 'failed' | 'cancelled' {
  if (outcome.status.success) return 'completed';
  return outcome.status.code === 'CANCELLED' ? 'cancelled' : 'failed';
}

/** Counts from the results held (memory store); queued is what neither runs nor has a result. */
export function countsOf(total: number, running: number, results: readonly (JobOutcome | undefined)[]): BatchCounts {
  const counts: BatchCounts = { queued: 0, running, completed: 0, failed: 0, cancelled: 0 };
  let finished = 0;
  for (const r of results) {
    if (!r) continue;
    counts[countOf(r)] += 1;
    finished += 1;
  }
  counts.queued = Math.max(0, total - finished - running);
  return counts;
}
