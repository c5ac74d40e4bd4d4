// Batches on a fleet (nginx round-robin in front of N server processes on one redis-server,
// the tests' fleet: test/helpers/fleet.ts), driven by the MCP SDK client (not our server code):
//   jobs: for N = 1, 2, 3 instances, each on a fresh fleet (new redis-server, new processes,
//     --no-cache: nothing cached carries over), one batch_submit of 1,000 analyze_complexity jobs,
//     one file each (the first 1,000 .go files of the Go standard library by path, as discovery
//     finds them), waited for with batch_status waitMs, then every result paged. Reported: wall
//     time from submit to completed, jobs/s, per-job execution time (result durationMs) and
//     queue-to-finish latency (startedAt + durationMs − submit) p50/p99, jobs per instance; every
//     result must be OK and each index present exactly once.
//   split: batch_submit { split: analyze_complexity '.' , 50 files per job, detail summary } on a
//     fresh fleet of 3, against one direct analyze_complexity { path: '.', detail: 'summary' } on
//     a fresh single instance: total time of each, their ratio, and whether the merged data equals
//     the direct data (each side's cursor string, which names its own snapshot, blanked out).
// Run: npm run build && node bench/batch-fleet.mjs [--jobs 1000] [--instances 1,2,3]
//   [--split-instances 3] [--files-per-job 50] [--only jobs|split] [--json] [-- server flags]
import { availableParallelism, loadavg } from 'node:os';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { CORPORA } from './corpora.mjs';
import { benchArgs, cpuMs } from './lib/mcp-wire.mjs';
import { callEnvelope, connectClient, percentile, startGuardedFleet } from './lib/fleet-client.mjs';

const HELP = `Usage: npm run build && node bench/batch-fleet.mjs [options] [-- extra serve flags]

Batches on a fleet (redis-server + N server processes + nginx round-robin), MCP SDK client.

  --jobs N               jobs in the per-file batch (default 1000: the first N .go files of the
                         Go standard library sorted by path, one analyze_complexity each)
  --instances LIST       fleet sizes for the per-file batch (default 1,2,3; a fresh fleet each)
  --split-instances N    fleet size for the split batch (default 3)
  --files-per-job N      split.filesPerJob (default 50)
  --only jobs|split      run one part only
  --root DIR             the corpus (default ${CORPORA.go}; bash bench/corpus.sh installs it)
  --json                 the results as JSON on stdout (the table goes to stderr)
  --help                 this text

Every server runs: serve --http --port 0 --store redis --redis-url … --root DIR --no-cache
--log-level error (default engine and --batch-concurrency), plus the flags after --.`;

const { ours, serverExtra, flag } = benchArgs();
if (ours.includes('--help') || ours.includes('-h')) {
  console.log(HELP);
  process.exit(0);
}
const asJson = ours.includes('--json');
const jobCount = Number(flag('--jobs') ?? 1000);
const sizes = (flag('--instances') ?? '1,2,3').split(',').map(Number);
const splitInstances = Number(flag('--split-instances') ?? 3);
const filesPerJob = Number(flag('--files-per-job') ?? 50);
const only = flag('--only');
const root = flag('--root') ?? CORPORA.go;
const unknown = ours.filter((a) => a !== '--json');
if (
  unknown.length > 0 ||
  !(jobCount >= 1) ||
  sizes.some((n) => !(n >= 1)) ||
  !(splitInstances >= 1) ||
  !(filesPerJob >= 1) ||
  (only && only !== 'jobs' && only !== 'split')
) {
  console.error(`${unknown.length ? `unknown arguments: ${unknown.join(' ')}\n\n` : 'bad option value\n\n'}${HELP}`);
  process.exit(2);
}
try {
  statSync(root);
} catch {
  console.error(`no corpus at ${root}: run bash bench/corpus.sh`);
  process.exit(2);
}

const CORES = availableParallelism();
const WAIT_MS = 120_000;
const CALL_TIMEOUT = WAIT_MS + 30_000;
const SERVER_ARGS = ['--root', root, '--no-cache', '--log-level', 'error', ...serverExtra];
const log = (line) => process.stderr.write(`${line}\n`);
const round = (x, digits = 0) => (Number.isFinite(x) ? Number(x.toFixed(digits)) : x);

