import type { AnalysisOutcome, Analyses } from '../../src/analysis/analyses.js';
import type { AnalyzeOptions, Engine, FileAnalysis, SkippedFile } from '../../src/engine/types.js';

/** An analysis with every file's full result fetched back from the snapshot (what tests compare). */
export async function wholeAnalysis(
  analyses: Analyses,
  engine: Engine,
  options: AnalyzeOptions,
): Promise<AnalysisOutcome & { result: { files: FileAnalysis[]; skipped: SkippedFile[] } }> {
  const outcome = await analyses.run(engine, options);
  const files = await analyses.details(engine, options, outcome.snapshot.files);
  return { ...outcome, result: { files, skipped: outcome.snapshot.skipped } };
}
