import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect, createServer, type Socket } from 'node:net';
import { connect as tlsConnect } from 'node:tls';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// A real redis-server for tests, on a free loopback port with its own temp dir. No mocks:
// when redis-server is missing the tests must fail and say how to install it, not skip.

const INSTALL =
  'redis-server is not installed. Install it: apt-get update && apt-get install -y redis-server redis-tools';
const live = new Set<ChildProcess>();
process.on('exit', () => {
  for (const child of live) child.kill('SIGKILL');
});

export function requireRedisBinaries(): void {
  for (const bin of ['redis-server', 'redis-cli']) {
    const probe = spawnSync(bin, ['--version'], { encoding: 'utf8' });
    if (probe.error || probe.status !== 0)
      throw new Error(`${INSTALL} (${bin}: ${probe.error?.message ?? probe.stderr})`);
  }
}

/** A port free on 127.0.0.1; with bus=true its +10000 cluster-bus port is free as well. */
export async function freePort(bus = false): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const port = 20000 + Math.floor(Math.random() * 30000);
    if ((await canBind(port)) && (!bus || (await canBind(port + 10000)))) return port;
  }
  throw new Error('no free loopback port found');
}

function canBind(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const srv = createServer();
    srv.once('error', () => resolve(false));
    srv.listen(port, '127.0.0.1', () => srv.close(() => resolve(true)));
  });
}

export interface RedisServerOptions {
  port?: number;
  dir?: string;
  /** appendonly yes + appendfsync always: every acknowledged write survives kill -9. */
  durable?: boolean;
  extraArgs?: string[];
  /**
   * TLS only (--port 0, the port given is the TLS port): a throwaway CA, a server certificate
   * for 127.0.0.1/localhost and a client certificate, made with openssl in the server's dir.
   * authClients (redis' tls-auth-clients, default yes) says whether the client must show its own;
   * files reuses another server's (one CA for the nodes of a cluster, whose bus is TLS too).
   */
  tls?: boolean | { authClients?: 'yes' | 'no' | 'optional'; files?: RedisTlsFiles };
  /** requirepass: the default user's password. */
  password?: string;
  /** ACL users, one --user directive each, e.g. 'alice on >secret ~* &* +@all'. */
  users?: string[];
}

/** The PEM files of a TLS server: its CA, and a client certificate and key signed by it. */
export interface RedisTlsFiles {
  ca: string;
  cert: string;
  key: string;
  serverCert: string;
  serverKey: string;
}

export interface RedisServer {
  port: number;
  url: string;
  dir: string;
  /** With options.tls: url is rediss://, and these are the files to reach it. */
  tls?: RedisTlsFiles;
  /** redis-cli against this server, with its TLS files and password when it has them. */
  cli(...args: string[]): string;
  /** Stop: SIGTERM (graceful) or SIGKILL (a crash). */
  stop(signal?: 'SIGTERM' | 'SIGKILL'): Promise<void>;
  /** Start again on the same port and dir (the AOF, if any, is reloaded). */
  restart(): Promise<void>;
  /** SIGSTOP / SIGCONT: a server that hangs without closing its sockets. */
  pause(): void;
  resume(): void;
  /** Stop and remove the temp dir. */
  dispose(): Promise<void>;
}

export async function startRedisServer(options: RedisServerOptions = {}): Promise<RedisServer> {
  requireRedisBinaries();
  const port = options.port ?? (await freePort());
  const dir = options.dir ?? mkdtempSync(join(tmpdir(), 'mca-redis-'));
  const tls = options.tls
    ? ((typeof options.tls === 'object' ? options.tls.files : undefined) ?? makeTlsFiles(dir))
    : undefined;
  const authClients = typeof options.tls === 'object' ? (options.tls.authClients ?? 'yes') : 'yes';
  const listen = tls
    ? [
        '--port',
        '0',
        '--tls-port',
        String(port),
        '--tls-cert-file',
        tls.serverCert,
        '--tls-key-file',
        tls.serverKey,
        '--tls-ca-cert-file',
        tls.ca,
        '--tls-auth-clients',
        authClients,
      ]
    : ['--port', String(port)];
  const auth = [
    ...(options.password ? ['--requirepass', options.password] : []),
    // One argv per token: redis-server would quote a rule given as one argument whole.
    ...(options.users ?? []).flatMap((user) => ['--user', ...user.split(' ')]),
  ];
  const args = [
    ...listen,
    '--bind',
    '127.0.0.1',
    '--dir',
    dir,
    '--save',
    '',
    '--daemonize',
    'no',
    '--appendonly',
    options.durable ? 'yes' : 'no',
    ...(options.durable ? ['--appendfsync', 'always'] : []),
    '--logfile',
    join(dir, 'redis.log'),
    ...auth,
    ...(options.extraArgs ?? []),
  ];
  const probe = () => (tls ? answersTls(port, tls) : answersPing(port, Boolean(options.password)));
  const cliArgs = [
    ...(tls ? ['--tls', '--cacert', tls.ca, '--cert', tls.cert, '--key', tls.key] : []),
    ...(options.password ? ['--no-auth-warning', '-a', options.password] : []),
  ];
  let child = await launch(args, port, probe);
  const server: RedisServer = {
    port,
    dir,
    url: `${tls ? 'rediss' : 'redis'}://127.0.0.1:${port}`,
    ...(tls ? { tls } : {}),
    cli: (...a) => redisCli(port, ...cliArgs, ...a),
    stop: async (signal = 'SIGTERM') => stopChild(child, signal),
    restart: async () => {
      child = await launch(args, port, probe);
    },
    pause: () => void child.kill('SIGSTOP'),
    resume: () => void child.kill('SIGCONT'),
    dispose: async () => {
      await stopChild(child, 'SIGKILL');
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return server;
}

async function launch(args: string[], port: number, probe = () => answersPing(port)): Promise<ChildProcess> {
  const child = spawn('redis-server', args, { stdio: ['ignore', 'ignore', 'pipe'] });
  live.add(child);
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  child.once('exit', () => live.delete(child));
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`redis-server exited (${child.exitCode}): ${stderr}`);
    if (await probe()) return child;
    await new Promise((r) => setTimeout(r, 20));
  }
  child.kill('SIGKILL');
  throw new Error(`redis-server on port ${port} did not answer PING within 10 s: ${stderr}`);
}

