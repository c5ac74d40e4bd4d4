import { cpSync, mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { Analyses } from '../../src/analysis/analyses.js';
import { FileResults } from '../../src/analysis/file-results.js';
import { SnapshotStore } from '../../src/analysis/snapshots.js';
import { DiskCache } from '../../src/cache/disk-cache.js';
import { RedisCacheTier } from '../../src/cache/redis-tier.js';
import type { FileTags } from '../../src/engine/tags.js';
import type { Engine } from '../../src/engine/types.js';
import { Navigation } from '../../src/navigation/navigation.js';
import { SharedTagsTier, type SharedTags } from '../../src/navigation/tags-tiers.js';
import { RedisConnection } from '../../src/redis/connection.js';
import { linkedClient } from '../helpers/app.js';
import { envelopeOf } from '../helpers/cli.js';
import { bothEngines, CountingEngine, fixedEngine, writeTree } from '../helpers/engines-under-test.js';
import { startRedisServer, type RedisServer } from '../helpers/redis-server.js';

// The fleet's tier of navigation tags: what one instance tagged (by the engine's tags pass or
// from the analysis's own parse), another instance with its own memory and disk finds in Redis
// by the hash of the file's bytes, at whatever path the bytes are, and tags nothing; an edited
// file is parsed again (and shared); a Redis that is gone costs the parse, never the answer.

const FILES: Record<string, string> = {
  'src/shapes.ts': 'export function area(w: number, h: number) {\n  return w * h;\n}\n',
  'src/use.ts': "import { area } from './shapes.js';\nexport const a = area(1, 2);\n",
  'py/m.py': 'def helper(x):\n    return x\n\n\ndef run():\n    return helper(1)\n',
};
const EDITED_USE = "import { area } from './shapes.js';\nexport const b = area(3, area(1, 1));\n";

let server: RedisServer;
const dirs: string[] = [];
const connections: RedisConnection[] = [];
beforeAll(async () => {
  server = await startRedisServer();
});
// Each case starts from an empty Redis: the cases share tree contents, which are the keys.
beforeEach(async () => {
  const c = new RedisConnection({ url: server.url });
  await c.connect(2000);
  await c.call(undefined, ['FLUSHALL']);
  await c.close();
});
afterAll(async () => {
  for (const c of connections) await c.close();
  await server?.dispose();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function tree(files: Record<string, string> = FILES): string {
  const root = writeTree('mca-nav-redis-', files);
  dirs.push(root);
  return root;
}

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'mca-nav-redis-cache-'));
  dirs.push(dir);
  return dir;
}

type Ref = { path: string; line: number; kind: string };
const refsOf = (data: { references: Ref[] }) => data.references.map((r) => [r.path, r.line, r.kind].join(':'));

describe.each(bothEngines())('navigation tags through the fleet’s Redis (%s engine)', (_name, make) => {
  const inner = make();
  afterAll(() => inner.close());

  /** A server instance of the fleet: its own memory and disk (cache directory), the shared Redis. */
  async function instance(root: string) {
    const engine = new CountingEngine(inner);
    const h = await linkedClient(
      { roots: [root], cacheDir: tempDir(), store: 'redis', redisUrl: server.url, batchConcurrency: 0 },
      { engines: fixedEngine(engine) },
    );
    const call = async (name: string, args: Record<string, unknown>) => {
      const envelope = envelopeOf(await h.client.callTool({ name, arguments: args }));
      expect(envelope.status, JSON.stringify(envelope.status)).toMatchObject({ success: true });
      return envelope.data;
    };
    const tagsRedis = async () => (await call('server_info', {})).features.navigation.tagsRedis;
    return { engine, call, tagsRedis, close: () => h.close() };
  }

  it('a second instance tags nothing of an unchanged tree, at other paths; an edited file is parsed again and shared', async () => {
    // The first instance tags through the engine's tags pass (a snapshot made without tags).
    const firstRoot = tree();
    const first = await instance(firstRoot);
    await first.call('analyze_dependencies', { path: '.' });
    const refs = refsOf(await first.call('find_references', { path: 'src/shapes.ts', symbol: 'area' }));
    expect(first.engine.tagged.flat().sort()).toEqual(Object.keys(FILES).sort());
    expect(await first.tagsRedis()).toMatchObject({ hits: 0, misses: 3 });
    await first.close(); // waits for the tags being written

    // Another checkout of the same bytes, with the Python file at another path.
    const secondRoot = tree();
    mkdirSync(join(secondRoot, 'lib'));
    renameSync(join(secondRoot, 'py/m.py'), join(secondRoot, 'lib/other.py'));
    const second = await instance(secondRoot);
    let edited: string[];
    try {
      expect(refsOf(await second.call('find_references', { path: 'src/shapes.ts', symbol: 'area' }))).toEqual(refs);
      const graph = await second.call('call_graph', { path: 'lib/other.py', symbol: 'helper', direction: 'callers' });
      expect(graph.nodes.map((n: { name: string; path: string }) => `${n.path}:${n.name}`).sort()).toEqual([
        'lib/other.py:helper',
        'lib/other.py:run',
      ]);
      expect(second.engine.analyzed).toEqual([]); // the results came from Redis too
      expect(second.engine.tagged).toEqual([]);
      expect(await second.tagsRedis()).toMatchObject({ hits: 3, misses: 0, errors: 0 });

      // An edit: the analysis parses that file again and hands its tags over; Redis gets them too.
      writeFileSync(join(secondRoot, 'src/use.ts'), EDITED_USE);
      edited = refsOf(await second.call('find_references', { path: 'src/shapes.ts', symbol: 'area' }));
      expect(second.engine.analyzed).toEqual([['src/use.ts']]);
      expect(second.engine.tagged).toEqual([]);
      expect(edited.filter((r) => r.startsWith('src/use.ts:2:call'))).toHaveLength(2);
    } finally {
      await second.close();
    }

    // A third instance on the edited bytes finds the edited file's tags (written from the analysis's parse).
    const thirdRoot = tree({ ...FILES, 'src/use.ts': EDITED_USE });
    const third = await instance(thirdRoot);
    try {
      expect(refsOf(await third.call('find_references', { path: 'src/shapes.ts', symbol: 'area' }))).toEqual(edited);
      expect(third.engine.analyzed).toEqual([]);
      expect(third.engine.tagged).toEqual([]);
      expect(await third.tagsRedis()).toMatchObject({ hits: 3, misses: 0 });
    } finally {
      await third.close();
    }
  });
});

