import { Command } from 'commander';
import { loadConfig } from '../config/config.js';
import type { InstanceInfo } from '../server/fleet/instance-info.js';
import { addConfigOptions, flagsToConfig } from './options.js';

const STORE_KEYS = ['redisUrl', 'redisCluster', 'redisCa', 'redisCert', 'redisKey', 'redisPassword'];

/** `fleet`: the instances registered on one Redis, and a warning when they run different versions. */
export function fleetCommand(): Command {
  return addConfigOptions(
    new Command('fleet')
      .description(
        'List the server instances registered on a Redis (heartbeats within the last few seconds) and warn on version skew.',
      )
      .option('--json', 'print JSON'),
    STORE_KEYS,
  ).action(async (opts: Record<string, unknown>) => {
    const config = loadConfig({ ...flagsToConfig(opts), store: 'redis' });
    const { listFleet } = await import('../server/fleet/list-fleet.js');
    const instances = await listFleet(config);
    const versions = [...new Set(instances.map((i) => i.version))];
    if (opts.json)
      process.stdout.write(`${JSON.stringify({ instances, versions, skew: versions.length > 1 }, null, 2)}\n`);
    else process.stdout.write(table(instances));
    if (versions.length > 1) {
      const counts = versions.map((v) => `${v} (${instances.filter((i) => i.version === v).length})`).join(', ');
      process.stderr.write(`mcp-code-analysis: warning: version skew in the fleet: ${counts}\n`);
    }
  });
}

function table(instances: InstanceInfo[]): string {
  if (instances.length === 0) return 'No instance is registered (none serving, or their heartbeats expired).\n';
  const rows = instances.map((i) => [
    i.id.slice(0, 8),
    i.version,
    i.transport,
    i.url ?? '-',
    i.engine,
    i.store,
    String(i.callsInFlight),
    `${i.host}:${i.pid}`,
    i.startedAt,
    i.lastHeartbeat ?? '-',
  ]);
  const head = ['id', 'version', 'transport', 'url', 'engine', 'store', 'calls', 'process', 'started', 'heartbeat'];
  const widths = head.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c]!.length)));
  const line = (cells: string[]) =>
    cells
      .map((cell, c) => cell.padEnd(widths[c]!))
      .join('  ')
      .trimEnd();
  return `${[line(head), ...rows.map(line)].join('\n')}\n${instances.length} instance${instances.length === 1 ? '' : 's'}\n`;
}
