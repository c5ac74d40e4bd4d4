#!/usr/bin/env node
// Writes docs/API.md from what the server itself serves: the tool listings of the built
// registry (the same objects tools/list returns: zod schemas turned into JSON Schema), each
// tool's examples, and the error catalog. Run `npm run docs:api` after changing a tool, its
// schemas or the catalog; test/unit/api-docs.test.ts fails while docs/API.md is stale.
// It reads dist/: `npm run build` first (docs:api does both).

import { writeFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const API_DOC = fileURLToPath(new URL('../docs/API.md', import.meta.url));

/** Output fields are listed this deep (files[].functions[].halstead is 3); deeper ones are in `tools --json`. */
const OUTPUT_DEPTH = 3;

/**
 * Text for a table cell: one line, pipes escaped; outside code spans, angle brackets (`<anonymous>` is no tag) and
 * stars (globs are no emphasis).
 */
const cell = (text) =>
  String(text)
    .replace(/\r?\n+/g, ' ')
    .replace(/\|/g, '\\|')
    .split('`')
    .map((part, i) => (i % 2 ? part : part.replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\*/g, '\\*')))
    .join('`')
    .trim();
const code = (text) => `\`${String(text).replace(/`/g, "'")}\``;
const range = (min, max) =>
  min !== undefined && max !== undefined ? `${min}–${max}` : min !== undefined ? `≥ ${min}` : `≤ ${max}`;
/** JSON Schema's way of saying "any safe integer": not worth printing. */
const BIG = Number.MAX_SAFE_INTEGER;

/** A JSON Schema as a short type for a table: enums as their values, bounds and formats in parentheses. */
export function typeOf(schema) {
  if (!schema || Object.keys(schema).filter((k) => k !== 'description').length === 0) return 'any';
  const variants = schema.anyOf ?? schema.oneOf;
  if (variants) return [...new Set(variants.map(typeOf))].join(' | ');
  if (schema.const !== undefined) return JSON.stringify(schema.const);
  if (schema.enum) return schema.enum.map((v) => JSON.stringify(v)).join(' | ');
  const type = Array.isArray(schema.type) ? schema.type.join(' | ') : schema.type;
  if (type === 'array') {
    // A bounded item's note goes with the array's: string[] (≤ 100 items, each 1–512 chars).
    const [, base = typeOf(schema.items), note] = /^(\w+) \((.*)\)$/.exec(typeOf(schema.items)) ?? [];
    const notes = [
      schema.maxItems !== undefined || schema.minItems !== undefined
        ? `${range(schema.minItems, schema.maxItems)} items`
        : undefined,
      note && `each ${note}`,
    ].filter(Boolean);
    return `${base.includes(' ') ? `(${base})` : base}[]${notes.length ? ` (${notes.join(', ')})` : ''}`;
  }
  if (type === 'integer' || type === 'number') {
    const max = schema.maximum === BIG ? undefined : schema.maximum;
    return schema.minimum !== undefined || max !== undefined ? `${type} (${range(schema.minimum, max)})` : type;
  }
  if (type === 'string') {
    const notes = [
      schema.format,
      schema.minLength > 1 || schema.maxLength !== undefined
        ? `${range(schema.minLength, schema.maxLength)} chars`
        : undefined,
    ];
    const shown = notes.filter(Boolean);
    return shown.length ? `string (${shown.join(', ')})` : 'string';
  }
  if (
    type === 'object' &&
    !schema.properties &&
    schema.additionalProperties &&
    typeof schema.additionalProperties === 'object'
  ) {
    return `map of ${typeOf(schema.additionalProperties)}`;
  }
  return type ?? 'any';
}

/** The object a schema describes when it is one (directly, or the non-null branch of `X | null`). */
function objectOf(schema) {
  if (!schema) return undefined;
  if (schema.type === 'object' && schema.properties) return schema;
  const variants = (schema.anyOf ?? schema.oneOf ?? []).filter((v) => v.type !== 'null');
  return variants.length === 1 ? objectOf(variants[0]) : undefined;
}

/** Fields of an object schema as rows, nested objects and arrays of objects flattened to dotted paths. */
function fieldRows(schema, prefix = '', depth = 1) {
  const rows = [];
  const required = new Set(schema.required ?? []);
  for (const [name, field] of Object.entries(schema.properties ?? {})) {
    const path = `${prefix}${name}`;
    rows.push({
      path,
      type: typeOf(field),
      required: required.has(name),
      description: field.description ?? '',
      default: field.default,
    });
    if (depth >= OUTPUT_DEPTH) continue;
    const inner = objectOf(field);
    const items = field.type === 'array' ? objectOf(field.items) : undefined;
    if (inner) rows.push(...fieldRows(inner, `${path}.`, depth + 1));
    else if (items) rows.push(...fieldRows(items, `${path}[].`, depth + 1));
  }
  return rows;
}

function inputTable(schema) {
  const rows = fieldRows(schema, '', OUTPUT_DEPTH);
  if (rows.length === 0) return ['No arguments.'];
  // The schemas carry defaults only when zod declares them; the descriptions state the rest.
  const withDefault = rows.some((r) => r.default !== undefined);
  const head = withDefault
    ? '| field | type | required | default | description |\n|---|---|---|---|---|'
    : '| field | type | required | description |\n|---|---|---|---|';
  return [
    head,
    ...rows
      .map((r) =>
        [
          code(r.path),
          cell(r.type),
          r.required ? 'yes' : 'no',
          ...(withDefault ? [r.default === undefined ? '' : code(JSON.stringify(r.default))] : []),
          cell(r.description),
        ].join(' | '),
      )
      .map((line) => `| ${line} |`),
  ];
}

