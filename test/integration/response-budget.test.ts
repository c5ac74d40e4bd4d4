import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { envelopeSchema } from '../../src/envelope/envelope.js';
import { CHARS_PER_TOKEN, MAX_CALL_TOKENS } from '../../src/tools/shared/budget.js';
import { ToolRegistry } from '../../src/registry/registry.js';
import { linkedClient } from '../helpers/app.js';
import { envelopeOf, REPO } from '../helpers/cli.js';
import { generatedRepo } from '../helpers/generated-repo.js';

// Answers that fit an agent's context (issue "Answers that fit"): every default answer within
// 8,000 estimated tokens, pages that go through everything exactly once, full detail on demand.

const TOOLS = ['analyze_complexity', 'analyze_structure', 'analyze_dependencies'] as const;
const registry = new ToolRegistry();
type Linked = Awaited<ReturnType<typeof linkedClient>>;

async function call(h: Linked, name: string, args: Record<string, unknown>) {
  const result = await h.client.callTool({ name, arguments: args });
  const env = envelopeOf(result);
  const text = (result.content as { text: string }[])[0]!.text;
  return { env, text, whole: text.length + JSON.stringify(result.structuredContent).length };
}

/** Every page of a call, following nextCursor; each page checked against the budget and the output schema. */
async function allPages(h: Linked, name: string, args: Record<string, unknown>, maxChars: number) {
  const pages = [];
  let cursor: string | undefined;
  do {
    const page = await call(h, name, { ...args, ...(cursor ? { cursor } : {}) });
    expect(page.env.status.code, JSON.stringify(page.env.status)).toBe('OK');
    expect(page.text.length).toBeLessThanOrEqual(maxChars);
    expect(page.whole).toBeLessThanOrEqual(2 * maxChars);
    pages.push(page.env.data);
    cursor = page.env.data.nextCursor;
    expect(pages.length).toBeLessThan(500);
  } while (cursor);
  return pages;
}

function expectValid(name: string, env: unknown) {
  const parsed = envelopeSchema(registry.get(name)!.dataSchema).safeParse(env);
  expect(parsed.success, `${name}: ${parsed.success ? '' : parsed.error.message.slice(0, 500)}`).toBe(true);
}

