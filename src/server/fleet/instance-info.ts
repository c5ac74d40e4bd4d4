/** What an instance says about itself in the fleet's registry (`server_info.fleet`, the `fleet` command). */
export interface InstanceInfo {
  id: string;
  version: string;
  /** Protocol eras served: 2025-era (initialize + Mcp-Session-Id) and 2026-07-28. */
  eras: string[];
  /** The engine new analyses use. */
  engine: string;
  store: 'memory' | 'redis';
  /** The MCP endpoint when serving HTTP. */
  url?: string;
  transport: 'http' | 'stdio' | 'cli';
  pid: number;
  host: string;
  startedAt: string;
  callsInFlight: number;
  /** Set by the registry at each heartbeat. */
  lastHeartbeat?: string;
}
