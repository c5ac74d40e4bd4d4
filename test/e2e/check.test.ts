import { execFile } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI, REPO } from '../helpers/cli.js';
import { validateSarif } from '../helpers/sarif-multitool.js';

// `check`, the quality gate for CI, as CI runs it: the built command line on a copy of a
// fixture tree with known violations (test/fixtures/gate: classify over both complexity
// limits, Router.route over the cyclomatic one, hub.ts importing 4 files, cycle-a ⇄ cycle-b).

const exec = promisify(execFile);
const FIXTURE = join(REPO, 'test/fixtures/gate');
const ALL = ['--max-cyclomatic', '5', '--max-cognitive', '8', '--max-fan-out', '3', '--no-cycles'];

let tree: string;
let cacheDir: string;

async function check(args: string[], cwd = tree) {
  try {
    const { stdout, stderr } = await exec(
      process.execPath,
      [CLI, 'check', ...args, '--engine', 'wasm', '--cache-dir', cacheDir],
      { cwd },
    );
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

const COMPLEX = () => readFileSync(join(FIXTURE, 'src/complex.ts'), 'utf8');

// Each test runs the command line several times (about a second each, more on a busy machine).
describe('check: the quality gate on the command line', { timeout: 180_000 }, () => {
  beforeAll(() => {
    tree = mkdtempSync(join(tmpdir(), 'mca-gate-'));
    cacheDir = mkdtempSync(join(tmpdir(), 'mca-gate-cache-'));
    cpSync(join(FIXTURE, 'src'), join(tree, 'src'), { recursive: true });
  });
  afterAll(() => {
    rmSync(tree, { recursive: true, force: true });
    rmSync(cacheDir, { recursive: true, force: true });
  });

  it('exits 0 when clean, 1 on violations, 2 when the check cannot run', async () => {
    const clean = await check(['.', '--max-cyclomatic', '50', '--max-cognitive', '50']);
    expect(clean.code).toBe(0);
    expect(clean.stdout).toContain('Quality gate PASSED');
    const failed = await check(['.', ...ALL]);
    expect(failed.code).toBe(1);
    expect(failed.stdout).toContain(
      'Quality gate FAILED: 5 violations fail the gate (5 new, 0 worse than the baseline).',
    );
    expect(failed.stdout).toMatch(/new\s+max-cognitive\s+15\s+8\s+src\/complex\.ts:3\s+classify \(function\)/);
    expect(failed.stdout).toContain('src/cycle-a.ts → src/cycle-b.ts → src/cycle-a.ts');
    for (const [args, message] of [
      [['.'], 'nothing to check'],
      [['.', '--max-cognitive', 'ten'], 'whole number'],
      [['.', '--max-cognitive', '3', '--format', 'xml'], 'xml'],
      [['.', '--max-cognitive', '3', '--baseline', 'missing.json'], 'write one with --update-baseline'],
      [['.', '--max-cognitive', '3', '--update-baseline'], 'needs a baseline file'],
      [['/etc', '--max-cognitive', '3', '--root', '.'], 'PATH_OUTSIDE_ROOT'],
    ] as const) {
      const run = await check([...args]);
      expect(run.code, args.join(' ')).toBe(2);
      expect(run.stderr, args.join(' ')).toContain(message);
    }
  });

  it('--format json is the whole verdict as JSON', async () => {
    const run = await check(['.', ...ALL, '--format', 'json']);
    expect(run.code).toBe(1);
    const report = JSON.parse(run.stdout);
    expect(report.passed).toBe(false);
    expect(report.counts).toMatchObject({
      violations: 5,
      failing: 5,
      new: 5,
      worse: 0,
      baselined: 0,
      files: 7,
      byRule: { 'max-cyclomatic': 2, 'max-cognitive': 1, 'max-fan-out': 1, 'no-cycles': 1 },
    });
    expect(report.violations.map((v: any) => `${v.rule} ${v.path}:${v.startLine} ${v.name ?? ''}`)).toEqual([
      'max-cognitive src/complex.ts:3 classify',
      'max-cyclomatic src/complex.ts:3 classify',
      'max-cyclomatic src/complex.ts:18 Router.route',
      'no-cycles src/cycle-a.ts:1 ',
      'max-fan-out src/hub.ts:1 ',
    ]);
    expect(report.violations[4]).toMatchObject({ value: 4, threshold: 3, kind: 'file', endLine: 4 });
    expect(report.violations[3]).toMatchObject({
      members: ['src/cycle-a.ts', 'src/cycle-b.ts'],
      cycle: ['src/cycle-a.ts', 'src/cycle-b.ts', 'src/cycle-a.ts'],
    });
  });

  it('--format sarif passes the official validator (@microsoft/sarif-multitool) and carries rules, locations, fingerprints, version', async () => {
    const file = join(tree, 'out.sarif');
    const run = await check(['.', ...ALL, '--format', 'sarif', '--output', file]);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain('Quality gate FAILED');
    expect(await validateSarif(file)).toEqual([]);
    const sarif = JSON.parse(readFileSync(file, 'utf8'));
    expect(sarif.version).toBe('2.1.0');
    const { driver } = sarif.runs[0].tool;
    expect(driver).toMatchObject({
      name: 'mcp-code-analysis',
      version: JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')).version,
    });
    expect(driver.informationUri).toMatch(/^https:\/\//);
    expect(driver.rules.map((r: any) => r.id)).toEqual(['max-cyclomatic', 'max-cognitive', 'max-fan-out', 'no-cycles']);
    for (const r of driver.rules)
      expect(Object.keys(r)).toEqual([
        'id',
        'name',
        'shortDescription',
        'fullDescription',
        'help',
        'defaultConfiguration',
        'properties',
      ]);
    expect(sarif.runs[0].originalUriBaseIds['%SRCROOT%'].uri).toMatch(/^file:\/\/\/.*\/$/);
    const results = sarif.runs[0].results;
    expect(results).toHaveLength(5);
    expect(results[0]).toMatchObject({
      ruleId: 'max-cognitive',
      level: 'error',
      locations: [
        {
          physicalLocation: {
            artifactLocation: { uri: 'src/complex.ts', uriBaseId: '%SRCROOT%' },
            region: { startLine: 3, startColumn: 1, endLine: 15 },
          },
        },
      ],
      partialFingerprints: { 'mcaViolation/v1': expect.stringMatching(/^[0-9a-f]{32}$/) },
    });
    expect(results[0].baselineState).toBeUndefined();
  });

  it('the validator this test relies on does reject an invalid log', async () => {
    const file = join(tree, 'bad.sarif');
    writeFileSync(
      file,
      JSON.stringify({
        version: '2.1.0',
        runs: [{ tool: { driver: { name: 'x', bogus: 1 } }, results: [{ message: {} }] }],
      }),
    );
    const findings = await validateSarif(file);
    expect(findings.filter((f) => f.level === 'error').map((f) => f.ruleId)).toEqual(
      expect.arrayContaining(['JSON1005', 'SARIF1010']),
    );
  });

  it('--format github writes one ::error workflow command per failing violation and the verdict', async () => {
    const run = await check(['.', ...ALL, '--format', 'github']);
    expect(run.code).toBe(1);
    const lines = run.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(6);
    expect(lines[0]).toBe(
      '::error file=src/complex.ts,line=3,endLine=15,title=Cognitive complexity over the limit::classify (function) has cognitive complexity 15 (max 8).',
    );
    expect(lines[3]).toMatch(
      /^::error file=src\/cycle-a\.ts,line=1,endLine=1,title=Import cycle::Import cycle of 2 files: src\/cycle-a\.ts → src\/cycle-b\.ts → src\/cycle-a\.ts\.$/,
    );
    expect(lines[5]).toMatch(/^Quality gate FAILED/);
  });

  it('reads the limits from .mca-check.json in the path or --config; flags win', async () => {
    writeFileSync(
      join(tree, '.mca-check.json'),
      JSON.stringify({ maxCyclomatic: 5, maxCognitive: 8, maxFanOut: 3, noCycles: true }),
    );
    try {
      const fromFile = await check(['.', '--format', 'json']);
      expect(fromFile.code).toBe(1);
      expect(JSON.parse(fromFile.stdout).counts.violations).toBe(5);
      const overridden = await check([
        '.',
        '--max-cyclomatic',
        '50',
        '--max-cognitive',
        '50',
        '--max-fan-out',
        '50',
        '--cycles',
      ]);
      expect(overridden.code).toBe(0);
      const other = join(tree, 'gate.json');
      writeFileSync(other, JSON.stringify({ maxFanOut: 3 }));
      const named = await check(['src', '--config', other, '--format', 'json']);
      expect(JSON.parse(named.stdout).counts).toMatchObject({ violations: 1, byRule: { 'max-fan-out': 1 } });
      writeFileSync(other, JSON.stringify({ maxFanout: 3 }));
      const bad = await check(['.', '--config', other]);
      expect(bad.code).toBe(2);
      expect(bad.stderr).toContain('maxFanout');
    } finally {
      rmSync(join(tree, '.mca-check.json'));
    }
  });

  it('a baseline lets existing violations pass; a new or worse one fails; moving code does not', async () => {
    const baseline = join(tree, 'gate-baseline.json');
    const written = await check(['.', ...ALL, '--baseline', baseline, '--update-baseline']);
    expect(written.code).toBe(0);
    expect(written.stderr).toContain('baseline written: 5 violations');
    const text = readFileSync(baseline, 'utf8');
    expect((await check(['.', ...ALL, '--baseline', baseline, '--update-baseline'])).code).toBe(0);
    expect(readFileSync(baseline, 'utf8')).toBe(text); // deterministic
    expect(text).not.toMatch(/"startLine"|"line"/);

    const known = await check([
      '.',
      ...ALL,
      '--baseline',
      baseline,
      '--format',
      'sarif',
      '--output',
      join(tree, 'known.sarif'),
    ]);
    expect(known.code).toBe(0);
    expect(await validateSarif(join(tree, 'known.sarif'))).toEqual([]);
    const sarif = JSON.parse(readFileSync(join(tree, 'known.sarif'), 'utf8'));
    expect(sarif.runs[0].results.map((r: any) => [r.level, r.baselineState])).toEqual(
      Array(5).fill(['note', 'unchanged']),
    );

    // Moved: `simple` goes first, Router.route to the end, lines shift everywhere.
    const source = COMPLEX();
    const route = source.slice(source.indexOf('export class Router'), source.indexOf('export function simple'));
    const moved = `export function simple(x: number): number {\n  return x + 1;\n}\n\n\n${source.replace(route, '').replace(/export function simple[\s\S]*$/, '')}\n${route}`;
    writeFileSync(join(tree, 'src/complex.ts'), moved);
    const afterMove = await check(['.', ...ALL, '--baseline', baseline, '--format', 'json']);
    expect(afterMove.code).toBe(0);
    expect(
      JSON.parse(afterMove.stdout).violations.find((v: any) => v.name === 'Router.route').startLine,
    ).toBeGreaterThan(20);

    // Worse: one more branch in classify.
    writeFileSync(
      join(tree, 'src/complex.ts'),
      moved.replace('if (n < 0) {', 'if (n < 0) {\n    if (flags.a) n = -n;'),
    );
    const worse = await check(['.', ...ALL, '--baseline', baseline, '--format', 'json']);
    expect(worse.code).toBe(1);
    expect(
      JSON.parse(worse.stdout)
        .violations.filter((v: any) => v.state === 'worse')
        .map((v: any) => [v.rule, v.value, v.baselineValue]),
    ).toEqual([
      ['max-cognitive', 17, 15],
      ['max-cyclomatic', 12, 11],
    ]);

    // New: another complex function.
    writeFileSync(
      join(tree, 'src/complex.ts'),
      `${moved}\nexport function fresh(a: number): number {\n  if (a > 1 && a < 5) return 1;\n  if (a > 5 || a < -5) return 2;\n  for (const x of [1, 2]) if (x === a) return 3;\n  return a > 0 ? 4 : 5;\n}\n`,
    );
    const added = await check(['.', ...ALL, '--baseline', baseline, '--format', 'github']);
    expect(added.code).toBe(1);
    expect(added.stdout.split('\n').filter((l) => l.startsWith('::error'))).toEqual([
      expect.stringContaining('fresh (function) has cyclomatic complexity 8 (max 5)'),
    ]);
    writeFileSync(join(tree, 'src/complex.ts'), source);
  });
});
