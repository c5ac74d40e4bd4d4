import { readFileSync } from 'node:fs';
import { ConfigError, type Config } from '../config/config.js';
import { redactUrl } from './redact.js';

/** PEM files for rediss://: the CA that signed the server's certificate, and a client certificate and key. */
export interface RedisTlsFiles {
  ca?: string;
  cert?: string;
  key?: string;
}

/** Where and as whom to connect, from the URL(s) and the options; what node-redis is given. */
export interface RedisTarget {
  nodes: Array<{ host: string; port: number }>;
  tls: boolean;
  username?: string;
  password?: string;
  database?: number;
  ca?: Buffer;
  cert?: Buffer;
  key?: Buffer;
  /** The URLs as they may be shown: without their passwords. */
  display: string;
  /** What must never be shown: the password, the client key. */
  secrets: string[];
}

/**
 * Where and how to reach Redis from the configuration: URL(s), cluster, password, TLS files.
 * Every connection made from the configuration (server, and commands such as fleet, flags,
 * sessions) takes these, so TLS and credentials work and are shown masked everywhere.
 */
export function redisConnectionOptions(config: Config): {
  url?: string;
  clusterNodes?: string[];
  password?: string;
  tls?: RedisTlsFiles;
} {
  const urls = config.redisUrl
    .split(',')
    .map((u) => u.trim())
    .filter(Boolean);
  const tls = {
    ...(config.redisCa ? { ca: config.redisCa } : {}),
    ...(config.redisCert ? { cert: config.redisCert } : {}),
    ...(config.redisKey ? { key: config.redisKey } : {}),
  };
  return {
    ...(config.redisCluster ? { clusterNodes: urls } : { url: urls[0] ?? '' }),
    ...(config.redisPassword ? { password: config.redisPassword } : {}),
    ...(Object.keys(tls).length ? { tls } : {}),
  };
}

interface ParsedUrl {
  host: string;
  port: number;
  tls: boolean;
  username?: string;
  password?: string;
  database?: number;
}

const SHAPE = 'redis://[user[:password]@]host[:port][/db] or rediss://… for TLS';

/**
 * Parses the URLs ourselves rather than handing them to node-redis: its errors quote the URL
 * it was given, and a cluster's discovered nodes get no credentials from a root node's URL.
 * The password given apart (--redis-password / MCA_REDIS_PASSWORD) wins over the URL's, so a
 * URL can name the ACL user alone and carry no secret.
 */
export function resolveRedisTarget(
  urls: string[],
  options: { password?: string; tls?: RedisTlsFiles } = {},
): RedisTarget {
  if (urls.length === 0) throw new ConfigError(`--redis-url is empty; expected ${SHAPE}.`);
  const parsed = urls.map(parseRedisUrl);
  const tls = parsed[0]!.tls;
  const display = urls.map(redactUrl).join(',');
  if (parsed.some((p) => p.tls !== tls)) {
    throw new ConfigError(`--redis-url mixes redis:// and rediss:// (${display}): use one scheme.`);
  }
  const withCredentials = parsed.find((p) => p.username !== undefined || p.password !== undefined);
  const username = withCredentials?.username;
  const password = options.password ?? withCredentials?.password;
  const files = options.tls ?? {};
  const named = (['ca', 'cert', 'key'] as const).filter((k) => files[k]);
  if (!tls && named.length > 0) {
    throw new ConfigError(`${named.map((k) => `--redis-${k}`).join(', ')} need a rediss:// URL (TLS), not ${display}.`);
  }
  if (Boolean(files.cert) !== Boolean(files.key)) {
    throw new ConfigError('--redis-cert and --redis-key go together: give both or neither.');
  }
  const target: RedisTarget = {
    nodes: parsed.map(({ host, port }) => ({ host, port })),
    tls,
    ...(username !== undefined ? { username } : {}),
    ...(password !== undefined ? { password } : {}),
    ...(parsed[0]!.database !== undefined ? { database: parsed[0]!.database } : {}),
    display,
    secrets: [],
  };
  for (const k of named) target[k] = readPem(`--redis-${k}`, files[k]!);
  target.secrets = [password, target.key?.toString('utf8').trim()].filter((s): s is string => Boolean(s));
  return target;
}

function parseRedisUrl(url: string): ParsedUrl {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    // Node's message and `input` hold the URL whole; say what is wrong without it when it has credentials.
    const shown = url.includes('@') ? '' : ` (${url || 'empty'})`;
    throw new ConfigError(`--redis-url is not a valid URL${shown}; expected ${SHAPE}.`);
  }
  if (u.protocol !== 'redis:' && u.protocol !== 'rediss:') {
    throw new ConfigError(`--redis-url must start with redis:// or rediss://, not ${u.protocol}//.`);
  }
  if (!u.hostname) throw new ConfigError(`--redis-url names no host (${redactUrl(url)}); expected ${SHAPE}.`);
  const database = u.pathname.length > 1 ? Number(u.pathname.slice(1)) : undefined;
  if (database !== undefined && !Number.isInteger(database)) {
    throw new ConfigError(`--redis-url: the path must be a database number, not ${u.pathname} (${redactUrl(url)}).`);
  }
  return {
    host: u.hostname.replace(/^\[(.*)\]$/, '$1'),
    port: u.port ? Number(u.port) : 6379,
    tls: u.protocol === 'rediss:',
    ...(u.username ? { username: decodeURIComponent(u.username) } : {}),
    ...(u.password ? { password: decodeURIComponent(u.password) } : {}),
    ...(database !== undefined ? { database } : {}),
  };
}

function readPem(option: string, file: string): Buffer {
  try {
    return readFileSync(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'unreadable';
    throw new ConfigError(`${option} ${file}: cannot read the file (${code}).`);
  }
}

/** Certificate checks that fail the same way on every retry: the client does not trust the server. */
const UNTRUSTED_CERT = new Set([
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'UNABLE_TO_GET_ISSUER_CERT',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);

/**
 * When an error says Redis refuses this configuration rather than being away: what is wrong
 * and which option to look at. Built from the (already scrubbed) error and the target, never
 * from a secret.
 */
export function refusalReason(error: unknown, target: RedisTarget): string | undefined {
  if (!(error instanceof Error)) return undefined;
  const code = (error as NodeJS.ErrnoException).code ?? '';
  const at = target.display;
  const user = target.username !== undefined ? `user '${target.username}'` : 'the default user';
  if (/^(WRONGPASS|NOAUTH|ERR AUTH|ERR invalid password)/.test(error.message)) {
    const given = target.password === undefined ? 'no password was given' : 'check the password';
    return (
      `Redis at ${at} refused the credentials of ${user} (${error.message.trim()}): ${given} ` +
      '(in the URL, --redis-password or MCA_REDIS_PASSWORD) and the ACL user in the URL.'
    );
  }
  if (error.message.startsWith('NOPERM')) {
    return `Redis at ${at}: ${user} lacks a permission this server needs (${error.message.trim()}).`;
  }
  if (UNTRUSTED_CERT.has(code)) {
    return (
      `Redis at ${at}: its TLS certificate is not trusted (${code}: ${error.message}); give the CA that signed it ` +
      'with --redis-ca, and connect by a name or address the certificate lists.'
    );
  }
  if (code.startsWith('ERR_SSL_')) {
    return (
      `Redis at ${at}: the TLS handshake failed (${code}); check that the server speaks TLS on that port ` +
      'and whether it requires a client certificate (--redis-cert, --redis-key).'
    );
  }
  return undefined;
}
