import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

// The end-to-end tests spawn the built CLI: build once before the suite so they never run
// against a stale dist/.
export default function setup(): void {
  const root = fileURLToPath(new URL('..', import.meta.url));
  execFileSync('npx', ['tsc', '-p', 'tsconfig.build.json'], { cwd: root, stdio: 'inherit' });
}