/**
 * The first `count` .go files under root sorted by path (code-unit order, as discovery sorts),
 * skipping the directories discovery skips (vendor, node_modules, …) and files over its 1 MiB limit.
 */
function firstGoFiles(count) {
  const SKIPPED = new Set(['node_modules', 'vendor', 'target', 'dist', '.git']);
  const files = [];
  const walk = (rel) => {
    for (const entry of readdirSync(join(root, rel), { withFileTypes: true })) {
      const path = rel ? `${rel}/${entry.name}` : entry.name;
      if (entry.isDirectory()) {
        if (!SKIPPED.has(entry.name)) walk(path);
      } else if (entry.isFile() && entry.name.endsWith('.go') && statSync(join(root, path)).size <= 1024 * 1024) {
        files.push(path);
      }
    }
  };
  walk('');
  files.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  if (files.length < count) throw new Error(`only ${files.length} .go files under ${root}, ${count} asked`);
  return files.slice(0, count);
}

/** A fresh fleet of n, an SDK client through its proxy, and each instance's id (asked of it directly). */
async function freshFleet(n) {
  const fleet = await startGuardedFleet({ instances: n, args: SERVER_ARGS });
  const ids = [];
  for (const server of fleet.servers) {
    const direct = await connectClient(server.url, 'batch-fleet-bench');
    const info = await callEnvelope(direct, 'server_info', {});
    ids.push(info.data.fleet.instanceId);
    await direct.close();
  }
  const client = await connectClient(fleet.url, 'batch-fleet-bench');
  const pids = () => fleet.servers.map((s) => s.child.pid);
  return { fleet, client, ids, cpu: () => pids().reduce((sum, pid) => sum + cpuMs(pid), 0) };
}

async function dispose(run) {
  await run?.client.close().catch(() => {});
  await run?.fleet.dispose();
}

function ok(envelope, what) {
  if (envelope.status?.code !== 'OK') throw new Error(`${what}: ${JSON.stringify(envelope.status)}`);
  return envelope.data;
}

/** batch_status with waitMs until the batch is no longer working; the answer that said so. */
async function waitDone(client, batchId, extra = {}) {
  for (;;) {
    const data = ok(
      await callEnvelope(
        client,
        'batch_status',
        { batchId, waitMs: WAIT_MS, limit: 1, ...extra },
        { timeout: CALL_TIMEOUT },
      ),
      'batch_status',
    );
    if (data.state !== 'working') return data;
  }
}

/** Every result of a batch, paged with nextCursor through the proxy. */
async function allResults(client, batchId) {
  const results = [];
  let cursor;
  let pages = 0;
  do {
    const data = ok(
      await callEnvelope(client, 'batch_status', {
        batchId,
        limit: 1000,
        maxTokens: 24_000,
        ...(cursor ? { cursor } : {}),
      }),
      'batch_status page',
    );
    results.push(...data.results);
    cursor = data.nextCursor;
    pages++;
    if (data.results.length === 0 && cursor) throw new Error(`page at ${cursor} is empty on a finished batch`);
  } while (cursor);
  return { results, pages };
}

/** Per-instance counts, in the fleet's order (i0, i1, …), plus any id not in the fleet. */
function spread(results, ids) {
  const counts = ids.map(() => 0);
  let other = 0;
  for (const r of results) {
    const i = ids.indexOf(r.instanceId);
    if (i >= 0) counts[i]++;
    else other++;
  }
  return { counts, other };
}

