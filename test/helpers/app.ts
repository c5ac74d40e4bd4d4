import { Client } from '@modelcontextprotocol/client';
import { InMemoryTransport } from '@modelcontextprotocol/server';
import pino from 'pino';
import { loadConfig } from '../../src/config/config.js';
import { createApp, type App, type AppOverrides } from '../../src/server/app.js';
import { buildServer } from '../../src/server/build-server.js';
import { SAMPLE } from './cli.js';

/** The whole server over the SDK's in-memory linked pair: no process, no transport code. */
export async function linkedClient(
  flags: Record<string, unknown> = {},
  overrides: AppOverrides = {},
): Promise<{ client: Client; app: App; close(): Promise<void> }> {
  const config = loadConfig({ roots: [SAMPLE], engine: 'wasm', workers: 0, ...flags }, {});
  const app = await createApp(config, pino({ level: 'silent' }), overrides);
  const server = buildServer(app);
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  await server.connect(serverSide);
  const client = new Client({ name: 'test', version: '1.0.0' });
  await client.connect(clientSide);
  return {
    client,
    app,
    async close() {
      await client.close();
      await server.close();
      await app.close();
    },
  };
}
