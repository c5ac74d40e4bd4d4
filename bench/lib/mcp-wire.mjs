// What the HTTP benches share: their command line (bench flags, then `--` and server flags),
// a process's CPU time, reading a JSON-RPC answer in either form, and opening a 2025-era
// transport session with plain fetch (the load generator is autocannon, not our client code).
import { readFileSync } from 'node:fs';

/** argv split at `--`: the bench's own arguments (with flag(name) taking `name value` out of them) and the server's. */
export function benchArgs(argv = process.argv.slice(2)) {
  const dashdash = argv.indexOf('--');
  const serverExtra = dashdash >= 0 ? argv.slice(dashdash + 1) : [];
  const ours = dashdash >= 0 ? argv.slice(0, dashdash) : argv;
  const flag = (name) => {
    const i = ours.indexOf(name);
    return i >= 0 ? ours.splice(i, 2)[1] : undefined;
  };
  return { ours, serverExtra, flag };
}

/** CPU time (user + system) of a process in ms, 0 once it is gone: robust to other load, unlike calls/s. */
export function cpuMs(pid) {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // utime, stime in clock ticks (USER_HZ = 100)
  } catch {
    return 0;
  }
}

export const BASE_HEADERS = { 'content-type': 'application/json', accept: 'application/json, text/event-stream' };

/** The JSON-RPC message with an id in a response body, and whether it came as JSON or SSE. */
export async function messageOf(response) {
  const text = await response.text();
  if ((response.headers.get('content-type') ?? '').startsWith('application/json')) {
    return { mode: 'json', message: JSON.parse(text) };
  }
  const message = text
    .split('\n')
    .filter((l) => l.startsWith('data: ') && l.length > 6)
    .map((l) => JSON.parse(l.slice(6)))
    .find((m) => m.id !== undefined);
  return { mode: 'sse', message };
}

/** One 2025-era MCP transport session: initialize, read Mcp-Session-Id, notifications/initialized. */
export async function openLegacySession(url, protocolVersion, clientInfo) {
  const init = await fetch(url, {
    method: 'POST',
    headers: BASE_HEADERS,
    body: JSON.stringify({
      jsonrpc: '2.0',
      id: 0,
      method: 'initialize',
      params: { protocolVersion, capabilities: {}, clientInfo },
    }),
  });
  const sessionId = init.headers.get('mcp-session-id');
  const { mode, message } = await messageOf(init);
  if (!sessionId || !message?.result) throw new Error(`initialize answered ${init.status} ${JSON.stringify(message)}`);
  const headers = {
    ...BASE_HEADERS,
    'mcp-session-id': sessionId,
    'mcp-protocol-version': message.result.protocolVersion,
  };
  const ack = await fetch(url, {
    method: 'POST',
    headers,
    body: JSON.stringify({ jsonrpc: '2.0', method: 'notifications/initialized' }),
  });
  if (ack.status !== 202) {
    throw new Error(`notifications/initialized answered ${ack.status} ${(await ack.text()).slice(0, 200)}`);
  }
  return { headers, initMode: mode };
}
