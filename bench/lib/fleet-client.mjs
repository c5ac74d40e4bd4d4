// What a bench that drives a fleet with the MCP SDK client needs: fleets (the tests' own:
// test/helpers/fleet.ts, real redis-server + server processes + nginx) that are torn down on
// every way out — normal end, error, Ctrl-C, SIGTERM — and a client whose tool calls answer
// with the envelope (structuredContent). The client is the SDK's, not our server code.
import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { tsImport } from 'tsx/esm/api';

const { startFleet } = await tsImport('../../test/helpers/fleet.ts', import.meta.url);

const fleets = new Set();
let guarded = false;

/** Kill what is left synchronously: 'exit' allows no waiting (redis-server and nginx have their own hooks). */
function killLeftovers() {
  for (const fleet of fleets) for (const server of fleet.servers) server.child.kill('SIGKILL');
}

function guard() {
  if (guarded) return;
  guarded = true;
  process.on('exit', killLeftovers);
  for (const [signal, code] of [
    ['SIGINT', 130],
    ['SIGTERM', 143],
    ['SIGHUP', 129],
  ]) {
    process.once(signal, () => {
      process.stderr.write(`\n${signal}: stopping ${fleets.size} fleet(s)…\n`);
      const stopped = Promise.allSettled([...fleets].map((f) => f.dispose()));
      const timeout = new Promise((resolve) => setTimeout(resolve, 8000).unref());
      void Promise.race([stopped, timeout]).finally(() => process.exit(code));
    });
  }
}

/**
 * startFleet (test/helpers/fleet.ts) whose processes end with this one whatever happens;
 * dispose() it when done (idempotent).
 */
export async function startGuardedFleet(options) {
  guard();
  const fleet = await startFleet(options);
  const dispose = fleet.dispose.bind(fleet);
  let disposed;
  fleet.dispose = () => {
    disposed ??= dispose().finally(() => fleets.delete(fleet));
    return disposed;
  };
  fleets.add(fleet);
  return fleet;
}

/** An SDK client connected to an MCP endpoint (through the proxy or one instance). */
export async function connectClient(url, name = 'mca-bench') {
  const client = new Client({ name, version: '1.0.0' });
  await client.connect(new StreamableHTTPClientTransport(new URL(url)));
  return client;
}

/** Calls a tool and returns its envelope ({ status, data, metadata, … }); throws on a protocol error. */
export async function callEnvelope(client, name, args, { timeout = 60_000 } = {}) {
  const result = await client.callTool({ name, arguments: args }, { timeout });
  const envelope = result.structuredContent;
  if (!envelope) throw new Error(`${name}: no structuredContent in ${JSON.stringify(result).slice(0, 300)}`);
  return envelope;
}

/** The p-th percentile (nearest rank) of numbers, unsorted. */
export function percentile(values, p) {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}
