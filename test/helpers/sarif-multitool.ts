import { execFile } from 'node:child_process';
import { accessSync, chmodSync, constants, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

// The official SARIF validator (@microsoft/sarif-multitool, a self-contained .NET program in
// its per-platform package). Run directly, not through its bin.js: that one goes through a
// shell, which splits the ';' of option lists. `validate` exits 0 even when the log is invalid,
// so its findings are read from the SARIF log it writes.

const run = promisify(execFile);
const require = createRequire(import.meta.url);

function binary(): string {
  const bin = require(`@microsoft/sarif-multitool-${process.platform}`) as string;
  try {
    accessSync(bin, constants.X_OK);
  } catch {
    // What the package's own postinstall does; an install with --ignore-scripts skips it.
    chmodSync(bin, 0o755);
  }
  return bin;
}

export interface Finding {
  level: string;
  ruleId: string;
  text: string;
}

/** The validator's errors and warnings (its default levels) about a SARIF file; [] when valid. */
export async function validateSarif(file: string): Promise<Finding[]> {
  const dir = mkdtempSync(join(tmpdir(), 'mca-sarif-validate-'));
  try {
    const out = join(dir, 'validation.sarif');
    await run(binary(), ['validate', file, '--output', out, '--log', 'ForceOverwrite'], { timeout: 120_000 });
    const log = JSON.parse(readFileSync(out, 'utf8'));
    const invocation = log.runs[0].invocations?.[0];
    if (invocation && invocation.executionSuccessful === false)
      throw new Error(`the validator failed: ${JSON.stringify(invocation.toolExecutionNotifications ?? [])}`);
    return (log.runs[0].results ?? []).map((r: any) => ({
      level: r.level ?? 'warning',
      ruleId: r.ruleId,
      text: r.message?.text ?? JSON.stringify(r.message),
    }));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
