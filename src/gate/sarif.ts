import { pathToFileURL } from 'node:url';
import type { Judged } from './baseline.js';
import { RULE_IDS, RULES, type RuleId } from './rules.js';

// SARIF 2.1.0 (OASIS), the format code-scanning UIs read. One run; the driver lists every rule
// with its metadata; each violation is a result located in the analysed tree by a path
// relative to the root (uriBaseId %SRCROOT%, whose absolute value originalUriBaseIds gives),
// carrying the baseline's fingerprint as a partial fingerprint, and with a baseline its
// baselineState. Functions are located by lines only: the engines report no columns, so a
// region starts at column 1 of the function's first line.

export const SARIF_SCHEMA =
  'https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json';
export const FINGERPRINT_KEY = 'mcaViolation/v1';
export const INFORMATION_URI = 'https://www.npmjs.com/package/mcp-code-analysis';
const SRCROOT = '%SRCROOT%';

export interface SarifInput {
  violations: readonly (Judged & { message: string })[];
  /** Absolute path of the root the violations' paths are relative to. */
  root: string;
  toolVersion: string;
  /** Whether a baseline was applied (results then carry baselineState). */
  baseline: boolean;
}

/** A path relative to the root as a relative URI reference: each segment percent-encoded. */
export function relativeUri(path: string): string {
  return path.split('/').map(encodeURIComponent).join('/');
}

function rule(id: RuleId) {
  const r = RULES[id];
  return {
    id,
    name: r.name,
    shortDescription: { text: r.short },
    fullDescription: { text: r.full },
    help: { text: r.help },
    defaultConfiguration: { level: 'error' },
    properties: { tags: ['maintainability', r.scope === 'function' ? 'complexity' : 'dependencies'], scope: r.scope },
  };
}

function location(path: string, startLine: number, endLine: number) {
  return {
    physicalLocation: {
      artifactLocation: { uri: relativeUri(path), uriBaseId: SRCROOT },
      region: { startLine, startColumn: 1, endLine: Math.max(startLine, endLine) },
    },
  };
}

/**
 * SARIF's baselineState: new; unchanged (same value); updated (matched, with another value: a
 * worse one fails, a better one passes). Absent results (fixed entries) are not emitted: they
 * have no place left in the tree to point at.
 */
function baselineState(v: Judged): 'new' | 'unchanged' | 'updated' {
  if (v.state === 'new') return 'new';
  return v.baselineValue === v.value ? 'unchanged' : 'updated';
}

function result(v: Judged & { message: string }, withBaseline: boolean) {
  const properties = {
    value: v.value,
    ...(v.threshold !== undefined ? { threshold: v.threshold } : {}),
    ...(v.baselineValue !== undefined ? { baselineValue: v.baselineValue } : {}),
    state: v.state,
  };
  const logical = v.name !== undefined ? { logicalLocations: [{ fullyQualifiedName: v.name, kind: 'function' }] } : {};
  const related = v.cycle
    ? {
        relatedLocations: [...new Set(v.cycle)].map((path, id) => ({
          id,
          message: { text: `In the cycle: ${path}` },
          physicalLocation: { artifactLocation: { uri: relativeUri(path), uriBaseId: SRCROOT } },
        })),
      }
    : {};
  return {
    ruleId: v.rule,
    ruleIndex: RULE_IDS.indexOf(v.rule),
    // A baselined violation is still reported, as a note: it does not fail the gate.
    level: v.state === 'baselined' ? 'note' : 'error',
    message: { text: v.state === 'worse' ? `${v.message} Worse than the baseline (${v.baselineValue}).` : v.message },
    locations: [{ ...location(v.path, v.startLine, v.endLine), ...logical }],
    ...related,
    partialFingerprints: { [FINGERPRINT_KEY]: v.fingerprint },
    ...(withBaseline ? { baselineState: baselineState(v) } : {}),
    properties,
  };
}

export function toSarif(input: SarifInput): object {
  const rootUri = pathToFileURL(input.root).href.replace(/\/?$/, '/');
  return {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'mcp-code-analysis',
            version: input.toolVersion,
            semanticVersion: input.toolVersion,
            informationUri: INFORMATION_URI,
            rules: RULE_IDS.map(rule),
          },
        },
        originalUriBaseIds: { [SRCROOT]: { uri: rootUri } },
        results: input.violations.map((v) => result(v, input.baseline)),
        columnKind: 'unicodeCodePoints',
      },
    ],
  };
}
