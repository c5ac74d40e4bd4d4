#!/usr/bin/env node
// Fetches the TypeScript corpora (npm packages that ship their .ts sources) into bench/corpus/
// with `npm pack` from the registry. Idempotent; bench/corpus/ is gitignored.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const DIR = fileURLToPath(new URL('./corpus/', import.meta.url));
const PACKAGES = { rxjs: 'rxjs@7.8.2', effect: 'effect@4.1.0' };

mkdirSync(DIR, { recursive: true });
for (const [name, spec] of Object.entries(PACKAGES)) {
  if (existsSync(`${DIR}${name}/src`)) continue;
  const tarball = execFileSync('npm', ['pack', spec, '--silent', '--pack-destination', DIR], { encoding: 'utf8' }).trim().split('\n').pop();
  mkdirSync(`${DIR}${name}`, { recursive: true });
  execFileSync('tar', ['-xzf', `${DIR}${tarball}`, '-C', `${DIR}${name}`, '--strip-components=1']);
}
console.log(`TypeScript corpora in ${DIR}`);