/** Checks that results are every index 0..total-1 exactly once, each OK; the problems found. */
function verify(results, total) {
  const problems = [];
  const seen = new Map();
  for (const r of results) seen.set(r.index, (seen.get(r.index) ?? 0) + 1);
  const missing = [...Array(total).keys()].filter((i) => !seen.has(i));
  const twice = [...seen].filter(([, n]) => n > 1).map(([i]) => i);
  if (results.length !== total) problems.push(`${results.length} results for ${total} jobs`);
  if (missing.length) problems.push(`missing ${missing.length} (first ${missing.slice(0, 5).join(',')})`);
  if (twice.length) problems.push(`${twice.length} more than once (first ${twice.slice(0, 5).join(',')})`);
  const bad = results.filter((r) => r.status?.code !== 'OK');
  if (bad.length) problems.push(`${bad.length} not OK (first: #${bad[0].index} ${JSON.stringify(bad[0].status)})`);
  return problems;
}

async function jobsRow(n, files) {
  log(`jobs: ${files.length} files on ${n} instance(s)…`);
  const run = await freshFleet(n);
  try {
    const jobs = files.map((path) => ({ tool: 'analyze_complexity', args: { path, detail: 'standard' } }));
    const cpu0 = run.cpu();
    const submittedAt = Date.now();
    const submitted = ok(await callEnvelope(run.client, 'batch_submit', { jobs }), 'batch_submit');
    const submitMs = Date.now() - submittedAt;
    const done = await waitDone(run.client, submitted.batchId);
    const wallMs = Date.now() - submittedAt;
    const cpuMsUsed = run.cpu() - cpu0;
    const { results, pages } = await allResults(run.client, submitted.batchId);
    const problems = verify(results, files.length);
    if (done.state !== 'completed') problems.unshift(`state ${done.state}`);
    const exec = results.map((r) => r.durationMs);
    const finishes = results.map((r) => Date.parse(r.startedAt) + r.durationMs);
    const queueToFinish = finishes.map((t) => t - submittedAt);
    const { counts, other } = spread(results, run.ids);
    return {
      instances: n,
      jobs: files.length,
      submitMs,
      wallMs,
      lastFinishMs: Math.max(...finishes) - submittedAt,
      jobsPerSecond: (files.length * 1000) / wallMs,
      execMs: {
        p50: percentile(exec, 50),
        p99: percentile(exec, 99),
        mean: exec.reduce((a, b) => a + b, 0) / exec.length,
      },
      queueToFinishMs: { p50: percentile(queueToFinish, 50), p99: percentile(queueToFinish, 99) },
      perInstance: counts,
      unknownInstance: other,
      serverCpuMs: cpuMsUsed,
      cpuUtilization: cpuMsUsed / wallMs / CORES,
      counts: done.counts,
      resultPages: pages,
      ok: problems.length === 0,
      problems,
    };
  } finally {
    await dispose(run);
  }
}

/** The data as canonical JSON (sorted keys) with its own cursor string blanked wherever it appears. */
function comparable(data) {
  const cursor = typeof data?.nextCursor === 'string' ? data.nextCursor : undefined;
  const canon = (v) =>
    Array.isArray(v)
      ? v.map(canon)
      : v && typeof v === 'object'
        ? Object.fromEntries(
            Object.keys(v)
              .sort()
              .map((k) => [k, canon(v[k])]),
          )
        : typeof v === 'string' && cursor
          ? v.replaceAll(cursor, '<cursor>')
          : v;
  return JSON.stringify(canon(data));
}

/** The first path at which two JSON values differ (for a readable report when they do). */
function firstDifference(a, b, path = '$') {
  if (JSON.stringify(a) === JSON.stringify(b)) return undefined;
  if (a && b && typeof a === 'object' && typeof b === 'object') {
    for (const k of new Set([...Object.keys(a), ...Object.keys(b)])) {
      const d = firstDifference(a[k], b[k], `${path}.${k}`);
      if (d) return d;
    }
  }
  return `${path}: ${JSON.stringify(a)?.slice(0, 80)} vs ${JSON.stringify(b)?.slice(0, 80)}`;
}

