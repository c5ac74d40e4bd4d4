import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { API_DOC, renderApiDocs, typeOf } from '../../scripts/gen-api-docs.mjs';
import { ERROR_CODES } from '../../src/envelope/catalog.js';
import { ToolRegistry } from '../../src/registry/registry.js';

// docs/API.md is generated from the built registry and the error catalog (the suite's global
// setup builds dist/ first). A tool, schema or error code changed without regenerating the
// page fails here, with the one command that fixes it.

describe('docs/API.md', () => {
  it('is what scripts/gen-api-docs.mjs generates from the current tools and error catalog', async () => {
    const expected = await renderApiDocs();
    const actual = readFileSync(API_DOC, 'utf8');
    if (actual !== expected) {
      const a = actual.split('\n');
      const e = expected.split('\n');
      const line = e.findIndex((l, i) => l !== a[i]);
      throw new Error(
        `docs/API.md is stale: run \`npm run docs:api\` and commit it.\nFirst difference at line ${line + 1}:\n  in the file: ${a[line] ?? '(end of file)'}\n  generated:   ${e[line] ?? '(end of file)'}`,
      );
    }
  });

  it('has a section for every tool and a row for every error code', () => {
    const doc = readFileSync(API_DOC, 'utf8');
    for (const tool of new ToolRegistry().tools) expect(doc).toContain(`\n### ${tool.name}\n`);
    for (const c of ERROR_CODES) expect(doc).toMatch(new RegExp(`^\\| \`${c}\` \\| (yes|no) \\|`, 'm'));
  });

  it('writes JSON Schema types as a reader needs them', () => {
    expect(typeOf({ type: 'integer', minimum: 1, maximum: 1000 })).toBe('integer (1–1000)');
    expect(typeOf({ type: 'integer', minimum: 0, maximum: Number.MAX_SAFE_INTEGER })).toBe('integer (≥ 0)');
    expect(typeOf({ type: 'string', enum: ['a', 'b'] })).toBe('"a" | "b"');
    expect(typeOf({ type: 'array', maxItems: 100, items: { type: 'string', minLength: 1, maxLength: 512 } })).toBe(
      'string[] (≤ 100 items, each 1–512 chars)',
    );
    expect(typeOf({ type: 'array', items: { type: 'string', enum: ['go', 'rust'] } })).toBe('("go" | "rust")[]');
    expect(typeOf({ anyOf: [{ type: 'string' }, { type: 'null' }] })).toBe('string | null');
    expect(typeOf({ type: 'object', additionalProperties: { type: 'number' } })).toBe('map of number');
    expect(typeOf({})).toBe('any');
  });
});
