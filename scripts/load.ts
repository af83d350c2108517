/**
 * Sustained mixed load on the real local service (`npm run load`): feeds 90 %, list 8 %, publish 1 %, subscribe 1 %,
 * from autocannon over loopback for LOAD_SECONDS (default 60) with LOAD_CONNECTIONS (default 32). Pushes go to a
 * loopback receiver only. Prints req/s, latency, statuses per kind, errors and the service's memory; exits 1 on any
 * error. Writes bench/results/load.json (a LOAD_MIX run writes load-<mix>.json beside it); LOAD_PROFILE_DIR=<dir>
 * makes the service write a V8 CPU profile there.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { runAutocannon } from "./load/autocannon.ts";
import { startReceiverProcess } from "./load/receiver-process.ts";
import { seededRandom } from "./load/seeded-random.ts";
import { cpuSeconds, freePort, rssKiB, startService } from "./load/service-process.ts";
import { createTrafficMix, parseMix, quantile, type Kind } from "./load/traffic-mix.ts";

const SECONDS = Number(process.env.LOAD_SECONDS ?? 60);
const CONNECTIONS = Number(process.env.LOAD_CONNECTIONS ?? 32);
const SUBSCRIBERS = Number(process.env.LOAD_SUBSCRIBERS ?? 200);
const SEED = Number(process.env.LOAD_SEED ?? 1);
/** e.g. LOAD_MIX=feed:1 for a feeds-only baseline; default feed:0.9,list:0.08,publish:0.01,subscribe:0.01. */
const MIX = parseMix(process.env.LOAD_MIX);
/** When set, the service writes a V8 CPU profile there on exit. */
const PROFILE_DIR = process.env.LOAD_PROFILE_DIR;
const ADMIN_TOKEN = "load-test-admin-token-0123456789";
// The demo articles' categories and most used tags, so every feed path exists from the start.
const CATEGORIES = ["سوريا", "تركيا", "العراق", "لبنان", "صحة"];
const TAGS = ["كورونا", "دمشق", "إدلب"];
const SAMPLE_EVERY_MS = 5_000;
const RESULTS = fileURLToPath(
  new URL(`../bench/results/${process.env.LOAD_MIX ? `load-${process.env.LOAD_MIX.replace(/[^a-z0-9.]+/gi, "_")}` : "load"}.json`, import.meta.url),
);

const round = (n: number, digits = 1) => Math.round(n * 10 ** digits) / 10 ** digits;

