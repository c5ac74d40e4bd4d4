// The benchmark and differential corpora (fetched by bench/corpus.sh and bench/ts-corpus.mjs, never committed).
// The TypeScript ones live outside the repository: inside it, tsc and eslint would pick them up.
import { homedir } from 'node:os';
import { join } from 'node:path';

export const TS_CORPUS_DIR =
  process.env.MCA_TS_CORPUS ?? join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'mca-bench-corpus');

export const CORPORA = {
  django: '/usr/lib/python3/dist-packages/django',
  go: '/usr/share/go-1.19/src',
  rxjs: join(TS_CORPUS_DIR, 'rxjs/src'),
  effect: join(TS_CORPUS_DIR, 'effect/src'),
};
