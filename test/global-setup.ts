import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureSystemTools } from './system-tools.js';

// The suite needs redis-server and nginx: installed here when missing and allowed, else it
// stops at once saying how (system-tools.ts). The end-to-end tests spawn the built command (the
// bundle in dist/bin/, made from tsc's dist/): build both once before the suite so they never
// run against a stale build. The per-file results cache on disk defaults to the user's cache
// directory: the suite gets its own (inherited by the test workers and every process they
// start), so no test reads what an earlier run or a person left there.
export default function setup(): () => void {
  ensureSystemTools();
  const root = fileURLToPath(new URL('..', import.meta.url));
  execFileSync('npx', ['tsc', '-p', 'tsconfig.build.json'], { cwd: root, stdio: 'inherit' });
  execFileSync(process.execPath, ['scripts/bundle-cli.mjs'], { cwd: root, stdio: 'inherit' });
  const cache = mkdtempSync(join(tmpdir(), 'mca-test-cache-'));
  process.env.XDG_CACHE_HOME = cache;
  return () => rmSync(cache, { recursive: true, force: true });
}
