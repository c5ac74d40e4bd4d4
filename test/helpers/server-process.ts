import { spawn, type ChildProcess } from 'node:child_process';
import { CLI } from './cli.js';

export interface ServerProcess {
  child: ChildProcess;
  url: string;
  base: string;
  stderr(): string;
  stop(signal?: NodeJS.Signals): Promise<number | null>;
  /** Resolves with the exit code, without sending anything. */
  exited: Promise<number | null>;
}

/** Starts `serve --http --port 0` and waits for the line that names its URL. */
export async function startHttpServer(args: string[], env: NodeJS.ProcessEnv = {}): Promise<ServerProcess> {
  const child = spawn(process.execPath, [CLI, 'serve', '--http', '--port', '0', ...args], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let err = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${err}`)), 30_000);
    child.stderr!.on('data', (chunk: Buffer) => {
      err += chunk.toString();
      const match = /listening on (http:\/\/\S+)/.exec(err);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    });
    child.once('exit', (code) => reject(new Error(`server exited with ${code}:\n${err}`)));
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return {
    child,
    url,
    base: url.replace(/\/mcp$/, ''),
    stderr: () => err,
    exited,
    async stop(signal = 'SIGTERM') {
      if (child.exitCode === null) child.kill(signal);
      return exited;
    },
  };
}
