// Types of corpora.mjs for the TypeScript benches.
export const TS_CORPUS_DIR: string;
export const CORPORA: { django: string; go: string; rxjs: string; effect: string };
