// The benchmark and differential corpora (fetched by bench/corpus.sh and bench/ts-corpus.mjs, never committed).
import { fileURLToPath } from 'node:url';

const here = (p) => fileURLToPath(new URL(p, import.meta.url));

export const CORPORA = {
  django: '/usr/lib/python3/dist-packages/django',
  go: '/usr/share/go-1.19/src',
  rxjs: here('./corpus/rxjs/src'),
  effect: here('./corpus/effect/src'),
};
