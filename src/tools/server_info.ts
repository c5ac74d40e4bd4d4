import { z } from 'zod';
import { EXTENSIONS } from '../engine/languages.js';
import { MAX_ARGUMENT_BYTES } from './shared/limits.js';
import { defineTool } from './define.js';
import type { FleetView } from './deps.js';
import { MAX_CALL_TOKENS } from './shared/budget.js';

/**
 * The registry as server_info shows it; a store outage leaves the instances list empty rather than failing the call.
 */
async function fleetOf(fleet: FleetView) {
  const instances = (await fleet.instances().catch(() => [])) as Record<string, unknown>[];
  return { instanceId: fleet.instanceId, instances, versions: [...new Set(instances.map((i) => String(i.version)))] };
}

const Capability = z.object({
  available: z.boolean(),
  reason: z
    .string()
    .optional()
    .describe('Why it is not available (or what limits it), in words an operator can act on.'),
});

/** The feature-availability API: capabilities, flags in force, and component facts (kept as they were). */
const FeaturesSchema = z
  .looseObject({
    capabilities: z
      .record(z.string(), Capability)
      .optional()
      .describe(
        'Each capability of this instance and whether it is available: nativeEngine, wasmEngine, redis, redisCluster, fleet (transport sessions and streams shared through Redis), metrics, shadow (both engines, for engine.shadowPercent), batch, flags (a flag source).',
      ),
    flags: z
      .object({
        source: z
          .enum(['redis', 'file', 'none'])
          .describe(
            'Where the flags are read from: the Redis hash (--store redis), the --flags-file, or nowhere (defaults).',
          ),
        where: z.string().optional(),
        values: z
          .record(z.string(), z.unknown())
          .describe('Every flag in force here: sessions.redisPercent, engine.shadowPercent, engine.preferred.'),
        set: z.array(z.string()).describe('The flags the source sets; the others have their defaults.'),
        ignored: z
          .record(z.string(), z.string())
          .describe('Entries of the source that are ignored (unknown flag, invalid value), with why.'),
        lastReadAt: z.string().optional(),
        error: z.string().optional().describe('Why the last read of the source failed (the values in force are kept).'),
      })
      .optional()
      .describe('Runtime feature flags (changed with `mcp-code-analysis flags set`, applied without a restart).'),
    shadow: z
      .object({ match: z.number(), mismatch: z.number(), skipped: z.number() })
      .optional()
      .describe('Shadow mode: files compared between the engines since start, and files not compared.'),
  })
  .describe('Capabilities, runtime flags and component facts (store fallback, cache tiers, file results…).');

export const serverInfo = defineTool({
  name: 'server_info',
  title: 'Server information',
  description:
    'What this server can do right now: its version and protocol (and the protocol version and era your client speaks), which analysis engine runs (native or wasm) and why the other does not, the session store and whether it is healthy, feature flags, the languages and file extensions analysed, the roots you may analyse and the limits. Call it first when something is unavailable or slow.',
  category: 'meta',
  tags: ['info', 'health', 'features', 'engine', 'limits'],
  version: '1.2.0',
  annotations: { readOnlyHint: true, idempotentHint: true, openWorldHint: false },
  stateful: false,
  related: ['discover_tools'],
  examples: [{ description: 'Everything', arguments: {} }],
  inputSchema: z.strictObject({}),
  dataSchema: z.object({
    name: z.string(),
    version: z.string().describe('Server version.'),
    protocol: z.string().describe('Latest MCP protocol version this server speaks.'),
    client: z
      .object({
        protocolVersion: z.string().describe('The MCP protocol version of this call.'),
        era: z
          .enum(['modern', 'legacy'])
          .describe(
            'modern: 2026-07-28 and later (no protocol session); legacy: the 2025 versions (negotiated by initialize; over HTTP, an Mcp-Session-Id).',
          ),
      })
      .optional()
      .describe("The calling client's protocol; absent when the command line runs the tool."),
    engine: z.string().describe('The analysis engine in use: native or wasm.'),
    engines: z.object({
      native: z.object({ available: z.boolean(), reason: z.string().optional().describe('Why it is not available.') }),
      wasm: z.object({ available: z.boolean(), reason: z.string().optional() }),
    }),
    store: z.object({ kind: z.string().describe('memory or redis'), healthy: z.boolean() }),
    features: FeaturesSchema,
    languages: z.array(z.object({ language: z.string(), extensions: z.array(z.string()) })),
    roots: z.array(z.string()).describe('Directories that paths may point into.'),
    limits: z.object({
      maxFileSizeBytes: z.number(),
      toolTimeoutMs: z.number(),
      maxArgumentBytes: z.number(),
      maxSessions: z.number(),
      sessionTtlMs: z.number(),
      responseTokens: z
        .number()
        .describe('Default size budget of an analysis answer, in estimated tokens (characters/3).'),
      maxCallTokens: z.number().describe('Largest budget a call may ask for with maxTokens.'),
    }),
    uptimeMs: z.number(),
    fleet: z
      .object({
        instanceId: z.string().describe('This instance.'),
        instances: z
          .array(z.record(z.string(), z.unknown()))
          .describe(
            'Live instances serving together (one Redis): id, version, eras, engine, store, url, transport, pid, host, startedAt, callsInFlight, lastHeartbeat. With the memory store, this one.',
          ),
        versions: z.array(z.string()).describe('Distinct versions among them: more than one is version skew.'),
      })
      .optional()
      .describe(
        'The fleet: this instance and the live instances registered on its store (a serving process registers; a command-line run does not).',
      ),
  }),
  async handler(_args, ctx) {
    const { config, engines, sessions, roots } = ctx.deps;
    const availability = engines.availability();
    // Loaded here, not at start: a command-line run that never asks pays nothing for the SDK.
    const { LATEST_PROTOCOL_VERSION } = await import('@modelcontextprotocol/server');
    return {
      data: {
        name: 'mcp-code-analysis',
        version: ctx.deps.serverVersion,
        protocol: LATEST_PROTOCOL_VERSION,
        ...(ctx.client ? { client: ctx.client } : {}),
        engine: availability.selected,
        engines: { native: availability.native, wasm: availability.wasm },
        store: { kind: sessions.kind, healthy: await sessions.healthy().catch(() => false) },
        features: { store: config.store, storeFallback: config.storeFallback, ...ctx.deps.features() },
        languages: Object.entries(EXTENSIONS).map(([language, extensions]) => ({
          language,
          extensions: [...extensions],
        })),
        roots: roots.dirs,
        limits: {
          maxFileSizeBytes: config.maxFileSize,
          toolTimeoutMs: config.toolTimeoutMs,
          maxArgumentBytes: MAX_ARGUMENT_BYTES,
          maxSessions: config.maxSessions,
          sessionTtlMs: config.sessionTtlMs,
          responseTokens: config.maxResponseTokens,
          maxCallTokens: MAX_CALL_TOKENS,
        },
        uptimeMs: Date.now() - ctx.deps.startedAt.getTime(),
        ...(ctx.deps.fleet ? { fleet: await fleetOf(ctx.deps.fleet) } : {}),
      },
    };
  },
});
