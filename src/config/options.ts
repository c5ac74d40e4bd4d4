// Every option of the server, once: its flag, its environment variable, its default and
// what it is for. The CLI builds its flags from this table and the README documents it.

export interface OptionSpec {
  key: string;
  flag: string;
  env: string;
  description: string;
  default?: string;
  /** Takes a value (otherwise a boolean switch). */
  value?: string;
  repeatable?: boolean;
}

export const SERVER_OPTIONS: OptionSpec[] = [
  {
    key: 'root',
    flag: '--root',
    env: 'MCA_ROOTS',
    value: 'dir',
    repeatable: true,
    description: 'Directory a client may analyse (repeatable; env: list separated by the path delimiter).',
    default: 'the working directory',
  },
  {
    key: 'engine',
    flag: '--engine',
    env: 'MCA_ENGINE',
    value: 'auto|native|wasm',
    description: 'Analysis engine: auto picks native when it loads, else wasm.',
    default: 'auto',
  },
  {
    key: 'store',
    flag: '--store',
    env: 'MCA_STORE',
    value: 'memory|redis',
    description: 'Where sessions and execution records live.',
    default: 'memory',
  },
  {
    key: 'redisUrl',
    flag: '--redis-url',
    env: 'MCA_REDIS_URL',
    value: 'url',
    description: 'Redis URL for --store redis.',
    default: 'redis://127.0.0.1:6379',
  },
  {
    key: 'redisCluster',
    flag: '--redis-cluster',
    env: 'MCA_REDIS_CLUSTER',
    description: 'Redis Cluster: --redis-url lists seed nodes, comma-separated.',
  },
  {
    key: 'storeFallback',
    flag: '--store-fallback',
    env: 'MCA_STORE_FALLBACK',
    value: 'none|memory',
    description: 'When Redis is unreachable: fail fast (none) or degrade to local memory, loudly.',
    default: 'none',
  },
  {
    key: 'sessionSnapshot',
    flag: '--session-snapshot',
    env: 'MCA_SESSION_SNAPSHOT',
    value: 'file',
    description: 'Memory store: load sessions from this file at start and write them on shutdown.',
  },
  {
    key: 'maxSessions',
    flag: '--max-sessions',
    env: 'MCA_MAX_SESSIONS',
    value: 'n',
    description: 'Memory store: live sessions kept at most.',
    default: '10000',
  },
  {
    key: 'sessionTtlMs',
    flag: '--session-ttl-ms',
    env: 'MCA_SESSION_TTL_MS',
    value: 'ms',
    description: 'Default session time-to-live, refreshed on use.',
    default: '1800000',
  },
  { key: 'http', flag: '--http', env: 'MCA_HTTP', description: 'Serve Streamable HTTP at /mcp instead of stdio.' },
  {
    key: 'port',
    flag: '--port',
    env: 'MCA_PORT',
    value: 'n',
    description: 'HTTP port (0 picks a free one).',
    default: '3000',
  },
  {
    key: 'host',
    flag: '--host',
    env: 'MCA_HOST',
    value: 'host',
    description: 'HTTP bind address; anything but loopback requires --auth-token.',
    default: '127.0.0.1',
  },
  {
    key: 'authToken',
    flag: '--auth-token',
    env: 'MCA_AUTH_TOKEN',
    value: 'token',
    description: 'Bearer token required on HTTP requests (required off loopback).',
  },
  {
    key: 'allowedHosts',
    flag: '--allowed-host',
    env: 'MCA_ALLOWED_HOSTS',
    value: 'host',
    repeatable: true,
    description: 'Extra Host/Origin host names accepted over HTTP (DNS-rebinding protection).',
  },
  {
    key: 'maxBodyBytes',
    flag: '--max-body-bytes',
    env: 'MCA_MAX_BODY_BYTES',
    value: 'bytes',
    description: 'Largest HTTP request body accepted.',
    default: '1048576',
  },
  {
    key: 'maxFileSize',
    flag: '--max-file-size',
    env: 'MCA_MAX_FILE_SIZE',
    value: 'bytes',
    description: 'Files larger than this are skipped.',
    default: '1048576',
  },
  {
    key: 'toolTimeoutMs',
    flag: '--tool-timeout-ms',
    env: 'MCA_TOOL_TIMEOUT_MS',
    value: 'ms',
    description: 'Default deadline of one tool call.',
    default: '300000',
  },
  {
    key: 'shutdownGraceMs',
    flag: '--shutdown-grace-ms',
    env: 'MCA_SHUTDOWN_GRACE_MS',
    value: 'ms',
    description: 'How long shutdown waits for in-flight calls.',
    default: '10000',
  },
  {
    key: 'cacheEntries',
    flag: '--cache-entries',
    env: 'MCA_CACHE_ENTRIES',
    value: 'n',
    description: 'Per-file results kept in memory (an unchanged file is not read or parsed again).',
    default: '50000',
  },
  {
    key: 'cacheMemoryMb',
    flag: '--cache-memory-mb',
    env: 'MCA_CACHE_MEMORY_MB',
    value: 'n',
    description:
      'Memory for per-file results, in MiB (each of the two memory tiers: by stat, by content); past it the least recently used go (they stay on disk). The command line uses 8 unless told: one run looks each file up once.',
    default: '256',
  },
  {
    key: 'cacheDir',
    flag: '--cache-dir',
    env: 'MCA_CACHE_DIR',
    value: 'dir',
    description:
      'Where per-file results are kept between runs (safe to share between processes; least recently used entries go past 1 GiB), and the navigation tags in its tags/ folder (past 256 MiB).',
    default: '$XDG_CACHE_HOME or ~/.cache, then mcp-code-analysis',
  },
  {
    key: 'noCache',
    flag: '--no-cache',
    env: 'MCA_NO_CACHE',
    description:
      'Keep per-file results and navigation tags in memory only: nothing is read from or written to the cache directory.',
  },
  {
    key: 'noWatch',
    flag: '--no-watch',
    env: 'MCA_NO_WATCH',
    description:
      'Walk the tree at every call instead of keeping its last walk while the file system reports no change in its directories (one inotify watch per directory; an edit made before a call is always seen).',
  },
  {
    key: 'maxResponseTokens',
    flag: '--max-response-tokens',
    env: 'MCA_MAX_RESPONSE_TOKENS',
    value: 'n',
    description:
      'Default size budget of one tool answer, in estimated tokens (characters/3); a call may ask for up to 24000 with maxTokens.',
    default: '8000',
  },
  {
    key: 'workers',
    flag: '--workers',
    env: 'MCA_WORKERS',
    value: 'n',
    description: 'Worker threads of the WASM engine (0: parse in the main thread).',
    default: 'one per core',
  },
  {
    key: 'batchConcurrency',
    flag: '--batch-concurrency',
    env: 'MCA_BATCH_CONCURRENCY',
    value: 'n',
    description:
      'Batch jobs this server runs at once (batch_submit); 0 takes none (the instance only submits and answers).',
    default: 'one per core',
  },
  {
    key: 'batchLockMs',
    flag: '--batch-lock-ms',
    env: 'MCA_BATCH_LOCK_MS',
    value: 'ms',
    description:
      "How long a running batch job's lock lives unrenewed (--store redis): a job whose instance died is run again elsewhere after about this long.",
    default: '10000',
  },
  {
    key: 'redisCa',
    flag: '--redis-ca',
    env: 'MCA_REDIS_CA',
    value: 'file',
    description: 'PEM file of the CA that signed the Redis server certificate (rediss:// URLs).',
  },
  {
    key: 'redisCert',
    flag: '--redis-cert',
    env: 'MCA_REDIS_CERT',
    value: 'file',
    description: 'PEM client certificate for Redis TLS (with --redis-key).',
  },
  {
    key: 'redisKey',
    flag: '--redis-key',
    env: 'MCA_REDIS_KEY',
    value: 'file',
    description: 'PEM private key of --redis-cert.',
  },
  {
    key: 'redisPassword',
    flag: '--redis-password',
    env: 'MCA_REDIS_PASSWORD',
    value: 'secret',
    description:
      'Redis password (ACL user from the URL); prefer the environment variable: flags show in process lists. Never logged.',
  },
  {
    key: 'metricsPort',
    flag: '--metrics-port',
    env: 'MCA_METRICS_PORT',
    value: 'n',
    description:
      'Serve Prometheus metrics on this port (GET /metrics) apart from the MCP endpoint; with --http they are also on the MCP port.',
  },
  {
    key: 'metrics',
    flag: '--metrics',
    env: 'MCA_METRICS',
    value: 'on|off',
    description:
      'Prometheus metrics (GET /metrics, --metrics-port): off builds none of them (no registry, no timing wrappers).',
    default: 'on',
  },
  {
    key: 'directCalls',
    flag: '--direct-calls',
    env: 'MCA_DIRECT_CALLS',
    value: 'on|off',
    description:
      "2025-era HTTP sessions answer plain tools/call requests without the SDK's request handler (lighter per call); off sends every request through it, as stdio and the 2026 era do.",
    default: 'on',
  },
  {
    key: 'flagsFile',
    flag: '--flags-file',
    env: 'MCA_FLAGS_FILE',
    value: 'file',
    description:
      'Runtime feature flags from this JSON file, watched for changes (without Redis; with --store redis flags live in Redis).',
  },
  {
    key: 'logLevel',
    flag: '--log-level',
    env: 'MCA_LOG_LEVEL',
    value: 'level',
    description: 'trace|debug|info|warn|error|silent (logs go to stderr).',
    default: 'info',
  },
];
