import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runTool } from '../../src/cli/run-tool.js';
import { loadConfig } from '../../src/config/config.js';
import { languageOf } from '../../src/engine/languages.js';
import type { EngineProvider } from '../../src/engine/select.js';
import type { Engine, Language } from '../../src/engine/types.js';
import { WasmEngine } from '../../src/engine/wasm/engine.js';
import { createApp, type App, type AppOverrides } from '../../src/server/app.js';
import { requireNativeEngine } from '../differential/native.js';
import { parseTxtar } from '../golden/txtar.js';

// Shadow mode (flag engine.shadowPercent) on every golden input: each analysis is run again on
// the other engine after its answer, past the cache, and compared file by file. Two engines
// that agree give only matches; an engine made to disagree on one metric gives mismatches,
// each logged with the file and the first differing field. Both engines really run: the
// native one is built in this checkout (requireNativeEngine fails loudly when it is not).

const GOLDEN = fileURLToPath(new URL('../golden', import.meta.url));

/** Every golden case's sources under one root, a folder per tool and case. */
function goldenTree(): string {
  const root = mkdtempSync(join(tmpdir(), 'mca-shadow-'));
  for (const tool of readdirSync(GOLDEN, { withFileTypes: true }).filter((d) => d.isDirectory())) {
    for (const kase of readdirSync(join(GOLDEN, tool.name), { withFileTypes: true }).filter((d) => d.isDirectory())) {
      let text: string;
      try {
        text = readFileSync(join(GOLDEN, tool.name, kase.name, 'input.txtar'), 'utf8');
      } catch {
        continue;
      }
      for (const [path, content] of parseTxtar(text)) {
        const abs = join(root, tool.name, kase.name, path);
        mkdirSync(dirname(abs), { recursive: true });
        writeFileSync(abs, content);
      }
    }
  }
  return root;
}

/** A pino logger whose lines the test reads. */
function capturedLog() {
  const lines: any[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const line of chunk.toString().split('\n').filter(Boolean)) lines.push(JSON.parse(line));
      done();
    },
  });
  return { lines, log: pino({ level: 'info' }, stream) };
}

async function app(root: string, log: pino.Logger, overrides: AppOverrides = {}): Promise<App> {
  const config = loadConfig({ roots: [root], engine: 'native', workers: 0, noCache: true }, {});
  return createApp(config, log, overrides);
}

/** A page's cursor names its snapshot (a new one per analysis): everything else must be equal. */
function withoutCursors(data: unknown): unknown {
  return JSON.parse(
    JSON.stringify(data)
      .replaceAll(/"nextCursor":"[^"]*"/g, '"nextCursor":"-"')
      .replaceAll(/cursor \\"[^\\]*\\"/g, 'cursor -'),
  );
}

/** Runs the three analysis tools over the whole tree; returns their envelopes' data. */
async function analyseAll(a: App, root: string) {
  const out: unknown[] = [];
  for (const [tool, args] of [
    ['analyze_complexity', { path: root, detail: 'full', limit: 1000 }],
    ['analyze_structure', { path: root, detail: 'full', limit: 1000 }],
    ['analyze_dependencies', { path: root }],
  ] as const) {
    const envelope = await runTool(a, tool, args);
    expect(envelope.status.success, `${tool}: ${envelope.status.message}`).toBe(true);
    out.push(envelope.data);
    await a.shadow.idle();
  }
  return out;
}