function outputTable(schema) {
  const rows = fieldRows(schema);
  return [
    '| field | type | description |',
    '|---|---|---|',
    ...rows.map((r) => `| ${code(r.required ? r.path : `${r.path}?`)} | ${cell(r.type)} | ${cell(r.description)} |`),
  ];
}

function flags(listing, tool) {
  const a = listing.annotations;
  const effect = a.readOnlyHint ? 'read-only' : a.destructiveHint ? 'destructive' : 'writes session state';
  return [
    `- **Category** ${tool.category} · **version** ${tool.version} · ${effect}${a.idempotentHint ? ', idempotent' : ''}${a.openWorldHint ? ', open world' : ''}${tool.stateful ? ' · **stateful** (keeps state in the session given by `sessionId`)' : ''}`,
    `- **Tags** ${tool.tags.map(code).join(', ')}${tool.related.length ? ` · **related** ${tool.related.map((r) => `[${r}](#${r})`).join(', ')}` : ''}`,
    ...(listing._meta['anthropic/maxResultSizeChars']
      ? [
          `- Declares \`_meta["anthropic/maxResultSizeChars"]\` = ${listing._meta['anthropic/maxResultSizeChars']}: a \`full\` page at the largest \`maxTokens\` can exceed what clients keep inline by default.`,
        ]
      : []),
  ];
}

function toolSection(listing, tool) {
  const data = objectOf(listing.outputSchema.properties.data);
  const out = [
    `### ${tool.name}`,
    '',
    `**${tool.title}.** ${tool.description}`,
    '',
    ...flags(listing, tool),
    '',
    '#### Input',
    '',
    ...inputTable(listing.inputSchema),
    '',
    `#### Output: \`data\` on success`,
    '',
    ...(data ? outputTable(data) : ['`null`']),
    '',
  ];
  if (tool.examples.length) {
    out.push('#### Examples', '');
    for (const example of tool.examples) {
      out.push(
        `${example.description}:`,
        '',
        '```json',
        JSON.stringify({ name: tool.name, arguments: example.arguments }),
        '```',
        '',
      );
    }
  }
  return out;
}

function envelopeSection(listing) {
  const envelope = listing.outputSchema;
  const shared = {
    ...envelope,
    properties: Object.fromEntries(Object.entries(envelope.properties).filter(([k]) => k !== 'data')),
  };
  return [
    '## The envelope',
    '',
    'Every tool answers `structuredContent` of this shape (its `data` is the tool\'s, below; `null` on an error), plus a text block for a model (see the README, "Responses and errors"). An error is also `isError: true`.',
    '',
    ...outputTable(shared),
    '',
  ];
}

function errorSection(catalog) {
  return [
    '## Errors',
    '',
    'Every error answers one of these codes in `status.code`, with `status.retryable` and `status.action` as listed (`discover_tools` with `includeErrorCatalog: true` returns the same catalog).',
    '',
    '| code | retryable | meaning | what to do |',
    '|---|---|---|---|',
    ...Object.entries(catalog).map(
      ([c, e]) => `| ${code(c)} | ${e.retryable ? 'yes' : 'no'} | ${cell(e.meaning)} | ${cell(e.action)} |`,
    ),
    '',
  ];
}

/** docs/API.md as it must be for the current build (dist/). */
export async function renderApiDocs() {
  const dist = (path) => import(pathToFileURL(`${ROOT}dist/${path}`).href);
  const [{ ToolRegistry }, { ERROR_CATALOG }] = await Promise.all([
    dist('registry/registry.js'),
    dist('envelope/catalog.js'),
  ]);
  const registry = new ToolRegistry();
  const listings = registry.listings();
  const pairs = listings.map((listing) => [listing, registry.get(listing.name)]);
  const lines = [
    '# API reference',
    '',
    '<!-- Generated by scripts/gen-api-docs.mjs from the tool registry and src/envelope/catalog.ts. Do not edit: run `npm run docs:api`. -->',
    '',
    "The tools as MCP `tools/list` serves them (their JSON Schemas are generated from the zod schemas in `src/tools/`), the response envelope, and the error catalog. `mcp-code-analysis tools --json` prints the complete listings; `discover_tools` answers the same at run time. Input schemas are strict: an unknown field is `INVALID_ARGUMENT`, naming the closest valid one. Defaults are applied by the server and stated in each field's description.",
    '',
    '## Tools',
    '',
    '| tool | title | category | version | effect |',
    '|---|---|---|---|---|',
    ...pairs.map(
      ([l, t]) =>
        `| [${t.name}](#${t.name}) | ${cell(t.title)} | ${t.category} | ${t.version} | ${l.annotations.readOnlyHint ? 'read-only' : 'writes'}${t.stateful ? ', stateful' : ''} |`,
    ),
    '',
    ...envelopeSection(listings[0]),
    '## Tool reference',
    '',
    ...pairs.flatMap(([l, t]) => toolSection(l, t)),
    ...errorSection(ERROR_CATALOG),
  ];
  return `${lines
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trimEnd()}\n`;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  writeFileSync(API_DOC, await renderApiDocs());
  process.stdout.write(`wrote ${API_DOC}\n`);
}