describe.each(bothEngines())('the tags tier under Navigation (%s engine)', (_name, make) => {
  const inner = make();
  afterAll(() => inner.close());

  async function connection(url = server.url) {
    const c = new RedisConnection({ url, pingIntervalMs: 100, commandTimeoutMs: 500, reconnectMaxMs: 200 });
    connections.push(c);
    await c.connect(2000);
    return c;
  }

  /** One instance's navigation: its own memory and disk, with the given connection's Redis behind them. */
  function navigationOn(conn: RedisConnection) {
    const shared = new SharedTagsTier(new RedisCacheTier<SharedTags>({ connection: conn, origin: 'test' }));
    return new Navigation({ disk: new DiskCache<FileTags, null>(tempDir()), shared });
  }

  /** An index as navigate() builds one, without the analysis's tags (so the engine's tags pass runs). */
  async function indexOf(navigation: Navigation, engine: Engine, root: string) {
    const analyses = new Analyses(new SnapshotStore(), new FileResults({}));
    const { snapshot } = await analyses.run(engine, { path: root, root, importsOnly: true });
    const graph = await analyses.graph(engine, snapshot, root, { includeTypeEdges: true, includeDynamicEdges: true });
    return navigation.index(engine, snapshot, root, graph);
  }

  const definitions = (index: Awaited<ReturnType<typeof indexOf>>) =>
    [...index.allDefinitions()]
      .flat()
      .map((r) => `${r.path}:${r.def.line}:${r.def.name}`)
      .sort();

  it('shares tags by content, with the looking file’s path; another tags build reads none', async () => {
    const first = navigationOn(await connection());
    const a = new CountingEngine(inner);
    const root = tree();
    const made = definitions(await indexOf(first, a, root));
    expect(a.tagged.flat()).toHaveLength(3);
    await first.close();
    expect(first.stats().tagsRedis).toMatchObject({ hits: 0, misses: 3, sent: 3, errors: 0 });

    const copy = tree({});
    cpSync(root, copy, { recursive: true });
    renameSync(join(copy, 'py/m.py'), join(copy, 'py/n.py'));
    const second = navigationOn(await connection());
    const b = new CountingEngine(inner);
    const index = await indexOf(second, b, copy);
    expect(b.tagged).toEqual([]);
    expect(definitions(index)).toEqual(made.map((d) => d.replace('py/m.py', 'py/n.py')).sort());
    expect(index.file('py/n.py')?.path).toBe('py/n.py');
    expect(index.file('py/m.py')).toBeUndefined();
    expect(second.stats().tagsRedis).toMatchObject({ hits: 3, misses: 0 });

    const rebuilt = new CountingEngine(inner, `${inner.tagsBuild}-another-build`);
    await indexOf(navigationOn(await connection()), rebuilt, copy);
    expect(rebuilt.tagged.flat()).toHaveLength(3);

    // An engine without a tags build shares nothing: tags without a build name may be of any build.
    const unnamed = new CountingEngine(inner);
    Object.defineProperty(unnamed, 'tagsBuild', { value: undefined });
    const quiet = navigationOn(await connection());
    await indexOf(quiet, unnamed, copy);
    expect(unnamed.tagged.flat()).toHaveLength(3);
    expect(quiet.stats().tagsRedis).toMatchObject({ hits: 0, misses: 0, sent: 0 });
  });

  it('answers when Redis is gone: the lookups and writes fail quietly, the engine tags', async () => {
    const own = await startRedisServer();
    const conn = await connection(own.url);
    const healthy = navigationOn(await connection());
    const root = tree();
    const expected = definitions(await indexOf(healthy, new CountingEngine(inner), root));

    await conn.close();
    await own.dispose();
    const broken = navigationOn(conn);
    const engine = new CountingEngine(inner);
    expect(definitions(await indexOf(broken, engine, root))).toEqual(expected);
    expect(engine.tagged.flat()).toHaveLength(3);
    await broken.close();
    expect(broken.stats().tagsRedis).toMatchObject({ hits: 0, misses: 3 });
  });
});