async function main(): Promise<number> {
  const receiver = await startReceiverProcess();
  const dir = mkdtempSync(join(tmpdir(), "load-"));
  const caFile = join(dir, "receiver-ca.pem");
  writeFileSync(caFile, receiver.ca);
  const service = await startService({
    DATA_DIR: join(dir, "data"),
    PORT: String(await freePort()),
    DEMO: "1",
    ADMIN_TOKEN,
    PUSH_ALLOWED_HOSTS: `127.0.0.1:${receiver.port}`,
    NODE_EXTRA_CA_CERTS: caFile,
    LOG_LEVEL: "warn",
    SUBSCRIBE_RATE_PER_MINUTE: "10000",
  }, PROFILE_DIR ? { nodeArgs: ["--cpu-prof", `--cpu-prof-dir=${PROFILE_DIR}`] } : {});
  try {
    const mix = createTrafficMix({
      rng: seededRandom(SEED),
      mix: MIX,
      adminToken: ADMIN_TOKEN,
      subscriptions: await receiver.subscribe(SUBSCRIBERS),
      categories: CATEGORIES,
      tags: TAGS,
      runId: Date.now().toString(36),
    });
    // Warm-up: every feed path once (a reader's first poll), which also gives the ETags for conditional requests.
    for (const path of mix.paths) {
      const res = await fetch(`${service.baseUrl}${path}`);
      await res.arrayBuffer();
      if (res.status !== 200) throw new Error(`warm-up: ${path} answered ${res.status}`);
      const etag = res.headers.get("etag");
      if (etag) mix.etags.set(path, etag);
    }

    const memory: Array<{ atSeconds: number; rssMiB: number }> = [];
    const started = Date.now();
    const sample = () => {
      const kib = rssKiB(service.pid);
      if (kib !== undefined) memory.push({ atSeconds: round((Date.now() - started) / 1000), rssMiB: round(kib / 1024) });
    };
    sample();
    const cpuBefore = cpuSeconds(service.pid) ?? 0;
    const timer = setInterval(sample, SAMPLE_EVERY_MS);
    const result = await runAutocannon({ url: service.baseUrl, connections: CONNECTIONS, duration: SECONDS, timeout: 10, requests: [mix.request] });
    clearInterval(timer);
    sample();
    const cpuUsed = (cpuSeconds(service.pid) ?? 0) - cpuBefore;
    const pushes = await receiver.stats();

    const kinds = (Object.keys(MIX) as Kind[]).map((kind) => {
      const s = mix.stats[kind];
      return {
        kind,
        share: round((100 * s.count) / Math.max(1, result.requests.total), 2),
        count: s.count,
        statuses: s.statuses,
        p50Ms: round(quantile(s.latencies, 0.5), 2),
        p99Ms: round(quantile(s.latencies, 0.99), 2),
        unexpected: s.unexpected,
        samples: s.samples,
      };
    });
    const unexpected = kinds.reduce((n, k) => n + k.unexpected, 0);
    const rss = memory.map((m) => m.rssMiB);
    const warmRss = memory.find((m) => m.atSeconds >= SECONDS / 3)?.rssMiB ?? rss[0] ?? 0;
    const summary = {
      date: new Date().toISOString(),
      node: process.version,
      seconds: SECONDS,
      mix: MIX,
      connections: CONNECTIONS,
      subscriberPool: SUBSCRIBERS,
      requests: result.requests.total,
      perSecond: round(result.requests.total / result.duration),
      latencyMs: { p50: result.latency.p50, p90: result.latency.p90, p99: result.latency.p99, max: result.latency.max },
      errors: result.errors,
      timeouts: result.timeouts,
      unexpectedStatuses: unexpected,
      statuses: Object.fromEntries(Object.entries(result.statusCodeStats).map(([code, s]) => [code, s.count])),
      kinds,
      pushes: { delivered: pushes.delivered, refused: pushes.refused },
      serviceCpuSeconds: round(cpuUsed, 2),
      cpuMicrosPerRequest: round((cpuUsed * 1e6) / Math.max(1, result.requests.total), 0),
      // "warm": the first sample after a third of the run, once V8 and the store have grown to their working size;
      // warm → end is the figure that shows a leak (start → end includes that one-off growth).
      memoryMiB: { start: rss[0] ?? 0, warm: warmRss, end: rss.at(-1) ?? 0, max: Math.max(...rss), samples: memory },
    };
    mkdirSync(join(RESULTS, ".."), { recursive: true });
    writeFileSync(RESULTS, JSON.stringify(summary, null, 2) + "\n");

    console.log(`load: ${SECONDS} s, ${CONNECTIONS} connections, mix ${Object.entries(MIX).map(([k, w]) => `${k} ${round(w * 100)}%`).join(", ")}`);
    console.log(`  ${summary.requests} requests, ${summary.perSecond} req/s; latency p50 ${summary.latencyMs.p50} ms, p99 ${summary.latencyMs.p99} ms, max ${summary.latencyMs.max} ms`);
    for (const k of kinds) {
      const codes = Object.entries(k.statuses).map(([c, n]) => `${c}×${n}`).join(" ");
      console.log(`  ${k.kind.padEnd(9)} ${String(k.count).padStart(7)} (${k.share}%)  p50 ${k.p50Ms} ms  p99 ${k.p99Ms} ms  [${codes}]${k.unexpected ? `  UNEXPECTED ${k.unexpected}: ${k.samples.join(" | ")}` : ""}`);
    }
    console.log(`  errors ${result.errors}, timeouts ${result.timeouts}, unexpected statuses ${unexpected}; pushes delivered ${pushes.delivered}, refused ${pushes.refused}`);
    console.log(`  service CPU ${summary.serviceCpuSeconds} s (${summary.cpuMicrosPerRequest} µs/request); RSS start ${summary.memoryMiB.start} MiB, warm ${summary.memoryMiB.warm} MiB (t ≥ ${round(SECONDS / 3, 0)} s), end ${summary.memoryMiB.end} MiB, max ${summary.memoryMiB.max} MiB`);
    console.log(`  written to ${RESULTS}`);
    const failures = result.errors + result.timeouts + unexpected + pushes.refused;
    if (failures > 0) console.error(`load: FAILED with ${failures} errors`);
    return failures > 0 ? 1 : 0;
  } catch (error) {
    console.error(`load: ${error instanceof Error ? error.message : String(error)}\n--- service output ---\n${service.output()}`);
    return 1;
  } finally {
    await service.stop("SIGTERM");
    await receiver.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

process.exitCode = await main();