/**
 * PING over a raw socket: the helper must not depend on the client under test. With
 * needsAuth, a NOAUTH refusal also proves the server is up.
 */
export function answersPing(port: number, needsAuth = false): Promise<boolean> {
  return pingOver(() => connect({ host: '127.0.0.1', port }), needsAuth);
}

/** The same over TLS with the server's CA and the client certificate. */
function answersTls(port: number, tls: RedisTlsFiles): Promise<boolean> {
  const [ca, cert, key] = [tls.ca, tls.cert, tls.key].map((f) => readFileSync(f));
  return pingOver(() => tlsConnect({ host: '127.0.0.1', port, ca, cert, key }), true, 'secureConnect');
}

function pingOver(open: () => Socket, needsAuth: boolean, ready = 'connect'): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = open();
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(500, () => done(false));
    socket.once('error', () => done(false));
    socket.once(ready, () => socket.write('PING\r\n'));
    socket.once('data', (d) =>
      done(d.toString().startsWith('+PONG') || (needsAuth && d.toString().startsWith('-NOAUTH'))),
    );
  });
}

async function stopChild(child: ChildProcess, signal: 'SIGTERM' | 'SIGKILL'): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill(signal);
  await exited;
}

/** redis-cli against a loopback port, for test setup and assertions. */
export function redisCli(port: number, ...args: string[]): string {
  const r = spawnSync('redis-cli', ['-h', '127.0.0.1', '-p', String(port), ...args], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`redis-cli ${args.join(' ')} failed: ${r.stderr}`);
  return r.stdout.trim();
}

/** A throwaway CA with a server certificate (127.0.0.1, localhost) and a client certificate, P-256 keys. */
function makeTlsFiles(dir: string): RedisTlsFiles {
  const f = (name: string) => join(dir, name);
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  openssl('req', '-x509', ...ec, '-keyout', f('ca.key'), '-out', f('ca.crt'), '-days', '2', '-subj', '/CN=mca-test-ca');
  const issue = (name: string, cn: string, ext: string) => {
    writeFileSync(f(`${name}.ext`), ext);
    openssl('req', ...ec, '-keyout', f(`${name}.key`), '-out', f(`${name}.csr`), '-subj', `/CN=${cn}`);
    openssl(
      'x509',
      '-req',
      '-in',
      f(`${name}.csr`),
      '-CA',
      f('ca.crt'),
      '-CAkey',
      f('ca.key'),
      '-CAcreateserial',
      '-out',
      f(`${name}.crt`),
      '-days',
      '2',
      '-extfile',
      f(`${name}.ext`),
    );
  };
  // clientAuth too: a server shows the same certificate on its outgoing links (cluster bus, replication).
  issue('server', 'localhost', 'subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth,clientAuth\n');
  issue('client', 'mca-test-client', 'extendedKeyUsage=clientAuth\n');
  return {
    ca: f('ca.crt'),
    cert: f('client.crt'),
    key: f('client.key'),
    serverCert: f('server.crt'),
    serverKey: f('server.key'),
  };
}

function openssl(...args: string[]): void {
  const r = spawnSync('openssl', args, { encoding: 'utf8' });
  if (r.error || r.status !== 0)
    throw new Error(`openssl ${args[0]} failed (is openssl installed?): ${r.error?.message ?? r.stderr}`);
}
