/**
 * Feed serving benchmark: GET /feeds/rss.xml (50 Arabic items) from the real app, against a bare node:http server
 * answering the same bytes from a Buffer (the floor) and a server that queries and renders on every request.
 * Every server runs in its own child process, and the load comes from wrk in another; all on loopback.
 * Run: npx tsx bench/feeds.ts   (writes bench/results/feeds.json)
 */
import { execFileSync, fork, type ChildProcess } from "node:child_process";
import { availableParallelism } from "node:os";
import { mkdirSync, writeFileSync } from "node:fs";
import type { OutgoingHttpHeaders } from "node:http";
import { fileURLToPath } from "node:url";
import { createLogger } from "../functions/node/logger.ts";
import { createServices } from "../lib/services.ts";
import { ensureTable } from "../lib/store/index.ts";
import { startEmbeddedDynamo } from "../functions/node/embedded-dynamo.ts";
import { publishBenchArticles } from "./lib/seed-articles.ts";
import { BENCH_ADMIN_TOKEN, benchConfig, type ServerStats, type StartMessage } from "./lib/feed-server.ts";
import { runWrk, type LoadResult } from "./lib/wrk.ts";
import { createNodeDocumentClient } from "../functions/node/dynamo-client.ts";

const ITEMS = 50;
const SECONDS = Number(process.env.BENCH_SECONDS ?? 4);
// Even, so each server runs first within its variant as often as it runs last (the order flips every round).
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 4);
const WARMUP_SECONDS = 1;
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
const TABLE = "bench-feeds";
const PATH = "/feeds/rss.xml";
const TARGETS = { "200": 0.8, "304": 0.9 } as const;
/**
 * BENCH_PIN=1 (the default where there are 2+ CPUs): every server on CPU 0, wrk on CPU 1, so load generator and
 * server never take turns on one core, for bare and ours alike. BENCH_PIN=0 leaves placement to the scheduler.
 */
const PIN = (process.env.BENCH_PIN ?? (availableParallelism() >= 2 ? "1" : "0")) === "1";
const SERVER_CPU = 0;
const WRK_CPU = 1;

type ServerName = "bare" | "ours" | "oursWarn" | "render";

interface Scenario {
  name: string;
  server: ServerName;
  variant: "200" | "304" | "br";
  headers: Record<string, string>;
  expectedStatus: number;
  expectedLength: number;
  rounds: number;
}

interface Measured {
  load: LoadResult;
  cpuMicrosPerRequest: number;
}

export interface FeedsRow {
  scenario: string;
  server: ServerName;
  variant: string;
  perSecond: number;
  p50Ms: number;
  p99Ms: number;
  cpuMicrosPerRequest: number;
  /**
   * Median over rounds of this server's req/s ÷ bare's in the same round (the two ran back to back, so load from
   * outside the bench that comes and goes over minutes hits both sides of a pair alike).
   */
  ratioVsBare: number;
  /** Per-round ratios to bare. */
  roundRatios: number[];
  /** Bare server CPU per request ÷ this server's: steadier than req/s when other work shares the cores. */
  cpuRatioVsBare: number;
  requests: number;
  errors: number;
  unexpected: number;
  runs: number[];
}

interface Child {
  process: ChildProcess;
  port: number;
}

function startServer(message: StartMessage, logsToNull: boolean): Promise<Child> {
  const child = fork(fileURLToPath(new URL("./lib/feed-server.ts", import.meta.url)), [], {
    // BENCH_CPU_PROF_DIR=<dir>: each server writes a V8 CPU profile there when the run ends.
    execArgv: ["--import", "tsx", ...(process.env.BENCH_CPU_PROF_DIR ? ["--cpu-prof", `--cpu-prof-dir=${process.env.BENCH_CPU_PROF_DIR}`] : [])],
    serialization: "advanced",
    stdio: ["ignore", logsToNull ? "ignore" : "inherit", "inherit", "ipc"],
  });
  return new Promise((resolve, reject) => {
    child.once("error", reject);
    child.once("exit", (code) => reject(new Error(`bench: ${message.kind} server exited with ${code}`)));
    child.once("message", (m: { type: string; port: number }) => {
      // -a: every thread of the server (libuv's pool, V8's GC helpers), not just the main one.
      if (PIN && child.pid !== undefined) execFileSync("taskset", ["-a", "-p", "-c", String(SERVER_CPU), String(child.pid)], { stdio: "ignore" });
      resolve({ process: child, port: m.port });
    });
    child.send(message);
  });
}

function stats(child: Child): Promise<ServerStats> {
  return new Promise((resolve) => {
    child.process.once("message", (m: ServerStats) => resolve(m));
    child.process.send({ type: "stats" });
  });
}

