import { Command } from 'commander';
import { loadConfig, type Config } from '../config/config.js';
import { FLAG_NAMES, FLAGS, parseFlagValue, requireFlagName, FlagError, type FlagName } from '../flags/definitions.js';
import type { FlagSource } from '../flags/runtime-flags.js';
import { addConfigOptions, flagsToConfig } from './options.js';

const SOURCE_KEYS = [
  'store',
  'redisUrl',
  'redisCluster',
  'redisCa',
  'redisCert',
  'redisKey',
  'redisPassword',
  'flagsFile',
];

/**
 * The flag source a command names: --flags-file, else Redis (--redis-url or --store redis), each also from the
 * environment.
 */
async function openSource(
  opts: Record<string, unknown>,
): Promise<{ source: FlagSource; note: string; close(): Promise<void> }> {
  const flags = flagsToConfig(opts);
  const config = loadConfig(flags);
  const redisGiven = flags.redisUrl !== undefined || flags.store === 'redis';
  if (redisGiven && flags.flagsFile !== undefined)
    throw new FlagError("Give either --redis-url (the fleet's flags) or --flags-file (one server's), not both.");
  const useFile = flags.flagsFile !== undefined || (!redisGiven && config.flagsFile !== undefined);
  if (useFile) {
    const { FileFlagSource } = await import('../flags/file-source.js');
    return {
      source: new FileFlagSource(config.flagsFile!),
      note: 'servers watching the file apply it at once',
      close: async () => undefined,
    };
  }
  if (!redisGiven && !process.env.MCA_REDIS_URL && config.store !== 'redis') {
    throw new FlagError(
      'Where are the flags? Give --redis-url URL (servers with --store redis) or --flags-file FILE (a server without Redis).',
    );
  }
  return openRedis(config);
}

async function openRedis(config: Config) {
  const [{ connectFromConfig }, { RedisFlagSource }] = await Promise.all([
    import('../redis/open.js'),
    import('../flags/redis-source.js'),
  ]);
  const connection = await connectFromConfig(config);
  return {
    source: new RedisFlagSource(connection),
    note: 'every instance on this Redis applies it within 2 s',
    close: () => connection.close(),
  };
}

interface FlagRow {
  name: FlagName;
  /** The value the source holds; null when unset (servers use the default). */
  value: unknown;
  set: boolean;
  default: string;
  description: string;
  /** Why the source's entry is ignored by servers, when it is. */
  invalid?: string;
}

function rowsOf(raw: Record<string, unknown>): FlagRow[] {
  return FLAG_NAMES.map((name) => {
    const def = FLAGS[name];
    const set = Object.hasOwn(raw, name);
    const parsed = set ? def.parse(raw[name]) : undefined;
    return {
      name,
      value: parsed ?? (set ? raw[name] : null),
      set,
      default: def.defaultText,
      description: def.description,
      ...(set && parsed === undefined ? { invalid: `expected ${def.accepts}: servers use the default` } : {}),
    };
  });
}

function describeRow(row: FlagRow): string {
  const value = row.set ? String(row.value) : `${row.default}`;
  const note = row.invalid ? `(invalid, ${row.invalid})` : row.set ? '(set)' : '(default)';
  return `${row.name.padEnd(24)} ${value.padEnd(24)} ${note}`;
}

/** `flags get|set|unset`: the runtime feature flags of a fleet (Redis) or of one server (its --flags-file). */
export function flagsCommand(): Command {
  const flags = new Command('flags').description(
    `Runtime feature flags, read by running servers without a restart: in Redis (--redis-url, servers with --store redis) or in a JSON file (--flags-file). Flags: ${FLAG_NAMES.join(', ')}.`,
  );

  flags.addCommand(
    addConfigOptions(
      new Command('get')
        .description('Show the flags (or one) as the source holds them; unset flags have their default.')
        .argument('[name]', 'one flag')
        .option('--json', 'print JSON'),
      SOURCE_KEYS,
    ).action(async (name: string | undefined, opts: Record<string, unknown>) => {
      const wanted = name === undefined ? undefined : requireFlagName(name);
      const end = await openSource(opts);
      try {
        const raw = await end.source.read();
        const rows = rowsOf(raw).filter((r) => !wanted || r.name === wanted);
        const unknown = Object.keys(raw).filter((k) => !(FLAG_NAMES as string[]).includes(k));
        if (opts.json) {
          const out = wanted
            ? rows[0]
            : {
                source: { kind: end.source.kind, where: end.source.where },
                flags: rows,
                ...(unknown.length ? { unknown } : {}),
              };
          process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
        } else if (wanted) {
          process.stdout.write(`${describeRow(rows[0]!)}\n`);
        } else {
          process.stdout.write(`flags in ${end.source.where}\n${rows.map(describeRow).join('\n')}\n`);
          if (unknown.length) process.stdout.write(`ignored by servers (unknown): ${unknown.join(', ')}\n`);
        }
      } finally {
        await end.close();
      }
    }),
  );

  flags.addCommand(
    addConfigOptions(
      new Command('set')
        .description('Set a flag; running servers apply it without a restart.')
        .argument('<name>', 'the flag')
        .argument('<value>', 'its value'),
      SOURCE_KEYS,
    ).action(async (name: string, value: string, opts: Record<string, unknown>) => {
      const flag = requireFlagName(name);
      const parsed = parseFlagValue(flag, value);
      const end = await openSource(opts);
      try {
        await end.source.set(flag, parsed);
        process.stdout.write(`${flag} = ${String(parsed)} in ${end.source.where}: ${end.note}\n`);
      } finally {
        await end.close();
      }
    }),
  );

  flags.addCommand(
    addConfigOptions(
      new Command('unset')
        .description('Remove a flag from the source: servers go back to its default.')
        .argument('<name>', 'the flag'),
      SOURCE_KEYS,
    ).action(async (name: string, opts: Record<string, unknown>) => {
      const flag = requireFlagName(name);
      const end = await openSource(opts);
      try {
        await end.source.unset(flag);
        process.stdout.write(
          `${flag} unset in ${end.source.where} (default: ${FLAGS[flag].defaultText}): ${end.note}\n`,
        );
      } finally {
        await end.close();
      }
    }),
  );
  return flags;
}
