import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './redis-server.js';

// A real nginx as a plain round-robin reverse proxy in front of server processes: its own
// prefix directory (config, pid, temp paths, logs), no stickiness, no buffering of answers
// (SSE), and an access log that names the upstream of every request. No mocks: when nginx is
// missing the tests fail and say how to install it.

const INSTALL = 'nginx is not installed. Install it: apt-get update && apt-get install -y nginx-light';
const live = new Set<ChildProcess>();
// SIGTERM, not SIGKILL: the master then takes its workers with it.
process.on('exit', () => {
  for (const child of live) child.kill('SIGTERM');
});

// Debian installs nginx in /usr/sbin, which an unprivileged PATH may lack.
const NGINX = process.env.MCA_TEST_NGINX ?? (existsSync('/usr/sbin/nginx') ? '/usr/sbin/nginx' : 'nginx');

export function requireNginx(): void {
  const probe = spawnSync(NGINX, ['-v'], { encoding: 'utf8' });
  if (probe.error || probe.status !== 0) throw new Error(`${INSTALL} (${probe.error?.message ?? probe.stderr})`);
}

/** One line of the access log. */
export interface ProxiedRequest {
  method: string;
  uri: string;
  status: number;
  /** host:port of each upstream tried, in order (nginx passes a request on when a connection fails). */
  upstreams: string[];
  upstreamStatus: string;
  /** The Mcp-Session-Id and MCP-Protocol-Version request headers ('' when absent). */
  sessionId: string;
  protocolVersion: string;
}

export interface Nginx {
  port: number;
  /** http://127.0.0.1:port: the proxy's base URL (the MCP endpoint is `${base}/mcp`). */
  base: string;
  dir: string;
  /** Requests logged so far (an SSE stream is logged when it ends); `since` skips that many lines. */
  requests(since?: number): ProxiedRequest[];
  /** The number of access-log lines so far: pass it to requests()/servedBy() to see only what follows. */
  mark(): number;
  /** How many requests each upstream (host:port) answered, optionally only those whose URI starts with `path`. */
  servedBy(options?: { since?: number; path?: string }): Map<string, number>;
  /** Rewrite the upstream list and reload (SIGHUP); resolves once the new configuration answers. */
  setUpstreams(urls: string[]): Promise<void>;
  errorLog(): string;
  /** The master's pid and its workers' (for CPU accounting). */
  pids(): number[];
  dispose(): Promise<void>;
}

/** host:port of a server URL such as http://127.0.0.1:PORT/mcp. */
export function upstreamOf(url: string): string {
  return new URL(url).host;
}

// One JSON object per line: escape=json keeps header values from breaking the line.
const LOG_FORMAT =
  `'{"method":"$request_method","uri":"$request_uri","status":"$status","upstream":"$upstream_addr",' ` +
  `'"upstreamStatus":"$upstream_status","sessionId":"$http_mcp_session_id","protocolVersion":"$http_mcp_protocol_version"}'`;

/** The configuration the README's "Several instances" section shows, plus what a test needs (paths, probe). */
export function nginxConfig(dir: string, port: number, upstreams: string[], token: string): string {
  const root = process.getuid?.() === 0;
  return `# written by test/helpers/nginx.ts
${root ? 'user root root; # workers must reach the temp paths inside this private directory\n' : ''}worker_processes 1;
# Open SSE streams must not hold a reload or a stop for long.
worker_shutdown_timeout 10s;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log info;
events { worker_connections 1024; }
http {
  client_body_temp_path ${dir}/temp/body;
  proxy_temp_path ${dir}/temp/proxy;
  fastcgi_temp_path ${dir}/temp/fastcgi;
  uwsgi_temp_path ${dir}/temp/uwsgi;
  scgi_temp_path ${dir}/temp/scgi;
  log_format upstreams escape=json ${LOG_FORMAT};
  access_log ${dir}/access.log upstreams;

  upstream mcp_fleet {
${upstreams.map((u) => `    server ${upstreamOf(u)};`).join('\n')}
    keepalive 32;
  }
  server {
    listen 127.0.0.1:${port};
    location = /__nginx { return 200 "${token}"; }
    location / {
      proxy_pass http://mcp_fleet;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host $http_host;
      proxy_buffering off;
      proxy_read_timeout 1h;
      proxy_send_timeout 1h;
      client_max_body_size 0;
      # Which instance answered, as soon as its headers arrive (the access log is written at the end).
      add_header X-Upstream $upstream_addr always;
    }
  }
}
`;
}

