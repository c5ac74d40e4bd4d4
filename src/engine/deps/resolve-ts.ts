import { relative, resolve, sep } from 'node:path';
import { NODE_BUILTINS } from './builtins.js';
import { dirOf, FileIndex, joinPath } from './file-index.js';
import { pathCandidates, TsconfigLookup } from './tsconfig.js';
import { fileTargets, UNRESOLVED, type Resolution, type ResolveContext } from './types.js';

// TS/JS resolution, in this order: relative specifiers; tsconfig `paths` (a specifier that
// matches a pattern but resolves nowhere is unresolved: it was meant to be local);
// `baseUrl`; Node builtins; otherwise an external package.

/** Probed after the specifier as written. Source before output: `x.ts` wins over `x.js`. */
const EXTENSIONS = ['.ts', '.tsx', '.mts', '.cts', '.js', '.jsx', '.mjs', '.cjs', '.d.ts'];

/** The ESM habit: `./x.js` in TypeScript source means `./x.ts`. */
const SOURCE_FOR_OUTPUT: Record<string, string[]> = {
  '.js': ['.ts', '.tsx'],
  '.jsx': ['.tsx'],
  '.mjs': ['.mts'],
  '.cjs': ['.cts'],
};

export class TsResolver {
  private readonly tsconfigs: TsconfigLookup;
  constructor(private readonly ctx: ResolveContext) {
    this.tsconfigs = new TsconfigLookup(ctx.index);
  }

  resolve(from: string, spec: string): Resolution {
    if (spec.startsWith('/')) return UNRESOLVED; // absolute paths depend on the machine
    if (isRelative(spec)) return fileTargets(listOf(probe(this.ctx.index, joinPath(dirOf(from), spec))));
    const config = this.tsconfigs.forFile(from);
    const mapped = config ? pathCandidates(config, this.ctx.root, spec) : undefined;
    if (mapped) {
      for (const candidate of mapped) {
        const hit = probe(this.ctx.index, FileIndex.clean(candidate));
        if (hit) return { kind: 'file', targets: [hit] };
      }
      return UNRESOLVED;
    }
    if (config?.baseUrl) {
      const hit = probe(this.ctx.index, FileIndex.clean(relativeTo(this.ctx.root, config.baseUrl, spec)));
      if (hit) return { kind: 'file', targets: [hit] };
    }
    return bareSpecifier(spec);
  }
}

export function isRelative(spec: string): boolean {
  return spec === '.' || spec === '..' || spec.startsWith('./') || spec.startsWith('../') || spec.startsWith('/');
}

function listOf(path: string | undefined): string[] {
  return path === undefined ? [] : [path];
}

function relativeTo(root: string, absDir: string, spec: string): string {
  return relative(root, resolve(absDir, spec)).split(sep).join('/');
}

/** The file a path means: source-for-output swap, as written, with an extension, as a directory index. */
export function probe(index: FileIndex, path: string | undefined): string | undefined {
  if (path === undefined) return undefined;
  const dot = path.lastIndexOf('.');
  const ext = dot > path.lastIndexOf('/') ? path.slice(dot) : '';
  const swaps = (SOURCE_FOR_OUTPUT[ext] ?? []).map((e) => path.slice(0, -ext.length) + e);
  const candidates = [
    ...swaps,
    path,
    ...EXTENSIONS.map((e) => path + e),
    ...EXTENSIONS.map((e) => `${path === '' ? '' : `${path}/`}index${e}`),
  ];
  return candidates.find((c) => index.isFile(c));
}

/** `node:fs`, `fs/promises` → builtin 'node:fs'; `@scope/pkg/sub` → '@scope/pkg'; `lodash/get` → 'lodash'. */
export function bareSpecifier(spec: string): Resolution {
  if (spec.startsWith('node:')) return { kind: 'builtin', name: `node:${spec.slice(5).split('/')[0]}` };
  const parts = spec.split('/');
  if (NODE_BUILTINS.has(parts[0]!)) return { kind: 'builtin', name: `node:${parts[0]}` };
  const name = spec.startsWith('@') && parts.length > 1 ? `${parts[0]}/${parts[1]}` : parts[0]!;
  return { kind: 'external', name };
}
