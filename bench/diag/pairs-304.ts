/**
 * Diagnostic (not part of npm run bench): 304s only, bare and ours paired back to back, the order alternating,
 * with CPU split into user/system and GC time per request. Env: PAIRS, PAIR_SECONDS, KINDS (ours variants).
 */
import { fork, type ChildProcess } from "node:child_process";
import type { OutgoingHttpHeaders } from "node:http";
import { fileURLToPath } from "node:url";
import { createLogger } from "../../functions/node/logger.ts";
import { createServices } from "../../lib/services.ts";
import { ensureTable } from "../../lib/store/index.ts";
import { startEmbeddedDynamo } from "../../functions/node/embedded-dynamo.ts";
import { publishBenchArticles } from "../lib/seed-articles.ts";
import { BENCH_ADMIN_TOKEN, benchConfig, type ServerStats, type StartMessage } from "../lib/feed-server.ts";
import { runWrk } from "../lib/wrk.ts";
import { createNodeDocumentClient } from "../../functions/node/dynamo-client.ts";

const PAIRS = Number(process.env.PAIRS ?? 6);
const SECONDS = Number(process.env.PAIR_SECONDS ?? 3);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
const ENV = JSON.parse(process.env.OURS_ENV ?? "{}") as Record<string, string>;

function start(message: StartMessage, extraArgs: string[] = []): Promise<{ process: ChildProcess; port: number }> {
  const child = fork(fileURLToPath(new URL("../lib/feed-server.ts", import.meta.url)), [], {
    execArgv: ["--import", "tsx", ...extraArgs, ...(process.env.DIAG_NODE_ARGS ? process.env.DIAG_NODE_ARGS.split(" ") : [])],
    serialization: "advanced",
    stdio: ["ignore", "ignore", "inherit", "ipc"],
  });
  return new Promise((resolve, reject) => {
    child.once("error", reject);
    child.once("message", (m: { port: number }) => resolve({ process: child, port: m.port }));
    child.send(message);
  });
}
const stats = (c: ChildProcess) =>
  new Promise<ServerStats>((resolve) => {
    c.once("message", (m: ServerStats) => resolve(m));
    c.send({ type: "stats" });
  });
function replayable(response: Response): OutgoingHttpHeaders {
  const headers: OutgoingHttpHeaders = {};
  response.headers.forEach((value, name) => {
    if (!["date", "connection", "keep-alive", "transfer-encoding"].includes(name)) headers[name] = value;
  });
  return headers;
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

const dynamo = await startEmbeddedDynamo();
const env = { TABLE_NAME: "bench-feeds", ...ENV };
const config = benchConfig(env);
const client = createNodeDocumentClient({ region: config.awsRegion, endpoint: dynamo.endpoint });
await ensureTable(client, env.TABLE_NAME);
const publisher = await createServices({ config, client, adminToken: BENCH_ADMIN_TOKEN, logger: createLogger({ level: "silent", write: () => {} }) });
await publishBenchArticles(publisher.service, 50);
const ours = await start({ type: "start", kind: "ours", endpoint: dynamo.endpoint, env: { ...env, LOG_LEVEL: "info" } });
const url = (port: number) => `http://127.0.0.1:${port}/feeds/rss.xml`;
const plain = await fetch(url(ours.port), { headers: { "accept-encoding": "identity" } });
await plain.arrayBuffer();
const etag = plain.headers.get("etag")!;
const nm = await fetch(url(ours.port), { headers: { "if-none-match": etag } });
const bareMessage: StartMessage = { type: "start", kind: "bare", etag, body: new Uint8Array(1), br: new Uint8Array(1), headers200: {}, headersBr: {}, headers304: replayable(nm) };
// PAIR=a,b picks the two servers compared (bare, ours, or a second of either: bare2, ours2), so A/A runs test the method.
const [nameA, nameB] = (process.env.PAIR ?? "bare,ours").split(",") as [string, string];
const servers: Record<string, { process: ChildProcess; port: number }> = {};
for (const name of [nameA, nameB]) {
  servers[name] = name === "ours" ? ours : name.startsWith("bare") ? await start(bareMessage) : await start({ type: "start", kind: "ours", endpoint: dynamo.endpoint, env: { ...env, LOG_LEVEL: "info" } });
}
if (!servers.ours) servers.ours = ours;
await fetch(url(servers[nameB]!.port), { headers: { "if-none-match": etag } });
await fetch(url(servers[nameA]!.port), { headers: { "if-none-match": etag } });
const rows: Record<string, { rps: number; cpu: number; user: number; sys: number; gcMs: number; gc: number }[]> = { [nameA]: [], [nameB]: [] };
const measure = async (name: string, seconds: number) => {
  const s = servers[name]!;
  const a = await stats(s.process);
  const load = await runWrk({ url: url(s.port), headers: { "If-None-Match": etag }, connections: CONNECTIONS, threads: 1, seconds, expectedStatus: 304, expectedLength: 0 });
  const b = await stats(s.process);
  const n = Math.max(1, load.requests);
  return { rps: load.perSecond, cpu: (b.cpuMicros - a.cpuMicros) / n, user: (b.userMicros - a.userMicros) / n, sys: (b.systemMicros - a.systemMicros) / n, gcMs: b.gcMs - a.gcMs, gc: b.gcCount - a.gcCount, bad: load.unexpected + load.errors.status };
};
await measure(nameA, 1);
await measure(nameB, 1);
for (let i = 0; i < PAIRS; i++) {
  const order = i % 2 ? [nameB, nameA] : [nameA, nameB];
  const got: Record<string, Awaited<ReturnType<typeof measure>>> = {};
  for (const name of order) {
    got[name] = await measure(name, SECONDS);
    rows[name]!.push(got[name]!);
  }
  const f = (r: Awaited<ReturnType<typeof measure>>) => `${Math.round(r.rps)}/s cpu ${r.cpu.toFixed(1)} (u ${r.user.toFixed(1)} s ${r.sys.toFixed(1)}) gc ${r.gcMs.toFixed(0)}ms/${r.gc}${r.bad ? ` BAD ${r.bad}` : ""}`;
  console.log(`pair ${i} ${order.join("→")}: ${nameA} ${f(got[nameA]!)} | ${nameB} ${f(got[nameB]!)} | ratio ${(got[nameB]!.rps / got[nameA]!.rps).toFixed(2)}`);
}
if (PAIRS > 0) for (const k of ["rps", "cpu", "user", "sys", "gcMs"] as const) {
  console.log(`median ${k}: ${nameA} ${median(rows[nameA]!.map((r) => r[k])).toFixed(1)} ${nameB} ${median(rows[nameB]!.map((r) => r[k])).toFixed(1)}`);
}
if (PAIRS > 0) console.log(`median of pair ratios ${nameB}/${nameA}: ${median(rows[nameB]!.map((r, i) => r.rps / rows[nameA]![i]!.rps)).toFixed(2)}; second run of a pair / first: ${median(rows[nameA]!.map((_, i) => (i % 2 ? rows[nameA]![i]!.rps / rows[nameB]![i]!.rps : rows[nameB]![i]!.rps / rows[nameA]![i]!.rps))).toFixed(2)}`);
if (process.env.HOLD) {
  console.log(`HOLD: ${Object.entries(servers).map(([n, s]) => `${n} pid ${s.process.pid} port ${s.port}`).join(", ")}, etag ${etag}`);
  await new Promise((r) => setTimeout(r, Number(process.env.HOLD) * 1000));
}
for (const s of new Set(Object.values(servers))) s.process.kill();
await dynamo.close();
process.exit(0);
