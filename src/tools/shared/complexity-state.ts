// What analyze_complexity keeps in a session: the totals of the latest run per path, so the
// next run on the same path can say what changed. Bounded to the most recent paths.

const MAX_PATHS = 50;

export interface RunTotals {
  at: string;
  files: number;
  functions: number;
  cyclomaticSum: number;
  cognitiveSum: number;
}

export type ComplexityState = { runs: Record<string, RunTotals> };

type Summary = { files: number; functions: number; cyclomaticSum: number; cognitiveSum: number };

export function complexityDelta(state: ComplexityState | undefined, path: string, now: Summary) {
  const before = state?.runs?.[path];
  if (!before) return undefined;
  return {
    since: before.at,
    files: now.files - before.files,
    functions: now.functions - before.functions,
    cyclomaticSum: now.cyclomaticSum - before.cyclomaticSum,
    cognitiveSum: now.cognitiveSum - before.cognitiveSum,
  };
}

export function rememberRun(state: ComplexityState | undefined, path: string, now: Summary): ComplexityState {
  const runs = { ...(state?.runs ?? {}) };
  delete runs[path]; // re-insert last: insertion order = recency
  runs[path] = {
    at: new Date().toISOString(),
    files: now.files,
    functions: now.functions,
    cyclomaticSum: now.cyclomaticSum,
    cognitiveSum: now.cognitiveSum,
  };
  const keys = Object.keys(runs);
  for (const old of keys.slice(0, Math.max(0, keys.length - MAX_PATHS))) delete runs[old];
  return { runs };
}
