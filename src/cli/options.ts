import { Option, type Command } from 'commander';
import { SERVER_OPTIONS } from '../config/options.js';

const collect = (value: string, previous: string[] | undefined) => [...(previous ?? []), value];

/** Adds the configuration flags (the table in config/options.ts) to a command. */
export function addConfigOptions(command: Command, keys?: string[]): Command {
  for (const spec of SERVER_OPTIONS) {
    if (keys && !keys.includes(spec.key)) continue;
    const flags = spec.value ? `${spec.flag} <${spec.value}>` : spec.flag;
    const help = `${spec.description} [env ${spec.env}${spec.default ? `; default ${spec.default}` : ''}]`;
    const option = new Option(flags, help);
    if (spec.repeatable) option.argParser(collect);
    command.addOption(option);
  }
  return command;
}

/** Commander's camel-cased flags → config keys. */
export function flagsToConfig(opts: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const spec of SERVER_OPTIONS) {
    // Commander files a negated flag (--no-cache) under the positive name, as false.
    const negated = spec.flag.startsWith('--no-');
    const name = spec.flag
      .replace(negated ? /^--no-/ : /^--/, '')
      .replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
    const value = negated ? (opts[name] === false ? true : undefined) : opts[name];
    if (value === undefined) continue;
    out[spec.key === 'root' ? 'roots' : spec.key === 'allowedHosts' ? 'allowedHosts' : spec.key] = value;
  }
  return out;
}

/** Options of the commands that analyse. */
export const ANALYSIS_CONFIG_KEYS = [
  'root',
  'engine',
  'maxFileSize',
  'maxResponseTokens',
  'cacheDir',
  'cacheMemoryMb',
  'noCache',
  'workers',
  'logLevel',
  'toolTimeoutMs',
];
