import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeBaseline } from '../../src/gate/baseline.js';
import { linkedClient } from '../helpers/app.js';
import { envelopeOf, REPO } from '../helpers/cli.js';

// quality_gate, the check an agent runs, over the SDK client and the whole server (in-memory
// linked pair), on a copy of the gate fixture (test/fixtures/gate).

const LIMITS = { maxCyclomatic: 5, maxCognitive: 8, maxFanOut: 3, noCycles: true };

describe('quality_gate over MCP', () => {
  let h: Awaited<ReturnType<typeof linkedClient>>;
  let root: string;
  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'mca-gate-tool-'));
    cpSync(join(REPO, 'test/fixtures/gate/src'), join(root, 'src'), { recursive: true });
    h = await linkedClient({ roots: [root] });
  });
  afterAll(async () => {
    await h.close();
    rmSync(root, { recursive: true, force: true });
  });

  const call = async (args: Record<string, unknown>) =>
    envelopeOf(await h.client.callTool({ name: 'quality_gate', arguments: args }));

  it('answers passed, the violations failing first, and the counts', async () => {
    const { status, data } = await call({ path: '.', ...LIMITS });
    expect(status.success).toBe(true);
    expect(data.passed).toBe(false);
    expect(data.counts).toEqual({
      violations: 5,
      failing: 5,
      new: 5,
      worse: 0,
      baselined: 0,
      fixed: 0,
      files: 7,
      skipped: 0,
      byRule: { 'max-cognitive': 1, 'max-cyclomatic': 2, 'max-fan-out': 1, 'no-cycles': 1 },
    });
    expect(data.violations[0]).toEqual({
      rule: 'max-cognitive',
      state: 'new',
      path: 'src/complex.ts',
      name: 'classify',
      kind: 'function',
      startLine: 3,
      endLine: 15,
      value: 15,
      threshold: 8,
      message: 'classify (function) has cognitive complexity 15 (max 8).',
      fingerprint: expect.stringMatching(/^[0-9a-f]{32}$/),
    });
    expect(data.total).toBe(5);
    expect(data.nextCursor).toBeUndefined();
    const clean = await call({ path: 'src/leaf1.ts', maxCognitive: 0 });
    expect(clean.data).toMatchObject({ passed: true, violations: [], counts: { violations: 0, files: 1 } });
  });

  it('pages within the answer budget: every violation exactly once', async () => {
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const { data } = await call({ path: '.', ...LIMITS, limit: 2, ...(cursor ? { cursor } : {}) });
      seen.push(...data.violations.map((v: any) => `${v.rule}@${v.path}:${v.startLine}`));
      if (data.nextCursor) expect(data.truncated).toContain('Next page');
      cursor = data.nextCursor;
      pages++;
    } while (cursor);
    expect(pages).toBe(3);
    expect(new Set(seen).size).toBe(5);
    expect(seen).toHaveLength(5);
  });

  it('a baseline, inline or as a path under the roots, lets known violations pass and lists them after failing ones', async () => {
    const first = await call({ path: '.', ...LIMITS });
    const known = first.data.violations.filter((v: any) => v.rule !== 'max-fan-out');
    const text = writeBaseline(known);
    writeFileSync(join(root, 'baseline.json'), text);
    for (const baseline of [JSON.parse(text), text, 'baseline.json']) {
      const { data } = await call({ path: '.', ...LIMITS, baseline });
      expect(data.passed).toBe(false);
      expect(data.counts).toMatchObject({ failing: 1, new: 1, baselined: 4, fixed: 0 });
      expect(data.baseline).toEqual({ entries: 4 });
      expect(data.violations.map((v: any) => v.state)).toEqual([
        'new',
        'baselined',
        'baselined',
        'baselined',
        'baselined',
      ]);
      expect(data.violations[0].rule).toBe('max-fan-out');
    }
    const all = await call({ path: '.', ...LIMITS, baseline: writeBaseline(first.data.violations) });
    expect(all.data.passed).toBe(true);
  });

  it('answers bad input in the envelope', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ path: '.' }, 'INVALID_ARGUMENT'],
      [{ path: '.', maxCognitive: -1 }, 'INVALID_ARGUMENT'],
      [{ path: '.', maxCognitive: 3, baseline: '{"version": 9}' }, 'INVALID_ARGUMENT'],
      [{ path: '.', maxCognitive: 3, baseline: 'no-such-baseline.json' }, 'PATH_NOT_FOUND'],
      [{ path: '.', maxCognitive: 3, baseline: '/etc/passwd' }, 'PATH_OUTSIDE_ROOT'],
      [{ path: '/etc', maxCognitive: 3 }, 'PATH_OUTSIDE_ROOT'],
    ];
    for (const [args, code] of cases) {
      const env = await call(args);
      expect(env.status.code, JSON.stringify(args)).toBe(code);
    }
    expect((await call({ path: '.' })).status.message).toContain('Nothing to check');
  });
});
