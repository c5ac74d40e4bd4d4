import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** How to start a worker thread that runs worker.ts/worker.js. */
export type WorkerEntry = { kind: 'file'; url: URL } | { kind: 'eval'; code: string };

/**
 * Built: worker.js sits next to this module (dist/engine/wasm/, tsc's output) or next to the
 * bundle it is in (dist/bin/, whose file is a .cjs). From sources (vitest, tsx): worker.ts is
 * loaded through tsx, registered inside the worker by a tiny eval'd bootstrap, since workers do
 * not inherit the parent's loader hooks. Neither available → undefined, and the caller analyses
 * in-process instead. `moduleUrl`: where this code runs from (tests name the bundle's).
 */
export function resolveWorkerEntry(moduleUrl: string = import.meta.url): WorkerEntry | undefined {
  const js = new URL('./worker.js', moduleUrl);
  if (!fileURLToPath(moduleUrl).endsWith('.ts') && existsSync(js)) return { kind: 'file', url: js };
  const ts = new URL('./worker.ts', moduleUrl);
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
