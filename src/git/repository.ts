import { gitFailed, gitOutput, noHistory } from './run-git.js';

export interface GitRepository {
  /** The working tree's top directory. */
  topLevel: string;
  /** The commit HEAD names; undefined in a repository without commits. */
  head: string | undefined;
  /** A shallow clone: its history stops early, so counts are lower than the project's. */
  shallow: boolean;
}

/** The repository whose working tree holds `dir`, in one git call; NO_GIT_HISTORY when there is none. */
export async function openRepository(dir: string, signal?: AbortSignal): Promise<GitRepository> {
  const { code, stdout, stderr } = await gitOutput(
    ['rev-parse', '--show-toplevel', '--is-shallow-repository', '--verify', '-q', 'HEAD^{commit}'],
    { cwd: dir, signal },
  );
  const [topLevel = '', shallow = '', head = ''] = stdout.split('\n');
  // Exit 1 with the first two answers: a repository whose HEAD names no commit yet.
  if ((code === 0 || code === 1) && topLevel)
    return { topLevel, head: code === 0 && head ? head : undefined, shallow: shallow === 'true' };
  if (/not a git repository|must be run in a work tree/i.test(stderr)) {
    throw noHistory(`${dir} is not inside a git working tree, so it has no history to read.`, { path: dir });
  }
  if (/dubious ownership/i.test(stderr)) {
    throw noHistory(
      `git refuses to read the repository at ${dir}: it is owned by another user (git's safe.directory).`,
      { path: dir, git: stderr.trim().split('\n')[0] },
    );
  }
  throw gitFailed('git rev-parse', code, stderr, dir);
}