/** GET /__nginx on a fresh connection: the token of the configuration that answers, or undefined. */
function probeToken(port: number): Promise<string | undefined> {
  return new Promise((resolve) => {
    const req = request({ host: '127.0.0.1', port, path: '/__nginx', agent: false, timeout: 1000 }, (res) => {
      let body = '';
      res.on('data', (d: Buffer) => (body += d.toString()));
      res.on('end', () => resolve(res.statusCode === 200 ? body : undefined));
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(undefined));
    req.end();
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function readOr(file: string): string {
  return existsSync(file) ? readFileSync(file, 'utf8') : '';
}

/** The worker pids of a master (read before stopping it: workers outlive a SIGKILLed master). */
function childrenOf(pid: number): number[] {
  const file = `/proc/${pid}/task/${pid}/children`;
  return readOr(file).split(/\s+/).filter(Boolean).map(Number);
}

async function stopMaster(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const workers = child.pid ? childrenOf(child.pid) : [];
  child.kill('SIGTERM'); // fast shutdown: the master stops its workers
  const timer = setTimeout(() => {
    child.kill('SIGKILL');
    for (const pid of workers) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
  }, 5000);
  await exited;
  clearTimeout(timer);
}

/** Start nginx on a free loopback port (nginx cannot report port 0: a taken port is retried). */
export async function startNginx(upstreamUrls: string[]): Promise<Nginx> {
  requireNginx();
  const dir = mkdtempSync(join(tmpdir(), 'mca-nginx-'));
  mkdirSync(join(dir, 'temp'));
  const conf = join(dir, 'nginx.conf');
  let upstreams = upstreamUrls;
  for (let attempt = 0; attempt < 10; attempt++) {
    const port = await freePort();
    let token = randomUUID();
    writeFileSync(conf, nginxConfig(dir, port, upstreams, token));
    rmSync(join(dir, 'error.log'), { force: true });
    const child = spawn(NGINX, ['-p', dir, '-c', conf, '-e', join(dir, 'error.log'), '-g', 'daemon off;'], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    live.add(child);
    child.once('exit', () => live.delete(child));
    let stderr = '';
    child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
    const outcome = await waitReady(child, port, token, dir, () => stderr).catch((error: unknown) => {
      rmSync(dir, { recursive: true, force: true });
      throw error;
    });
    if (outcome === 'port-taken') {
      await stopMaster(child);
      continue;
    }
    const log = join(dir, 'access.log');
    const requests = (since = 0): ProxiedRequest[] =>
      readOr(log)
        .split('\n')
        .slice(since)
        .filter((l) => l.trim())
        .map((l) => JSON.parse(l) as Record<string, string>)
        .filter((r) => r.uri !== '/__nginx')
        .map((r) => ({
          method: r.method!,
          uri: r.uri!,
          status: Number(r.status),
          upstreams: r.upstream ? r.upstream.split(/\s*[,:]\s+/) : [],
          upstreamStatus: r.upstreamStatus!,
          sessionId: r.sessionId!,
          protocolVersion: r.protocolVersion!,
        }));
    return {
      port,
      base: `http://127.0.0.1:${port}`,
      dir,
      requests,
      mark: () =>
        readOr(log)
          .split('\n')
          .filter((l) => l.trim()).length,
      servedBy({ since = 0, path = '' } = {}) {
        const counts = new Map<string, number>();
        for (const r of requests(since)) {
          if (!r.uri.startsWith(path) || r.upstreams.length === 0) continue;
          const last = r.upstreams[r.upstreams.length - 1]!; // the one that answered
          counts.set(last, (counts.get(last) ?? 0) + 1);
        }
        return counts;
      },
      async setUpstreams(urls: string[]) {
        upstreams = urls;
        token = randomUUID();
        writeFileSync(conf, nginxConfig(dir, port, upstreams, token));
        child.kill('SIGHUP');
        for (let waited = 0; waited < 10_000; waited += 50) {
          if ((await probeToken(port)) === token) return;
          await sleep(50);
        }
        throw new Error(`nginx did not reload within 10 s:\n${readOr(join(dir, 'error.log'))}`);
      },
      errorLog: () => readOr(join(dir, 'error.log')),
      pids: () => (child.pid ? [child.pid, ...childrenOf(child.pid)] : []),
      async dispose() {
        await stopMaster(child);
        rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  rmSync(dir, { recursive: true, force: true });
  throw new Error('nginx found no free port in 10 attempts');
}

async function waitReady(
  child: ChildProcess,
  port: number,
  token: string,
  dir: string,
  stderr: () => string,
): Promise<'ready' | 'port-taken'> {
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline) {
    const errors = readOr(join(dir, 'error.log')) + stderr();
    // nginx retries a taken port for 2.5 s before giving up: another port is quicker.
    if (/bind\(\) to \S+ failed \(98/.test(errors)) return 'port-taken';
    if (child.exitCode !== null || child.signalCode !== null)
      throw new Error(`nginx exited (${child.exitCode ?? child.signalCode}):\n${errors}`);
    // The token proves the answer comes from this nginx, not from whatever else holds the port.
    if ((await probeToken(port)) === token) return 'ready';
    await sleep(30);
  }
  await stopMaster(child);
  throw new Error(`nginx on port ${port} did not answer within 15 s:\n${readOr(join(dir, 'error.log'))}`);
}
