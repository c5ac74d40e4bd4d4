import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO } from '../../helpers/cli.js';

// ARCHITECTURE.md's layering: tools may import engine, session, cache, envelope (and the
// config/security/execution types they are handed); only server/ (through the registry)
// imports tools; nothing imports server/ or cli/ but cli/.
const FORBIDDEN: Record<string, string[]> = {
  envelope: ['tools', 'registry', 'execution', 'server', 'cli', 'analysis', 'engine', 'session', 'cache', 'redis'],
  // Whole analyses above the Engine interface (snapshots, single flight): under tools, over engine.
  analysis: ['tools', 'registry', 'execution', 'server', 'cli', 'session', 'redis'],
  engine: ['tools', 'registry', 'execution', 'server', 'cli', 'analysis', 'session', 'redis'],
  cache: ['tools', 'registry', 'execution', 'server', 'cli', 'analysis', 'engine', 'session'],
  session: ['tools', 'registry', 'server', 'cli', 'analysis', 'engine'],
  redis: ['tools', 'registry', 'server', 'cli', 'analysis', 'engine'], // execution/record.ts is plain data
  tools: ['registry', 'server', 'cli', 'redis'],
  execution: ['registry', 'server', 'cli'],
  registry: ['server', 'cli'],
  config: ['tools', 'registry', 'execution', 'server', 'cli', 'analysis', 'engine', 'session'],
  security: ['tools', 'registry', 'execution', 'server', 'cli'],
  // The git history reader (hotspots): a process runner and parsers, under tools, over envelope only.
  git: ['tools', 'registry', 'execution', 'server', 'cli', 'analysis', 'engine', 'session', 'cache', 'redis'],
  // Metrics observe the layers below through wrappers and observers; only server/ builds them.
  metrics: ['server', 'cli'],
  // Runtime flags read a store (redis/); what they steer gets plain functions from server/.
  flags: ['tools', 'registry', 'execution', 'server', 'cli', 'analysis', 'engine', 'session', 'cache', 'metrics'],
  server: ['cli'],
};

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = join(dir, name);
    return statSync(full).isDirectory() ? files(full) : full.endsWith('.ts') ? [full] : [];
  });
}

describe('layering', () => {
  it('no module imports a layer above it', () => {
    const src = join(REPO, 'src');
    const violations: string[] = [];
    for (const file of files(src)) {
      const layer = relative(src, file).split('/')[0]!;
      const banned = FORBIDDEN[layer] ?? [];
      for (const match of readFileSync(file, 'utf8').matchAll(/from '(\.[^']+)'/g)) {
        const target = relative(src, join(file, '..', match[1]!)).split('/')[0]!;
        if (banned.includes(target)) violations.push(`${relative(src, file)} → ${match[1]}`);
      }
    }
    expect(violations).toEqual([]);
  });
});
