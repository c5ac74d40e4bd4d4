import { spawn } from 'node:child_process';
import { ToolError } from '../envelope/errors.js';

// git, run as a child process with an argument list (never a shell: a path is an argument,
// not code), its output read as it comes. A history can be far larger than what we keep of
// it, so nothing here holds git's whole output.

export interface GitOptions {
  cwd: string;
  signal?: AbortSignal | undefined;
}

/**
 * Options that keep a read of the history a plain read whatever the user's configuration says:
 * no pager, no signature checks (gpg), no optional locks, paths unescaped
 * (non-ASCII names as they are), pathspecs taken literally (a file named `[id].ts` is a file).
 */
const SAFE_GLOBALS = ['--no-pager', '--literal-pathspecs', '-c', 'core.quotepath=off', '-c', 'log.showSignature=false'];

const ENV = { GIT_OPTIONAL_LOCKS: '0', GIT_TERMINAL_PROMPT: '0', LC_ALL: 'C', LANG: 'C' };

/** The catalog error for a git that could not run or read a repository here. */
export function noHistory(message: string, details: Record<string, unknown>, cause?: unknown): ToolError {
  return new ToolError('NO_GIT_HISTORY', message, details, { cause });
}

function cancelledBy(signal: AbortSignal): ToolError {
  if (signal.reason instanceof ToolError) return signal.reason;
  return new ToolError('CANCELLED', 'Reading the git history was cancelled.', undefined, { cause: signal.reason });
}

export interface GitRun {
  /** git's standard output split on `separator`, one piece at a time (the last piece may be empty). */
  pieces(separator: string): AsyncGenerator<string>;
  /** Stops git before it has written everything (the reader has what it needs). */
  stop(): void;
  /** git's exit: resolves with its code (null when stopped), rejects when it could not start or was cancelled. */
  exit: Promise<{ code: number | null; stderr: string }>;
}

/** Starts `git args…` in options.cwd; read `pieces` to the end (or `stop`) and then await `exit`. */
export function startGit(args: string[], options: GitOptions): GitRun {
  const child = spawn('git', [...SAFE_GLOBALS, ...args], {
    cwd: options.cwd,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...ENV },
    windowsHide: true,
  });
  let stopped = false;
  const stop = () => {
    stopped = true;
    child.kill('SIGTERM');
  };
  const signal = options.signal;
  signal?.addEventListener('abort', stop, { once: true });
  let stderr = '';
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (chunk: string) => {
    if (stderr.length < 4096) stderr += chunk;
  });
  const exit = new Promise<{ code: number | null; stderr: string }>((resolve, reject) => {
    child.once('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT')
        reject(
          noHistory(
            'git is not installed (or not on PATH) on the machine that runs the server.',
            { cwd: options.cwd },
            error,
          ),
        );
      else reject(error);
    });
    child.once('close', (code) => {
      signal?.removeEventListener('abort', stop);
      if (signal?.aborted) reject(cancelledBy(signal));
      else resolve({ code: stopped ? null : code, stderr });
    });
  });
  exit.catch(() => undefined); // observed by the caller after reading; never unhandled
  child.stdout.setEncoding('utf8');
  async function* pieces(separator: string): AsyncGenerator<string> {
    let rest = '';
    for await (const chunk of child.stdout as AsyncIterable<string>) {
      rest += chunk;
      let at = rest.indexOf(separator);
      let from = 0;
      while (at !== -1) {
        yield rest.slice(from, at);
        from = at + separator.length;
        at = rest.indexOf(separator, from);
      }
      rest = rest.slice(from);
    }
    if (rest) yield rest;
  }
  return { pieces, stop, exit };
}

/** A short git command's whole output (rev-parse and the like), with its exit code. */
export async function gitOutput(
  args: string[],
  options: GitOptions,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const run = startGit(args, options);
  let stdout = '';
  for await (const piece of run.pieces('\n')) stdout += `${piece}\n`;
  const { code, stderr } = await run.exit;
  return { code, stdout, stderr };
}

/** A git that ended with an error the caller did not expect: the first line git said about it. */
export function gitFailed(what: string, code: number | null, stderr: string, cwd: string): ToolError {
  const said = stderr.trim().split('\n')[0] ?? '';
  return new ToolError('INTERNAL', `${what} failed (git exited with ${code}): ${said}`, { cwd });
}
