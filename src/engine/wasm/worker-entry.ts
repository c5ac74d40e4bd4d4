import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** How to start a worker thread that runs worker.ts/worker.js. */
export type WorkerEntry = { kind: 'file'; url: URL } | { kind: 'eval'; code: string };

/**
 * Built (dist/): worker.js sits next to this module. From sources (vitest, tsx): worker.ts
 * is loaded through tsx, registered inside the worker by a tiny eval'd bootstrap, since
 * workers do not inherit the parent's loader hooks. Neither available → undefined, and
 * the caller analyses in-process instead.
 */
export function resolveWorkerEntry(): WorkerEntry | undefined {
  const js = new URL('./worker.js', import.meta.url);
  if (fileURLToPath(import.meta.url).endsWith('.js') && existsSync(js)) return { kind: 'file', url: js };
  const ts = new URL('./worker.ts', import.meta.url);
  const tsxApi = tsxEsmApi();
  if (!existsSync(ts) || !tsxApi) return undefined;
  return {
    kind: 'eval',
    code: `import(${JSON.stringify(tsxApi)}).then(({ register }) => { register(); return import(${JSON.stringify(ts.href)}); });`,
  };
}

function tsxEsmApi(): string | undefined {
  try {
    const cjs = createRequire(import.meta.url).resolve('tsx/esm/api');
    const esm = cjs.replace(/\.cjs$/, '.mjs');
    return existsSync(esm) ? pathToFileURL(esm).href : undefined;
  } catch {
    return undefined; // tsx is a dev dependency: absent in production installs
  }
}