describe('shadow mode', () => {
  let root: string;
  let files: number;
  const wasm = new WasmEngine({ threads: 0 });
  beforeAll(async () => {
    root = goldenTree();
    const native = requireNativeEngine();
    files = (await native.analyze({ path: root, root })).files.length;
    await native.close();
  });
  afterAll(async () => {
    await wasm.close();
    rmSync(root, { recursive: true, force: true });
  });

  it('the golden inputs cover the five language families', async () => {
    const languages = new Set<Language>();
    const walk = (dir: string): void => {
      for (const e of readdirSync(dir, { withFileTypes: true })) {
        if (e.isDirectory()) walk(join(dir, e.name));
        else if (languageOf(e.name)) languages.add(languageOf(e.name)!);
      }
    };
    walk(root);
    for (const family of [['typescript', 'tsx', 'javascript'], ['python'], ['go'], ['rust'], ['java']]) {
      expect(
        family.some((l) => languages.has(l as Language)),
        family.join('/'),
      ).toBe(true);
    }
    expect(files).toBeGreaterThan(30);
  });

  it('at 100%, every golden file of every analysis matches on the other engine, and the answers are those of shadow mode off', async () => {
    const { lines, log } = capturedLog();
    // The answers with shadow mode off come from another instance: this one would answer the
    // same analyses again from their snapshots, and only fresh analyses are shadowed.
    const b = await app(root, log);
    let off;
    try {
      off = await analyseAll(b, root);
      expect(b.shadow.stats()).toEqual({ match: 0, mismatch: 0, skipped: 0 });
    } finally {
      await b.close();
    }
    const a = await app(root, log);
    try {
      expect(a.deps.engines.availability().selected).toBe('native');
      a.flags.apply({ 'engine.shadowPercent': 100 });
      const on = await analyseAll(a, root);
      // Two fresh analyses: the full one (analyze_structure is then answered from its snapshot) and
      // the imports-only one of analyze_dependencies.
      expect(a.shadow.stats()).toEqual({ match: 2 * files, mismatch: 0, skipped: 0 });
      expect(lines.filter((l) => /shadow/.test(l.msg))).toEqual([]);
      // The answer is never changed by its shadow (paths, counts, metrics: all of it).
      expect(withoutCursors(on)).toEqual(withoutCursors(off));
      expect(((await runTool(a, 'server_info', {})).data as any).features).toMatchObject({
        capabilities: {
          shadow: { available: true },
          nativeEngine: { available: true },
          wasmEngine: { available: true },
        },
        flags: { source: 'none', values: { 'engine.shadowPercent': 100 } },
        shadow: { match: 2 * files, mismatch: 0, skipped: 0 },
      });
    } finally {
      await a.close();
    }
  });

  it('the wasm engine as primary is shadowed by the native one', async () => {
    const { log } = capturedLog();
    const a = await app(root, log);
    try {
      a.flags.apply({ 'engine.shadowPercent': 100, 'engine.preferred': 'wasm' });
      const envelope = await runTool(a, 'analyze_complexity', { path: root });
      expect(envelope.metadata.engine).toBe('wasm');
      await a.shadow.idle();
      expect(a.shadow.stats()).toEqual({ match: files, mismatch: 0, skipped: 0 });
    } finally {
      await a.close();
    }
  });

  it('an engine that computes one metric differently gives mismatches, logged with the file and the first differing field', async () => {
    const native = requireNativeEngine();
    const broken = offByOne(wasm);
    const engines: EngineProvider = {
      get: async () => native,
      availability: () => ({ selected: 'native', native: { available: true }, wasm: { available: true } }),
      engine: async (kind) => (kind === 'native' ? native : broken),
      close: () => native.close(),
    };
    const { lines, log } = capturedLog();
    const a = await app(root, log, { engines });
    try {
      a.flags.apply({ 'engine.shadowPercent': 100 });
      const envelope = await runTool(a, 'analyze_complexity', { path: root });
      expect(envelope.status.success).toBe(true);
      await a.shadow.idle();
      const stats = a.shadow.stats();
      const withFunctions = (await native.analyze({ path: root, root })).files.filter(
        (f) => f.functions.length > 0,
      ).length;
      expect(stats).toEqual({ match: files - withFunctions, mismatch: withFunctions, skipped: 0 });
      const logged = lines.filter((l) => l.msg === 'shadow mismatch: the engines disagree');
      expect(logged).toHaveLength(withFunctions);
      expect(logged[0]).toMatchObject({
        level: 40,
        field: 'functions[0].cognitive',
        file: expect.stringMatching(/\.\w+$/),
      });
      expect(Number(logged[0].wasm)).toBe(Number(logged[0].native) + 1);
    } finally {
      await a.close();
    }
  });

  it('a shadow run that fails counts its files as skipped, never as mismatches, and the answer is not touched', async () => {
    const native = requireNativeEngine();
    const failing: Engine = {
      kind: 'wasm',
      version: wasm.version,
      analyze: async () => Promise.reject(new Error('worker died')),
      dependencies: (r, root, o) => wasm.dependencies(r, root, o),
      tags: (files, o) => wasm.tags(files, o),
      close: async () => undefined,
    };
    const engines: EngineProvider = {
      get: async () => native,
      availability: () => ({ selected: 'native', native: { available: true }, wasm: { available: true } }),
      engine: async (kind) => (kind === 'native' ? native : failing),
      close: () => native.close(),
    };
    const { lines, log } = capturedLog();
    const a = await app(root, log, { engines });
    try {
      a.flags.apply({ 'engine.shadowPercent': 100 });
      expect((await runTool(a, 'analyze_complexity', { path: root })).status.success).toBe(true);
      await a.shadow.idle();
      expect(a.shadow.stats()).toEqual({ match: 0, mismatch: 0, skipped: files });
      expect(lines.filter((l) => l.msg === 'shadow run failed')).toMatchObject([{ err: 'worker died' }]);
    } finally {
      await a.close();
    }
  });

  it('at 0%, nothing runs on the other engine', async () => {
    let calls = 0;
    const counting: Engine = {
      ...wasm,
      kind: 'wasm',
      version: wasm.version,
      analyze: (o) => (calls++, wasm.analyze(o)),
      dependencies: (r, root, o) => wasm.dependencies(r, root, o),
      tags: (files, o) => wasm.tags(files, o),
      close: async () => undefined,
    };
    const native = requireNativeEngine();
    const engines: EngineProvider = {
      get: async () => native,
      availability: () => ({ selected: 'native', native: { available: true }, wasm: { available: true } }),
      engine: async (kind) => (kind === 'native' ? native : counting),
      close: () => native.close(),
    };
    const a = await app(root, capturedLog().log, { engines });
    try {
      await runTool(a, 'analyze_complexity', { path: root });
      await a.shadow.idle();
      expect(calls).toBe(0);
      expect(a.shadow.stats()).toEqual({ match: 0, mismatch: 0, skipped: 0 });
    } finally {
      await a.close();
    }
  });
});

/** The WASM engine with every file's first function one cognitive point more complex. */
function offByOne(engine: Engine): Engine {
  return {
    kind: engine.kind,
    version: engine.version,
    async analyze(options) {
      const result = await engine.analyze(options);
      for (const f of result.files) if (f.functions[0]) f.functions[0].cognitive += 1;
      return result;
    },
    dependencies: (result, root, options) => engine.dependencies(result, root, options),
    tags: (files, options) => engine.tags(files, options),
    close: async () => undefined,
  };
}
