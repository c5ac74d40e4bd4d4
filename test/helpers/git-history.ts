import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

// A temporary git repository with a scripted history: every commit has a fixed author and
// date (author and committer), so counts, authors and windows are known in advance. The
// user's and the system's git configuration are left out.

export interface Step {
  author: string;
  /** ISO 8601, e.g. 2024-01-02T10:00:00Z. */
  date: string;
  write?: Record<string, string>;
  rename?: [from: string, to: string][];
  remove?: string[];
  message?: string;
}

export const GIT_ENV = { GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_NOSYSTEM: '1', GIT_TERMINAL_PROMPT: '0' };

export function git(dir: string, args: string[], env: Record<string, string> = {}): string {
  return execFileSync('git', args, { cwd: dir, env: { ...process.env, ...GIT_ENV, ...env }, encoding: 'utf8' });
}

export function commit(dir: string, step: Step): void {
  // Renames first, so a step can rename a file and change it.
  for (const [from, to] of step.rename ?? []) {
    mkdirSync(dirname(join(dir, to)), { recursive: true });
    git(dir, ['mv', '--', from, to]);
  }
  for (const [path, text] of Object.entries(step.write ?? {})) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  for (const path of step.remove ?? []) git(dir, ['rm', '-q', '--', path]);
  git(dir, ['add', '-A']);
  const email = `${step.author.toLowerCase()}@example.com`;
  git(dir, ['commit', '-q', '--allow-empty', '-m', step.message ?? `${step.author} at ${step.date}`], {
    GIT_AUTHOR_NAME: step.author,
    GIT_AUTHOR_EMAIL: email,
    GIT_AUTHOR_DATE: step.date,
    GIT_COMMITTER_NAME: step.author,
    GIT_COMMITTER_EMAIL: email,
    GIT_COMMITTER_DATE: step.date,
  });
}

/** A new repository (branch main) with the steps committed in order. */
export function scriptedRepo(steps: Step[]): { dir: string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'mca-git-'));
  git(dir, ['init', '-q', '-b', 'main']);
  for (const step of steps) commit(dir, step);
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