/** Response headers as the bare server should replay them; Node adds date, connection and keep-alive itself. */
function replayable(response: Response): OutgoingHttpHeaders {
  const headers: OutgoingHttpHeaders = {};
  response.headers.forEach((value, name) => {
    if (!["date", "connection", "keep-alive", "transfer-encoding"].includes(name)) headers[name] = value;
  });
  return headers;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};

/** Runs the benchmark, prints a table and returns the figures (also written to bench/results/feeds.json). */
export async function main(): Promise<Record<string, unknown>> {
  const began = Date.now();
  const dynamo = await startEmbeddedDynamo();
  const children: Child[] = [];
  try {
    const env = { TABLE_NAME: TABLE };
    const config = benchConfig(env);
    const client = createNodeDocumentClient({ region: config.awsRegion, endpoint: dynamo.endpoint });
    await ensureTable(client, TABLE);
    const publisher = await createServices({ config, client, adminToken: BENCH_ADMIN_TOKEN, logger: createLogger({ level: "silent", write: () => {} }) });
    await publishBenchArticles(publisher.service, ITEMS);

    const servers: Partial<Record<ServerName, Child>> = {};
    servers.ours = await startServer({ type: "start", kind: "ours", endpoint: dynamo.endpoint, env: { ...env, LOG_LEVEL: "info" } }, true);
    servers.oursWarn = await startServer({ type: "start", kind: "ours", endpoint: dynamo.endpoint, env: { ...env, LOG_LEVEL: "warn" } }, true);
    servers.render = await startServer({ type: "start", kind: "render", endpoint: dynamo.endpoint, env }, false);
    children.push(servers.ours, servers.oursWarn, servers.render);

    const url = (name: ServerName) => `http://127.0.0.1:${servers[name]!.port}${PATH}`;
    const plain = await fetch(url("ours"), { headers: { "accept-encoding": "identity" } });
    const body = new Uint8Array(await plain.arrayBuffer());
    const etag = plain.headers.get("etag") ?? "";
    const brResponse = await fetch(url("ours"), { headers: { "accept-encoding": "br" } });
    // fetch decodes br transparently; the wire length comes from Content-Length.
    await brResponse.arrayBuffer();
    const brLength = Number(brResponse.headers.get("content-length"));
    const notModified = await fetch(url("ours"), { headers: { "if-none-match": etag } });
    const items = new TextDecoder().decode(body).split("<item>").length - 1;
    if (plain.status !== 200 || brResponse.headers.get("content-encoding") !== "br" || notModified.status !== 304 || items !== ITEMS) {
      throw new Error(`bench: unexpected feed (status ${plain.status}, br ${brResponse.headers.get("content-encoding")}, 304 ${notModified.status}, items ${items})`);
    }
    const rendered = new Uint8Array(await (await fetch(url("render"))).arrayBuffer());
    const sameBytes = Buffer.compare(Buffer.from(rendered), Buffer.from(body)) === 0;
    if (!sameBytes) throw new Error("bench: the per-request renderer does not produce the bytes ours serves");

    // The bare server needs the raw br bytes; Node's fetch would decode them, so ask with node:http.
    const brBytes = await rawGet(url("ours"), { "accept-encoding": "br" });
    if (brBytes.byteLength !== brLength) throw new Error("bench: br length mismatch");
    servers.bare = await startServer(
      {
        type: "start",
        kind: "bare",
        etag,
        body,
        br: brBytes,
        headers200: replayable(plain),
        headersBr: replayable(brResponse),
        headers304: replayable(notModified),
      },
      false,
    );
    children.push(servers.bare);

    const scenarios: Scenario[] = [];
    const variants: Omit<Scenario, "name" | "server" | "rounds">[] = [
      { variant: "200" as const, headers: {}, expectedStatus: 200, expectedLength: body.byteLength },
      { variant: "304" as const, headers: { "If-None-Match": etag }, expectedStatus: 304, expectedLength: 0 },
      { variant: "br" as const, headers: { "Accept-Encoding": "br" }, expectedStatus: 200, expectedLength: brLength },
    ];
    for (const v of variants) {
      const names: ServerName[] = v.variant === "br" ? ["bare", "ours"] : ["bare", "ours", "oursWarn", "render"];
      for (const server of names) {
        const label = { bare: "bare node:http", ours: "ours (LOG_LEVEL=info)", oursWarn: "ours (LOG_LEVEL=warn)", render: "render per request" }[server];
        scenarios.push({ name: `${v.variant === "br" ? "200 br" : v.variant} ${label}`, server, ...v, rounds: server === "render" ? 1 : ROUNDS });
      }
    }

    const measure = async (s: Scenario, seconds: number): Promise<Measured> => {
      const child = servers[s.server]!;
      const before = await stats(child);
      const load = await runWrk({
        url: url(s.server),
        headers: s.headers,
        connections: CONNECTIONS,
        threads: 1,
        seconds,
        expectedStatus: s.expectedStatus,
        expectedLength: s.expectedLength,
        ...(PIN ? { cpu: WRK_CPU } : {}),
      });
      const after = await stats(child);
      return { load, cpuMicrosPerRequest: (after.cpuMicros - before.cpuMicros) / Math.max(1, load.requests) };
    };

    console.log(`feeds bench: ${ITEMS} items, ${body.byteLength} B identity / ${brLength} B br; wrk -t1 -c${CONNECTIONS}, ${SECONDS}s × ${ROUNDS} rounds (render: 1)${PIN ? `; servers on CPU ${SERVER_CPU}, wrk on CPU ${WRK_CPU}` : ""}`);
    const sdkBefore = await stats(servers.ours);
    const sdkWarnBefore = await stats(servers.oursWarn);
    const loadStarted = Date.now();
    for (const s of scenarios) await measure(s, WARMUP_SECONDS);
    const results = new Map<Scenario, Measured[]>(scenarios.map((s) => [s, []]));
    for (let round = 0; round < ROUNDS; round++) {
      // Within each variant the servers run in turn, in reverse order on odd rounds: a fixed order would give one
      // server the slot after a given neighbour every time (and the bare server always the first slot).
      const order = variants.flatMap((v) => {
        const group = scenarios.filter((s) => s.variant === v.variant);
        return round % 2 ? group.reverse() : group;
      });
      for (const s of order) {
        if (round >= s.rounds) continue;
        const m = await measure(s, SECONDS);
        results.get(s)!.push(m);
        process.stdout.write(`  ${s.name.padEnd(34)} ${Math.round(m.load.perSecond).toString().padStart(7)} req/s\n`);
      }
    }
    const loadSeconds = (Date.now() - loadStarted) / 1000;
    const sdkAfter = await stats(servers.ours);
    const sdkWarnAfter = await stats(servers.oursWarn);

    const rows: FeedsRow[] = scenarios.map((s) => {
      const runs = results.get(s)!;
      const mid = median(runs.map((r) => r.load.perSecond));
      // Latency and CPU from the run whose rate is closest to the median.
      const pick = runs.reduce((a, b) => (Math.abs(b.load.perSecond - mid) < Math.abs(a.load.perSecond - mid) ? b : a));
      const e = runs.reduce((n, r) => n + r.load.errors.connect + r.load.errors.read + r.load.errors.write + r.load.errors.timeout + r.load.errors.status, 0);
      return {
        scenario: s.name,
        server: s.server,
        variant: s.variant,
        perSecond: mid,
        p50Ms: pick.load.p50 / 1000,
        p99Ms: pick.load.p99 / 1000,
        cpuMicrosPerRequest: median(runs.map((r) => r.cpuMicrosPerRequest)),
        ratioVsBare: 0,
        roundRatios: [],
        cpuRatioVsBare: 0,
        requests: runs.reduce((n, r) => n + r.load.requests, 0),
        errors: e,
        unexpected: runs.reduce((n, r) => n + r.load.unexpected, 0),
        runs: runs.map((r) => Math.round(r.load.perSecond)),
      };
    });
    for (const [i, row] of rows.entries()) {
      const bareScenario = scenarios.find((s) => s.server === "bare" && s.variant === row.variant);
      if (!bareScenario) continue;
      const bareRuns = results.get(bareScenario)!;
      const own = results.get(scenarios[i]!)!;
      // Paired by round; render runs once, so it pairs with round 0 only.
      row.roundRatios = own.map((r, round) => r.load.perSecond / bareRuns[round]!.load.perSecond);
      row.ratioVsBare = median(row.roundRatios);
      row.cpuRatioVsBare = median(own.map((r, round) => bareRuns[round]!.cpuMicrosPerRequest / r.cpuMicrosPerRequest));
    }

    const ratio = (server: ServerName, variant: string) => rows.find((r) => r.server === server && r.variant === variant)?.ratioVsBare ?? 0;
    const verdict = {
      "200": { target: TARGETS["200"], info: ratio("ours", "200"), warn: ratio("oursWarn", "200") },
      "304": { target: TARGETS["304"], info: ratio("ours", "304"), warn: ratio("oursWarn", "304") },
    };
    const windowSeconds = config.feeds.revalidateSeconds;
    const sdk = {
      revalidateSeconds: windowSeconds,
      loadSeconds,
      ours: sdkAfter.sdkCalls - sdkBefore.sdkCalls,
      oursWarn: sdkWarnAfter.sdkCalls - sdkWarnBefore.sdkCalls,
      // One read per window at most, per process: the cache re-checks only when its copy is older than the window.
      bound: Math.floor(loadSeconds / windowSeconds) + 1,
      oursTotal: sdkAfter.sdkCalls,
      names: sdkAfter.sdkNames,
    };
    const problems = rows.filter((r) => r.errors > 0 || r.unexpected > 0);
    // For a 304 the two "ours" servers run the same code (feed hits log at debug either way): how far apart they land
    // is what this machine's noise alone does to a ratio.
    const info304 = rows.find((r) => r.server === "ours" && r.variant === "304")!;
    const warn304 = rows.find((r) => r.server === "oursWarn" && r.variant === "304")!;
    const sameCode304 = median(info304.roundRatios.map((x, i) => warn304.roundRatios[i]! / x));

    print(rows, verdict, sdk, problems, sameCode304);
    const result = {
      date: new Date().toISOString(),
      node: process.version,
      items: ITEMS,
      bodyBytes: body.byteLength,
      brBytes: brLength,
      connections: CONNECTIONS,
      seconds: SECONDS,
      rounds: ROUNDS,
      rows,
      verdict,
      sameCode304,
      sdk,
      totalSeconds: (Date.now() - began) / 1000,
    };
    const out = fileURLToPath(new URL("./results/", import.meta.url));
    mkdirSync(out, { recursive: true });
    writeFileSync(`${out}feeds.json`, `${JSON.stringify(result, null, 2)}\n`);
    return result;
  } finally {
    for (const child of children) {
      child.process.removeAllListeners("exit");
      child.process.kill();
    }
    await dynamo.close();
  }
}

