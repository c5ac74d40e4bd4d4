import { createReadStream, createWriteStream } from 'node:fs';
import { Command } from 'commander';
import { loadConfig } from '../config/config.js';
import { exportSessions, importSessions } from '../session/migration.js';
import { addConfigOptions, flagsToConfig } from './options.js';

const STORE_KEYS = [
  'store',
  'redisUrl',
  'redisCluster',
  'redisCa',
  'redisCert',
  'redisKey',
  'redisPassword',
  'sessionSnapshot',
];

/** `sessions export|import`: move sessions between stores as JSON lines (and roll back). */
export function sessionsCommand(): Command {
  const sessions = new Command('sessions').description(
    'Move sessions between stores: export to JSON lines, import from them (memory ⇄ Redis, and back).',
  );

  sessions.addCommand(
    addConfigOptions(
      new Command('export')
        .description('Write every live session of a store as JSON lines.')
        .requiredOption('--out <file>', 'output file, or - for stdout'),
      STORE_KEYS,
    ).action(async (opts: Record<string, unknown>) => {
      const end = await openEnd(loadConfig(flagsToConfig(opts)));
      try {
        const out = opts.out === '-' ? process.stdout : createWriteStream(String(opts.out));
        const count = await exportSessions(end.source, out);
        if (out !== process.stdout)
          await new Promise<void>((resolve, reject) =>
            out.end((error?: Error | null) => (error ? reject(error) : resolve())),
          );
        process.stderr.write(`exported ${count} sessions from ${end.describe}\n`);
      } finally {
        await end.close();
      }
    }),
  );

  sessions.addCommand(
    addConfigOptions(
      new Command('import')
        .description(
          'Validate JSON lines and load the valid, live sessions into a store; rejected lines are reported with their reason.',
        )
        .requiredOption('--in <file>', 'input file, or - for stdin')
        .option('--dry-run', 'validate and report without writing'),
      STORE_KEYS,
    ).action(async (opts: Record<string, unknown>) => {
      const end = await openEnd(loadConfig(flagsToConfig(opts)));
      try {
        const input = opts.in === '-' ? process.stdin : createReadStream(String(opts.in));
        const report = await importSessions(input, end.sink, { dryRun: Boolean(opts.dryRun) });
        process.stdout.write(`${JSON.stringify({ target: end.describe, ...report }, null, 2)}\n`);
        if (report.rejected.length > 0) process.exitCode = 1;
      } finally {
        await end.close();
      }
    }),
  );
  return sessions;
}

/** The stores (and the Redis client) are loaded only when a sessions command runs. */
async function openEnd(config: Parameters<typeof import('../server/migration-stores.js').openMigrationEnd>[0]) {
  const { openMigrationEnd } = await import('../server/migration-stores.js');
  return openMigrationEnd(config);
}
