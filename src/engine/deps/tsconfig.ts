import { readFileSync, statSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import type { FileIndex } from './file-index.js';
import { dirOf } from './file-index.js';
import { parseJsonc } from './jsonc.js';

/** The module-resolution part of a tsconfig, with `extends` applied. Directories are absolute. */
export interface TsPaths {
  baseUrl?: string;
  paths?: Record<string, string[]>;
  /** Directory the `paths` targets are relative to when there is no baseUrl. */
  pathsDir?: string;
}

interface RawConfig {
  extends?: string | string[];
  compilerOptions?: { baseUrl?: string; paths?: Record<string, string[]> };
}

const MAX_EXTENDS = 32;

/** Finds and loads the tsconfig.json that governs each directory (the nearest one upward). */
export class TsconfigLookup {
  private readonly byDir = new Map<string, TsPaths | undefined>();
  constructor(private readonly index: FileIndex) {}

  forFile(file: string): TsPaths | undefined {
    const dir = dirOf(file);
    if (!this.byDir.has(dir)) {
      const found = this.index.findUp(dir, 'tsconfig.json');
      const path = found === undefined ? undefined : join(this.index.root, found, 'tsconfig.json');
      this.byDir.set(dir, path === undefined ? undefined : loadTsconfig(path, 0, new Set()));
    }
    return this.byDir.get(dir);
  }
}

/** Later `extends` entries override earlier ones, and the file itself overrides them all. */
export function loadTsconfig(path: string, depth: number, seen: Set<string>): TsPaths {
  if (depth > MAX_EXTENDS || seen.has(path)) return {};
  seen.add(path);
  let raw: RawConfig;
  try {
    raw = (parseJsonc(readFileSync(path, 'utf8')) ?? {}) as RawConfig;
  } catch {
    return {};
  }
  const dir = dirname(path);
  const result: TsPaths = {};
  const parents = raw.extends === undefined ? [] : Array.isArray(raw.extends) ? raw.extends : [raw.extends];
  for (const parent of parents) {
    const parentPath = typeof parent === 'string' ? resolveExtends(dir, parent) : undefined;
    if (parentPath) Object.assign(result, loadTsconfig(parentPath, depth + 1, seen));
  }
  const options = raw.compilerOptions ?? {};
  if (typeof options.baseUrl === 'string') result.baseUrl = resolve(dir, options.baseUrl);
  if (options.paths && typeof options.paths === 'object') {
    result.paths = options.paths;
    result.pathsDir = dir;
  }
  return result;
}

/** A relative or absolute path, or a package in a node_modules directory above. */
function resolveExtends(dir: string, spec: string): string | undefined {
  const candidates = (base: string): string[] => [base, `${base}.json`, join(base, 'tsconfig.json')];
  if (spec.startsWith('.') || isAbsolute(spec)) return candidates(resolve(dir, spec)).find(isFile);
  for (let d = dir; ; d = dirname(d)) {
    const found = candidates(join(d, 'node_modules', spec)).find(isFile);
    if (found) return found;
    if (dirname(d) === d) return undefined;
  }
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/**
 * The root-relative candidates that `paths` gives for a specifier, best pattern first
 * (an exact pattern, else the longest prefix before '*'), or undefined when none matches.
 */
export function pathCandidates(config: TsPaths, root: string, spec: string): string[] | undefined {
  if (!config.paths) return undefined;
  let best: { pattern: string; star: string; prefix: number } | undefined;
  for (const pattern of Object.keys(config.paths)) {
    const star = pattern.indexOf('*');
    if (star < 0) {
      if (pattern === spec) best = { pattern, star: '', prefix: Infinity };
      continue;
    }
    const prefix = pattern.slice(0, star);
    const suffix = pattern.slice(star + 1);
    const fits = spec.length >= prefix.length + suffix.length && spec.startsWith(prefix) && spec.endsWith(suffix);
    if (fits && (!best || prefix.length > best.prefix))
      best = { pattern, star: spec.slice(prefix.length, spec.length - suffix.length), prefix: prefix.length };
  }
  if (!best) return undefined;
  const base = config.baseUrl ?? config.pathsDir ?? root;
  return (config.paths[best.pattern] ?? []).map((target) =>
    relative(root, resolve(base, target.replace('*', best.star)))
      .split(sep)
      .join('/'),
  );
}
