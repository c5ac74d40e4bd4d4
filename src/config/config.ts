import { delimiter } from 'node:path';
import { z } from 'zod';
import { SERVER_OPTIONS } from './options.js';

const int = (min: number) => z.coerce.number().int().min(min);

export const ConfigSchema = z.object({
  roots: z.array(z.string().min(1)).min(1),
  engine: z.enum(['auto', 'native', 'wasm']).default('auto'),
  store: z.enum(['memory', 'redis']).default('memory'),
  redisUrl: z.string().default('redis://127.0.0.1:6379'),
  redisCluster: z.boolean().default(false),
  storeFallback: z.enum(['none', 'memory']).default('none'),
  sessionSnapshot: z.string().optional(),
  maxSessions: int(1).default(10_000),
  sessionTtlMs: int(1000).default(30 * 60 * 1000),
  http: z.boolean().default(false),
  port: int(0).max(65535).default(3000),
  host: z.string().default('127.0.0.1'),
  authToken: z.string().min(1).optional(),
  allowedHosts: z.array(z.string()).default([]),
  maxBodyBytes: int(1024).default(1024 * 1024),
  maxFileSize: int(1).default(1024 * 1024),
  toolTimeoutMs: int(100).default(300_000),
  shutdownGraceMs: int(0).default(10_000),
  cacheEntries: int(0).default(50_000),
  cacheMemoryMb: int(1)
    .max(1024 * 1024)
    .default(256),
  maxResponseTokens: int(2000).max(10_000_000).default(8000),
  cacheDir: z.string().min(1).optional(),
  noCache: z.boolean().default(false),
  noWatch: z.boolean().default(false),
  workers: int(0).optional(),
  batchConcurrency: int(0).optional(),
  batchLockMs: int(1000).default(10_000),
  redisCa: z.string().min(1).optional(),
  redisCert: z.string().min(1).optional(),
  redisKey: z.string().min(1).optional(),
  redisPassword: z.string().min(1).optional(),
  metricsPort: int(0).max(65535).optional(),
  metrics: z.enum(['on', 'off']).default('on'),
  directCalls: z.enum(['on', 'off']).default('on'),
  flagsFile: z.string().min(1).optional(),
  logLevel: z.enum(['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent']).default('info'),
});

export type Config = z.infer<typeof ConfigSchema>;

/** Values from the environment, by the table in options.ts; flags given on the command line win. */
export function configFromEnv(env: NodeJS.ProcessEnv): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const opt of SERVER_OPTIONS) {
    const raw = env[opt.env];
    if (raw === undefined || raw === '') continue;
    const key = opt.key === 'root' ? 'roots' : opt.key;
    if (opt.repeatable) out[key] = raw.split(opt.key === 'root' ? delimiter : ',').filter(Boolean);
    else if (!opt.value) out[key] = raw === '1' || raw.toLowerCase() === 'true';
    else out[key] = raw;
  }
  return out;
}

export class ConfigError extends Error {}

/** Validate once at start; a bad value stops the process with a message naming the option. */
export function loadConfig(
  flags: Record<string, unknown>,
  env: NodeJS.ProcessEnv = process.env,
  cwd = process.cwd(),
): Config {
  const merged: Record<string, unknown> = { ...configFromEnv(env) };
  for (const [k, v] of Object.entries(flags)) if (v !== undefined) merged[k] = v;
  if (!merged.roots || (Array.isArray(merged.roots) && merged.roots.length === 0)) merged.roots = [cwd];
  const parsed = ConfigSchema.safeParse(merged);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const key = String(issue.path[0] ?? '');
    const opt = SERVER_OPTIONS.find((o) => o.key === key || (key === 'roots' && o.key === 'root'));
    throw new ConfigError(`Invalid ${opt ? `${opt.flag} (${opt.env})` : key}: ${issue.message}`);
  }
  const config = parsed.data;
  if (config.http && !isLoopback(config.host) && !config.authToken) {
    throw new ConfigError(`--host ${config.host} is not loopback: an --auth-token (MCA_AUTH_TOKEN) is required.`);
  }
  return config;
}

export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || host === '[::1]' || /^127\.\d+\.\d+\.\d+$/.test(host);
}
