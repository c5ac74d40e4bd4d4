import { SingleFlight } from '../../analysis/single-flight.js';
import { readChangeHistory, type ChangeHistory } from '../../git/change-history.js';

// One read of a directory's history serves every page and every repeated call while HEAD and
// the window stay the same: the key names the commit, so a new commit is a new read. Identical
// reads in flight are joined (the read stops only when every caller has gone). A few recent
// histories are kept: each holds a few numbers per path ever changed in its window.

const KEPT = 4;
const TTL_MS = 10 * 60_000;

interface Kept {
  history: ChangeHistory;
  at: number;
}

const kept = new Map<string, Kept>();
const flights = new SingleFlight<ChangeHistory, never>();

export interface HistoryKey {
  /** Where git runs (paths are relative to it). */
  cwd: string;
  /** The commit HEAD names. */
  head: string;
  since: string;
}

export async function changeHistory(key: HistoryKey, signal: AbortSignal): Promise<ChangeHistory> {
  const id = JSON.stringify([key.cwd, key.head, key.since]);
  const now = Date.now();
  const found = kept.get(id);
  if (found && now - found.at <= TTL_MS) {
    kept.delete(id); // re-insert last: insertion order = recency
    kept.set(id, found);
    return found.history;
  }
  const history = await flights.run(
    id,
    (shared) => readChangeHistory({ cwd: key.cwd, since: key.since, signal: shared }),
    { signal },
  );
  kept.set(id, { history, at: now });
  for (const old of kept.keys()) {
    if (kept.size <= KEPT) break;
    kept.delete(old);
  }
  return history;
}
