#!/usr/bin/env node
// Fetches the TypeScript corpora (npm packages that ship their .ts sources) with `npm pack`
// from the registry into ~/.cache/mca-bench-corpus (MCA_TS_CORPUS overrides). Idempotent.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { TS_CORPUS_DIR } from './corpora.mjs';

const DIR = `${TS_CORPUS_DIR}/`;
const PACKAGES = { rxjs: 'rxjs@7.8.2', effect: 'effect@4.1.0' };

mkdirSync(DIR, { recursive: true });
for (const [name, spec] of Object.entries(PACKAGES)) {
  if (existsSync(`${DIR}${name}/src`)) continue;
  const tarball = execFileSync('npm', ['pack', spec, '--silent', '--pack-destination', DIR], { encoding: 'utf8' })
    .trim()
    .split('\n')
    .pop();
  mkdirSync(`${DIR}${name}`, { recursive: true });
  execFileSync('tar', ['-xzf', `${DIR}${tarball}`, '-C', `${DIR}${name}`, '--strip-components=1']);
}
console.log(`TypeScript corpora in ${DIR}`);
