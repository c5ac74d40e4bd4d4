import { readFileSync } from 'node:fs';

/** The package version, read once (dist/server/version.js and src/server/version.ts are both two levels down). */
export const SERVER_VERSION: string = (
  JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }
).version;
