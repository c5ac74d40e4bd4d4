import { Server } from '@modelcontextprotocol/server';
import { registerTools } from '../registry/register.js';
import type { App } from './app.js';

const INSTRUCTIONS =
  'Code analysis for TypeScript, JavaScript, Python, Go, Rust and Java. Start with analyze_complexity (hotspots), analyze_structure (outline) or analyze_dependencies (imports, cycles) on a path under the server roots (server_info lists them). Every result is an envelope { status, data, metadata, context }; errors carry a code, whether a retry helps, and what to do. discover_tools describes every tool with examples.';

/** One MCP server instance over the shared app; cheap, so transports may build one per connection. */
export function buildServer(app: App): Server {
  const server = new Server(
    { name: 'mcp-code-analysis', version: app.deps.serverVersion },
    { capabilities: { tools: { listChanged: false } }, instructions: INSTRUCTIONS },
  );
  registerTools(server, app.registry, app.callTool, app.metrics);
  return server;
}
