import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../../src/config/config.js';
import { Roots } from '../../../src/security/roots.js';
import { codeOf } from '../../contract/session-store.contract.js';

function tree() {
  const base = mkdtempSync(join(tmpdir(), 'mca-roots-'));
  const root = join(base, 'root');
  mkdirSync(join(root, 'src'), { recursive: true });
  writeFileSync(join(root, 'src', 'a.ts'), 'export const a = 1;\n');
  writeFileSync(join(base, 'secret.ts'), 'secret\n');
  symlinkSync(join(base, 'secret.ts'), join(root, 'link-out.ts'));
  symlinkSync(join(root, 'src'), join(root, 'link-in'));
  return { base, root };
}

describe('roots', () => {
  it('resolves paths under a root, relative or absolute, through inner symlinks', async () => {
    const { root } = tree();
    const roots = new Roots([root]);
    expect(await roots.resolve('src/a.ts')).toMatchObject({ relative: 'src/a.ts', isDirectory: false });
    expect(await roots.resolve(join(root, 'src'))).toMatchObject({ relative: 'src', isDirectory: true });
    expect((await roots.resolve('link-in/a.ts')).relative).toBe('src/a.ts');
    expect((await roots.resolve('.')).relative).toBe('');
  });

  it('refuses .. and symlinks that lead out, and tells missing paths apart', async () => {
    const { root, base } = tree();
    const roots = new Roots([root]);
    expect(await codeOf(roots.resolve('../secret.ts'))).toBe('PATH_OUTSIDE_ROOT');
    expect(await codeOf(roots.resolve('link-out.ts'))).toBe('PATH_OUTSIDE_ROOT');
    expect(await codeOf(roots.resolve(join(base, 'secret.ts')))).toBe('PATH_OUTSIDE_ROOT');
    expect(await codeOf(roots.resolve('/definitely/not/here'))).toBe('PATH_OUTSIDE_ROOT');
    expect(await codeOf(roots.resolve('src/missing.ts'))).toBe('PATH_NOT_FOUND');
  });
});

describe('config', () => {
  it('takes defaults, the environment, then flags', () => {
    const c = loadConfig({ port: '4000' }, { MCA_ENGINE: 'wasm', MCA_PORT: '5000', MCA_HTTP: 'true' }, '/tmp');
    expect(c).toMatchObject({ engine: 'wasm', port: 4000, http: true, roots: ['/tmp'], store: 'memory' });
  });

  it('names the option and its variable when a value is bad', () => {
    expect(() => loadConfig({ engine: 'turbo' }, {})).toThrow(/--engine \(MCA_ENGINE\)/);
    expect(() => loadConfig({}, { MCA_PORT: 'x' })).toThrow(ConfigError);
  });

  it('requires a token to bind off loopback', () => {
    expect(() => loadConfig({ http: true, host: '0.0.0.0' }, {})).toThrow(/auth-token/);
    expect(loadConfig({ http: true, host: '0.0.0.0', authToken: 't' }, {}).host).toBe('0.0.0.0');
  });
});