describe('answers within the size budget', () => {
  const big = generatedRepo(1000);
  const small = generatedRepo(150);
  let repo: Linked;
  let bigTree: Linked;
  let smallTree: Linked;

  beforeAll(async () => {
    [repo, bigTree, smallTree] = await Promise.all([
      linkedClient({ roots: [REPO], workers: 1 }),
      linkedClient({ roots: [big.dir], workers: 1 }),
      linkedClient({ roots: [small.dir], workers: 1 }),
    ]);
  }, 120_000);
  afterAll(async () => {
    await Promise.all([repo?.close(), bigTree?.close(), smallTree?.close()]);
    rmSync(big.dir, { recursive: true, force: true });
    rmSync(small.dir, { recursive: true, force: true });
  });

  it('answers a call with only a path in at most 32,000 characters of text and 64,000 in all (24000 tokens: 96,000 of text)', async () => {
    for (const [tree, h] of [
      ['this repository', repo],
      ['generated tree', bigTree],
    ] as const) {
      for (const name of TOOLS) {
        const plain = await call(h, name, { path: '.' });
        expect(plain.env.status.code, `${tree} ${name}`).toBe('OK');
        expect(plain.text.length, `${tree} ${name} text`).toBeLessThanOrEqual(32_000);
        expect(plain.whole, `${tree} ${name} whole`).toBeLessThanOrEqual(64_000);
        // Within the server's own default budget too: 8,000 estimated tokens each form.
        expect(plain.text.length, `${tree} ${name} text budget`).toBeLessThanOrEqual(8000 * CHARS_PER_TOKEN);
        expect(JSON.stringify(plain.env).length, `${tree} ${name} structured budget`).toBeLessThanOrEqual(
          8000 * CHARS_PER_TOKEN,
        );
        expectValid(name, plain.env);
        for (const detail of ['standard', 'full']) {
          const wide = await call(h, name, { path: '.', detail, maxTokens: 24_000 });
          expect(wide.text.length, `${tree} ${name} ${detail} 24000`).toBeLessThanOrEqual(96_000);
          expect(JSON.stringify(wide.env).length, `${tree} ${name} ${detail} 24000 structured`).toBeLessThanOrEqual(
            96_000,
          );
          expectValid(name, wide.env);
        }
      }
    }
    // The generated tree is far larger than one answer: the budget, not luck, kept it small.
    const full = await call(bigTree, 'analyze_structure', { path: '.', detail: 'full' });
    expect(full.env.data.nextCursor).toBeDefined();
    expect(full.env.data.truncated).toContain('Next page: cursor');
    expect(full.env.data.files.length).toBeLessThan(full.env.data.total);
  }, 300_000);

  it('pages through every file exactly once, at every detail, each page within the budget', async () => {
    // Budgets small enough for many pages, large enough that a test does not make hundreds of calls.
    const cases: [string, Record<string, unknown>][] = [
      ['analyze_complexity', { detail: 'summary', maxTokens: 2000 }],
      ['analyze_complexity', { detail: 'standard', maxTokens: 4000 }],
      ['analyze_complexity', { detail: 'full', functionsPerFile: 2, maxTokens: 6000 }],
      ['analyze_structure', { detail: 'summary', maxTokens: 2000 }],
      ['analyze_structure', { detail: 'full', maxTokens: 6000 }],
    ];
    for (const [name, extra] of cases) {
      const pages = await allPages(
        smallTree,
        name,
        { path: '.', ...extra },
        (extra.maxTokens as number) * CHARS_PER_TOKEN,
      );
      const paths = pages.flatMap((p) => p.files.map((f: { path: string }) => f.path));
      expect(pages.length, `${name} ${JSON.stringify(extra)}`).toBeGreaterThan(3);
      expect(pages.length, `${name} ${JSON.stringify(extra)}`).toBeLessThan(60);
      expect([...paths].sort(), `${name} ${JSON.stringify(extra)}`).toEqual(small.files);
    }
    const nodes = (
      await allPages(
        smallTree,
        'analyze_dependencies',
        { path: '.', detail: 'full', maxTokens: 2000 },
        2000 * CHARS_PER_TOKEN,
      )
    ).flatMap((p) => p.nodes.map((n: { id: string }) => n.id));
    expect([...nodes].sort()).toEqual(small.files);
  }, 300_000);

  it('pages through the functions of one large file in source order, every one once', async () => {
    const pages = await allPages(
      smallTree,
      'analyze_complexity',
      { path: small.hugeFile, maxTokens: 2000 },
      2000 * CHARS_PER_TOKEN,
    );
    const names = pages.flatMap((p) => p.files[0].functions.map((f: { name: string }) => f.name));
    expect(pages.length).toBeGreaterThan(5);
    expect(names).toEqual(Array.from({ length: 3000 }, (_, k) => `generatedFunctionNumber${k}`));
  }, 120_000);

  it('cuts a file too large for a page on its own to what fits and says so', async () => {
    const { env, text } = await call(smallTree, 'analyze_complexity', {
      path: 'packages/generated',
      detail: 'full',
      functionsPerFile: 10_000,
      maxTokens: 2000,
    });
    const file = env.data.files[0];
    expect(file.path).toBe(small.hugeFile);
    expect(file.functions.length).toBeGreaterThan(0);
    expect(file.functions.length + file.functionsOmitted).toBe(3000);
    expect(env.data.truncated).toContain(`functions of ${small.hugeFile}`);
    expect(text.length).toBeLessThanOrEqual(2000 * CHARS_PER_TOKEN);
  });

  it("gives today's full data for one file at detail full", async () => {
    const engine = await repo.app.deps.engines.get();
    for (const path of ['src/execution/service.ts', 'src/engine/deps/graph.ts']) {
      const expected = (await engine.analyze({ path: `${REPO}${path}`, root: REPO })).files[0]!;
      const complexity = await call(repo, 'analyze_complexity', { path, detail: 'full' });
      expect(complexity.env.data.files[0].functions).toEqual(expected.functions);
      expect(complexity.env.data.files[0].totals).toEqual(expected.totals);
      expect(complexity.env.data.nextCursor).toBeUndefined();
      const structure = await call(repo, 'analyze_structure', { path, detail: 'full' });
      expect(structure.env.data.files[0].symbols).toEqual(expected.symbols);
    }
  });

  it('writes a text block with the same facts as the structured content', async () => {
    const file = await call(repo, 'analyze_complexity', { path: 'src/execution/service.ts' });
    const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    expect(file.env.data.files[0].functions.length).toBeGreaterThan(10);
    for (const f of file.env.data.files[0].functions) {
      const row = [f.cyclomatic, f.cognitive, f.params, f.maxNesting, f.exits, `${f.startLine}-${f.endLine}`].join(
        '\\s+',
      );
      expect(file.text).toMatch(new RegExp(`^\\s+${row}\\s+${escape(f.name)} \\(${f.kind}\\)$`, 'm'));
    }
    const summary = await call(smallTree, 'analyze_complexity', { path: '.' });
    for (const f of summary.env.data.files) expect(summary.text).toContain(f.path);
    for (const t of summary.env.data.summary.topFunctions) expect(summary.text).toContain(`${t.path}:${t.startLine}`);
    const deps = await call(smallTree, 'analyze_dependencies', { path: '.' });
    expect(deps.env.data.cycleDetails.length).toBeGreaterThan(0);
    for (const c of deps.env.data.cycleDetails) expect(deps.text).toContain(c.path.join(' → '));
    for (const n of deps.env.data.mostDependedOn) expect(deps.text).toContain(n.id);
    const outline = await call(smallTree, 'analyze_structure', { path: '.' });
    for (const f of outline.env.data.files)
      for (const s of f.symbols) expect(outline.text).toContain(`${s.kind} ${s.name} ${s.startLine}-${s.endLine}`);
  });

  it('refuses a misspelled argument, naming it and the closest valid one', async () => {
    const { env, text } = await call(repo, 'analyze_complexity', {
      path: 'src/execution/service.ts',
      limt: 3,
      detial: 'full',
    });
    expect(env.status.code).toBe('INVALID_ARGUMENT');
    expect(env.status.message).toContain('unknown argument "limt". Did you mean "limit"?');
    expect(env.status.message).toContain('unknown argument "detial". Did you mean "detail"?');
    expect((env.status as { details?: { issues: unknown[] } }).details?.issues).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ unknownKey: 'limt', didYouMean: 'limit' }),
        expect.objectContaining({ unknownKey: 'detial', didYouMean: 'detail' }),
      ]),
    );
    expect(text).toContain('Error INVALID_ARGUMENT');
    const session = await call(repo, 'session_create', { lable: 'x' });
    expect(session.env.status.code).toBe('INVALID_ARGUMENT');
    expect(session.env.status.message).toContain('Did you mean "label"?');
  });

  it("keeps a session's history within the budget: the newest records that fit", async () => {
    const { env: created } = await call(smallTree, 'session_create', {});
    const sessionId = created.data.sessionId;
    const path = small.files.find((f) => f.endsWith('.py'))!;
    for (let i = 0; i < 120; i++)
      expect((await call(smallTree, 'analyze_complexity', { path, sessionId })).env.status.code).toBe('OK');
    const got = await call(smallTree, 'session_get', { sessionId });
    expect(got.text.length).toBeLessThanOrEqual(32_000);
    expect(got.whole).toBeLessThanOrEqual(64_000);
    expect(got.env.data.historyLength).toBe(120);
    expect(got.env.data.history.length).toBeGreaterThan(10);
    expect(got.env.data.history.length).toBeLessThan(100);
    expect(got.env.data.truncated).toContain('newest execution records shown');
    const wide = await call(smallTree, 'session_get', { sessionId, historyLimit: 20, maxTokens: 24_000 });
    expect(wide.env.data.history.map((r: { executionId: string }) => r.executionId)).toEqual(
      got.env.data.history.slice(-20).map((r: { executionId: string }) => r.executionId),
    );
    expect(wide.env.data.truncated).toBeUndefined();
  }, 60_000);

  it('declares the larger result size of the analysis tools in their listing, and the budget in server_info', async () => {
    const info = await call(repo, 'server_info', {});
    expect(info.env.data.limits).toMatchObject({ responseTokens: 8000, maxCallTokens: 24_000 });
    for (const l of registry.listings()) {
      const declared = l._meta['anthropic/maxResultSizeChars'];
      if (TOOLS.includes(l.name as (typeof TOOLS)[number]))
        expect(declared).toBeGreaterThanOrEqual(MAX_CALL_TOKENS * CHARS_PER_TOKEN);
      expect(l.inputSchema.additionalProperties, l.name).toBe(false);
    }
  });
});
