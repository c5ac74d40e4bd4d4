import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO } from '../../helpers/cli.js';

// The layers of src/, top to bottom (ARCHITECTURE.md): a module imports only its own layer's
// modules and those of layers below it — type-only imports, re-exports and dynamic import()
// included, so no cycle can run through the folders. Layers on one floor do not import each
// other. A folder that is not listed here fails the test until it is given its floor.
const FLOORS: string[][] = [
  ['cli'],
  ['server'],
  ['metrics'], // built by the composition root; observes the registry, execution and stores
  ['registry'],
  ['execution'],
  ['tools'],
  ['navigation'], // the symbol index above the analyses it is built from
  ['analysis', 'gate', 'git'], // whole analyses above the engines; the quality gate; git history
  ['engine', 'session', 'cache', 'security', 'flags', 'batch'], // batch: its store and queue; runs jobs through a runner it is given
  ['redis'],
  ['envelope', 'config'],
];
const FLOOR = new Map(FLOORS.flatMap((layers, i) => layers.map((layer) => [layer, FLOORS.length - i] as const)));

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = join(dir, name);
    return statSync(full).isDirectory() ? files(full) : full.endsWith('.ts') ? [full] : [];
  });
}

/** Every relative module a file names: import (type or not), export … from, import(). */
export function importsOf(text: string): string[] {
  return [...text.matchAll(/(?:\bfrom|\bimport)\s*\(?\s*['"](\.[^'"]+)['"]/g)].map((m) => m[1]!);
}

/** The edges of src/ that go up a floor or sideways between layers of one floor. */
function violations(src: string): string[] {
  const found: string[] = [];
  for (const file of files(src)) {
    const layer = relative(src, file).split('/')[0]!;
    const floor = FLOOR.get(layer);
    if (floor === undefined) {
      if (layer.endsWith('.ts')) continue; // a module at the top of src/ (none today) is the package entry
      found.push(`${layer}/ has no floor in this test`);
      continue;
    }
    for (const spec of importsOf(readFileSync(file, 'utf8'))) {
      const target = relative(src, join(file, '..', spec)).split('/')[0]!;
      if (target === layer) continue;
      const targetFloor = FLOOR.get(target);
      if (targetFloor === undefined || targetFloor >= floor) found.push(`${relative(src, file)} → ${spec}`);
    }
  }
  return [...new Set(found)];
}

describe('layering', () => {
  it('no module imports a layer above it or beside it, type-only imports included', () => {
    expect(violations(join(REPO, 'src'))).toEqual([]);
  });

  it('fails on a forbidden import: a type-only one upward, one sideways, a folder without a floor', () => {
    const src = mkdtempSync(join(tmpdir(), 'mca-layers-'));
    try {
      const put = (path: string, text: string) => {
        mkdirSync(join(src, path, '..'), { recursive: true });
        writeFileSync(join(src, path), text);
      };
      put('redis/store.ts', "import type { Session } from '../session/types.js';\n");
      put('engine/run.ts', "import { lock } from '../session/lock.js';\n");
      put('tools/ok.ts', "import { e } from '../envelope/errors.js';\n");
      put('newthing/x.ts', '');
      expect(violations(src).sort()).toEqual([
        'engine/run.ts → ../session/lock.js',
        'newthing/ has no floor in this test',
        'redis/store.ts → ../session/types.js',
      ]);
    } finally {
      rmSync(src, { recursive: true, force: true });
    }
  });

  it('sees every kind of import, so a forbidden one cannot hide', () => {
    const text = [
      "import type { A } from '../server/app.js';",
      "import { b } from '../cli/main.js';",
      "export { c } from '../registry/registry.js';",
      "const d = await import('../execution/service.js');",
      "import '../metrics/metrics.js';",
    ].join('\n');
    expect(importsOf(text)).toEqual([
      '../server/app.js',
      '../cli/main.js',
      '../registry/registry.js',
      '../execution/service.js',
      '../metrics/metrics.js',
    ]);
  });
});