async function splitRows() {
  log(`split: direct analyze_complexity '.' on 1 fresh instance…`);
  let run = await freshFleet(1);
  let direct;
  try {
    const cpu0 = run.cpu();
    const t0 = Date.now();
    const envelope = await callEnvelope(
      run.client,
      'analyze_complexity',
      { path: '.', detail: 'summary' },
      { timeout: 600_000 },
    );
    direct = { totalMs: Date.now() - t0, cpuMs: run.cpu() - cpu0, data: ok(envelope, 'analyze_complexity') };
  } finally {
    await dispose(run);
  }
  log(`split: batch_submit split, ${filesPerJob} files per job, on ${splitInstances} fresh instance(s)…`);
  run = await freshFleet(splitInstances);
  try {
    const cpu0 = run.cpu();
    const t0 = Date.now();
    const submitted = ok(
      await callEnvelope(run.client, 'batch_submit', {
        split: { tool: 'analyze_complexity', path: '.', filesPerJob, args: { detail: 'summary' } },
      }),
      'batch_submit split',
    );
    const submitMs = Date.now() - t0;
    const done = await waitDone(run.client, submitted.batchId, { maxTokens: 24_000 });
    const totalMs = Date.now() - t0;
    const cpuMsUsed = run.cpu() - cpu0;
    const { results } = await allResults(run.client, submitted.batchId);
    const problems = verify(results, submitted.total);
    if (done.state !== 'completed') problems.unshift(`state ${done.state}`);
    if (!done.merged) problems.push('no merged result');
    else if (done.merged.status.code !== 'OK') problems.push(`merged ${JSON.stringify(done.merged.status)}`);
    const merged = done.merged?.data;
    const identical = merged !== undefined && comparable(merged) === comparable(direct.data);
    const chunkFinish = Math.max(...results.map((r) => Date.parse(r.startedAt) + r.durationMs)) - t0;
    return {
      direct: { instances: 1, totalMs: direct.totalMs, serverCpuMs: direct.cpuMs, files: direct.data.summary?.files },
      split: {
        instances: splitInstances,
        filesPerJob,
        jobs: submitted.total,
        files: done.split?.files,
        submitMs,
        totalMs,
        chunksDoneMs: chunkFinish,
        chunkExecSumMs: results.reduce((sum, r) => sum + r.durationMs, 0),
        serverCpuMs: cpuMsUsed,
        mergeMs: done.merged?.durationMs,
        perInstance: spread(results, run.ids).counts,
        mergedOn: run.ids.indexOf(done.merged?.instanceId),
        chunkExecMs: {
          p50: percentile(
            results.map((r) => r.durationMs),
            50,
          ),
          p99: percentile(
            results.map((r) => r.durationMs),
            99,
          ),
        },
      },
      ratio: totalMs / direct.totalMs,
      identical,
      difference:
        identical || merged === undefined
          ? undefined
          : firstDifference(JSON.parse(comparable(merged)), JSON.parse(comparable(direct.data))),
      ok: problems.length === 0 && identical,
      problems,
    };
  } finally {
    await dispose(run);
  }
}

const startedLoad = loadavg()[0];
const report = {
  machine: { cores: CORES, loadAverageAtStart: round(startedLoad, 2) },
  root,
  serverArgs: SERVER_ARGS,
  jobs: [],
  split: undefined,
};
let failed = false;
try {
  if (only !== 'split') {
    const files = firstGoFiles(jobCount);
    report.firstFile = files[0];
    report.lastFile = files.at(-1);
    for (const n of sizes) {
      const row = await jobsRow(n, files);
      report.jobs.push(row);
      if (!row.ok) failed = true;
    }
  }
  if (only !== 'jobs') {
    report.split = await splitRows();
    if (!report.split.ok) failed = true;
  }
} catch (error) {
  failed = true;
  report.error = String(error?.stack ?? error);
  log(report.error);
}
report.machine.loadAverageAtEnd = round(loadavg()[0], 2);