async function rawGet(url: string, headers: Record<string, string>): Promise<Uint8Array> {
  const { get } = await import("node:http");
  return new Promise((resolve, reject) => {
    get(url, { headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => resolve(new Uint8Array(Buffer.concat(chunks))));
      res.on("error", reject);
    }).on("error", reject);
  });
}

function print(
  rows: FeedsRow[],
  verdict: Record<"200" | "304", { target: number; info: number; warn: number }>,
  sdk: { ours: number; oursWarn: number; bound: number; revalidateSeconds: number; loadSeconds: number; names: Record<string, number> },
  problems: FeedsRow[],
  sameCode304: number,
): void {
  console.log(`\nGET ${PATH}, median req/s (p50/p99 from the median run); × bare: median of same-round ratios`);
  console.table(
    rows.map((r) => ({
      scenario: r.scenario,
      "req/s": Math.round(r.perSecond),
      "p50 ms": r.p50Ms.toFixed(2),
      "p99 ms": r.p99Ms.toFixed(2),
      "server CPU µs/req": Math.round(r.cpuMicrosPerRequest),
      "× bare": r.ratioVsBare.toFixed(2),
      "CPU × bare": r.cpuRatioVsBare.toFixed(2),
      "errors/unexpected": `${r.errors}/${r.unexpected}`,
    })),
  );
  for (const [variant, v] of Object.entries(verdict)) {
    const ok = (x: number) => (x >= v.target ? "PASS" : "MISS");
    console.log(`target ${variant}: ≥ ${v.target}× bare — LOG_LEVEL=info ${v.info.toFixed(2)}× ${ok(v.info)}, LOG_LEVEL=warn ${v.warn.toFixed(2)}× ${ok(v.warn)}`);
  }
  for (const r of rows.filter((r) => r.server !== "bare" && r.server !== "render")) console.log(`  rounds ${r.scenario}: ${r.roundRatios.map((x) => x.toFixed(2)).join(" ")}`);
  console.log(`noise: 304 ours(warn) ÷ ours(info), the same code, median over rounds ${sameCode304.toFixed(2)}`);
  console.log(
    `SDK calls during ${sdk.loadSeconds.toFixed(0)} s of load: ours(info) ${sdk.ours}, ours(warn) ${sdk.oursWarn} ` +
      `(bound ${sdk.bound} = one per ${sdk.revalidateSeconds} s window) ${sdk.ours <= sdk.bound && sdk.oursWarn <= sdk.bound ? "OK" : "OVER"}; commands ${JSON.stringify(sdk.names)}`,
  );
  console.log(problems.length === 0 ? "correctness: every response had the expected status and length; no socket errors or timeouts" : `correctness PROBLEMS: ${problems.map((p) => `${p.scenario}: ${p.errors} errors, ${p.unexpected} unexpected`).join("; ")}`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  await main();
}