const out = [];
const say = (line = '') => out.push(line);
say(
  `${CORES} cores (availableParallelism); load average ${round(startedLoad, 1)} at start, ${report.machine.loadAverageAtEnd.toFixed(1)} at the end. ` +
    `Every instance shares these ${CORES} cores with redis-server, nginx and this client: ${CORES < 3 ? `3 instances on ${CORES} cores cannot scale linearly.` : ''}`,
);
say(
  `serve --http --port 0 --store redis --redis-url <its own> ${SERVER_ARGS.join(' ')} (default engine, default --batch-concurrency); a fresh fleet (new redis-server) per row.`,
);
if (report.jobs.length) {
  say();
  say(
    `Per-file batch: ${jobCount} × analyze_complexity { path: <file>, detail: 'standard' }, files ${report.firstFile} … ${report.lastFile}`,
  );
  say(
    '| instances | wall s (submit→completed) | last job done s | jobs/s | submit ms | exec p50 / p99 ms | queue→finish p50 / p99 ms | jobs per instance | server CPU s (of cores) | results |',
  );
  say('|---:|---:|---:|---:|---:|---:|---:|---|---:|---|');
  for (const r of report.jobs)
    say(
      `| ${r.instances} | ${(r.wallMs / 1000).toFixed(2)} | ${(r.lastFinishMs / 1000).toFixed(2)} | ${r.jobsPerSecond.toFixed(1)} | ${r.submitMs} | ${r.execMs.p50} / ${r.execMs.p99} | ${r.queueToFinishMs.p50} / ${r.queueToFinishMs.p99} | ${r.perInstance.join(' / ')}${r.unknownInstance ? ` (+${r.unknownInstance} ?)` : ''} | ${(r.serverCpuMs / 1000).toFixed(1)} (${Math.round(r.cpuUtilization * 100)}%) | ${r.ok ? `${r.jobs} OK, once each` : r.problems.join('; ')} |`,
    );
  say(
    "wall: submit sent → batch_status (waitMs; the server looks every 200 ms) says completed; last job done: the latest startedAt + durationMs; exec = a result's durationMs; queue→finish = startedAt + durationMs − submit sent; jobs per instance in fleet order; server CPU = user+system of all instances over the wall time (share of all cores).",
  );
  const base = report.jobs.find((r) => r.instances === 1);
  if (base)
    say(
      `speed-up over 1 instance: ${report.jobs.map((r) => `${r.instances}: ${(r.jobsPerSecond / base.jobsPerSecond).toFixed(2)}×`).join(', ')}`,
    );
}
if (report.split) {
  const s = report.split;
  say();
  say(
    `Split vs direct on ${root}: analyze_complexity { path: '.', detail: 'summary' }, ${s.split.files} files, ${s.split.jobs} jobs of ${filesPerJob}`,
  );
  say('| run | instances | total s | server CPU s | detail |');
  say('|---|---:|---:|---:|---|');
  say(
    `| direct call | 1 | ${(s.direct.totalMs / 1000).toFixed(2)} | ${(s.direct.serverCpuMs / 1000).toFixed(1)} | one tools/call, ${s.direct.files} files |`,
  );
  say(
    `| split batch | ${s.split.instances} | ${(s.split.totalMs / 1000).toFixed(2)} | ${(s.split.serverCpuMs / 1000).toFixed(1)} | submit ${s.split.submitMs} ms; chunks done at ${(s.split.chunksDoneMs / 1000).toFixed(2)} s (chunk p50/p99 ${s.split.chunkExecMs.p50}/${s.split.chunkExecMs.p99} ms, sum ${(s.split.chunkExecSumMs / 1000).toFixed(1)} s, per instance ${s.split.perInstance.join(' / ')}); merge ${s.split.mergeMs} ms on i${s.split.mergedOn} |`,
  );
  say(
    `split / direct = ${s.ratio.toFixed(2)} (${s.ratio < 1 ? `${(1 / s.ratio).toFixed(2)}× faster` : `${s.ratio.toFixed(2)}× slower`}); merged data ${s.identical ? 'IDENTICAL to' : 'DIFFERS from'} the direct data (cursor strings blanked)${s.difference ? `: first difference at ${s.difference}` : ''}${s.problems.length ? `; problems: ${s.problems.join('; ')}` : ''}`,
  );
}
if (report.error) say(`\nERROR: ${report.error.split('\n')[0]}`);

if (asJson) {
  for (const line of out) log(line);
  console.log(JSON.stringify(report, null, 2));
} else {
  for (const line of out) console.log(line);
}
if (failed) process.exitCode = 1;
